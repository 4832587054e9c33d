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

/**
 * Runs one processor as a deployable (streams/*): logger, registry-backed codec, /health and /metrics (ready while
 * processing), graceful shutdown on SIGTERM/SIGINT (the batch in flight commits), and an exit code that says why it
 * ended: 0 stopped, FENCED_EXIT_CODE fenced, 1 failed. `build` binds the topics and returns the processor's options.
 */
export async function runProcessorService<Input, State>(options: {
  readonly service: string;
  readonly config: ProcessorServiceConfig;
  readonly build: (context: {
    readonly codec: AvroCodec;
    readonly logger: Logger;
    /** For what the processor reads besides its inputs (e.g. reference data it follows): stopped after it. */
    readonly shutdown: Shutdown;
  }) => Promise<Omit<ProcessorOptions<Input, State>, 'kafka' | 'codec' | 'logger' | 'metricsRegistry'>>;
}): Promise<never> {
  const { service, config } = options;
  const logger = createLogger(service, config.logging);
  const shutdown = createShutdown(logger);
  shutdown.installSignalHandlers();
  const codec = new AvroCodec(new SchemaRegistryClient(config.kafka.registryUrl), loadSchemaSet());
  const metricsRegistry = createMetricsRegistry(service);
  const processor = new Processor<Input, State>({
    ...(await options.build({ codec, logger, shutdown })),
    kafka: config.kafka,
    codec,
    logger,
    metricsRegistry,
  });
  const observability = await startObservabilityServer({
    config: config.http,
    registry: metricsRegistry,
    readiness: {
      processor: async () =>
        processor.processing
          ? { healthy: true, detail: 'processing' }
          : { healthy: false, detail: 'joining the group or restoring state' },
    },
  });
  shutdown.register('observability', () => observability.close());
  shutdown.register('processor', () => processor.stop());
  logger.info({ url: observability.url }, 'health and metrics');
  try {
    await processor.start();
    logger.info('stopped');
    return await new Promise<never>(() => undefined); // the shutdown hooks exit the process
  } catch (error) {
    logger.error({ err: error }, 'processor ended');
    logger.flush();
    // Exit now: a client timer left behind by a fenced session must not keep a dead instance alive.
    process.exit((error as { code?: string }).code === 'FENCED' ? FENCED_EXIT_CODE : 1);
  }
}
