import {
  createLogger,
  createMetricsRegistry,
  createShutdown,
  type LoggingConfig,
  type Shutdown,
  type ObservabilityConfig,
  startObservabilityServer,
} from '@vz/core';
import { AvroCodec, loadSchemaSet, SchemaRegistryClient } from '@vz/schemas';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { KafkaConfig } from '../client/config.ts';
import { Processor, type ProcessorOptions } from './processor.ts';

/** What a processor deployable is configured with (the rest is its own section). */
export interface ProcessorServiceConfig {
  readonly logging: LoggingConfig;
  readonly http: ObservabilityConfig;
  readonly kafka: KafkaConfig;
}

/** The exit code of an instance another one fenced (same identity): a supervisor must not restart it blindly. */
export const FENCED_EXIT_CODE = 3;

type ProcessorParts<Input, State> = Omit<
  ProcessorOptions<Input, State>,
  'kafka' | 'codec' | 'logger' | 'metricsRegistry'
>;

/**
 * The stages of one deployable have different input and state types; the service only passes them on to their own
 * Processor, so it sees them with those types erased (the one cast, here).
 */
export type ProcessorStage = ProcessorParts<unknown, unknown>;
export function processorStage<Input, State>(parts: ProcessorParts<Input, State>): ProcessorStage {
  return parts as unknown as ProcessorStage;
}

/** What a deployable runs: a Processor, or a worker with the same life cycle (e.g. the anchoring worker). */
export interface ServiceWorker {
  /** Settles when the worker ends: resolved after `stop()`, rejected when it failed or was fenced. */
  start(): Promise<void>;
  /** Finishes the work in flight and ends. */
  stop(): Promise<void>;
  /** Ready: processing, not joining, restoring or between epochs. */
  readonly processing: boolean;
}

export interface ServiceContext {
  readonly codec: AvroCodec;
  readonly logger: Logger;
  readonly metricsRegistry: Registry;
  /** For what the workers read besides their inputs (e.g. reference data they follow): stopped after them. */
  readonly shutdown: Shutdown;
}

/**
 * Runs a deployable's workers: logger, registry-backed codec, /health and /metrics (ready while every worker is
 * processing), graceful shutdown on SIGTERM/SIGINT (the batches in flight commit), and an exit code that says why it
 * ended: 0 stopped, FENCED_EXIT_CODE fenced, 1 failed. `build` binds the topics and returns the workers.
 */
export async function runWorkerService(options: {
  readonly service: string;
  readonly config: ProcessorServiceConfig;
  readonly build: (context: ServiceContext) => Promise<readonly ServiceWorker[]>;
}): Promise<never> {
  const { service, config } = options;
  const logger = createLogger(service, config.logging);
  const shutdown = createShutdown(logger);
  shutdown.installSignalHandlers();
  const codec = new AvroCodec(new SchemaRegistryClient(config.kafka.registryUrl), loadSchemaSet());
  const metricsRegistry = createMetricsRegistry(service);
  const workers = await options.build({ codec, logger, metricsRegistry, shutdown });
  const observability = await startObservabilityServer({
    config: config.http,
    registry: metricsRegistry,
    readiness: {
      processors: async () =>
        workers.every((worker) => worker.processing)
          ? { healthy: true, detail: 'processing' }
          : { healthy: false, detail: 'joining the group or restoring state' },
    },
  });
  shutdown.register('observability', () => observability.close());
  shutdown.register('processors', async () => void (await Promise.all(workers.map((worker) => worker.stop()))));
  logger.info({ url: observability.url }, 'health and metrics');
  try {
    await Promise.all(workers.map((worker) => worker.start()));
    logger.info('stopped');
    return await new Promise<never>(() => undefined); // the shutdown hooks exit the process
  } catch (error) {
    logger.error({ err: error }, 'processor ended');
    logger.flush();
    // Exit now: a client timer left behind by a fenced session must not keep a dead instance alive.
    process.exit((error as { code?: string }).code === 'FENCED' ? FENCED_EXIT_CODE : 1);
  }
}

/**
 * Runs a deployable's processors (streams/*: usually one, or the stages of one derivation) as a worker service.
 * `build` binds the topics and returns the processors' options.
 */
export async function runProcessorService<Input, State>(options: {
  readonly service: string;
  readonly config: ProcessorServiceConfig;
  readonly build: (
    context: ServiceContext,
  ) => Promise<ProcessorParts<Input, State> | readonly ProcessorParts<Input, State>[]>;
}): Promise<never> {
  const { config } = options;
  return runWorkerService({
    service: options.service,
    config,
    build: async (context) => {
      const built = await options.build(context);
      return (Array.isArray(built) ? built : [built]).map(
        (parts: ProcessorParts<Input, State>) =>
          new Processor<Input, State>({
            ...parts,
            kafka: config.kafka,
            codec: context.codec,
            logger: context.logger,
            metricsRegistry: context.metricsRegistry,
          }),
      );
    },
  });
}
