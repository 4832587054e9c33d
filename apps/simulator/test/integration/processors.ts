import type { Logger } from '@vz/core';
import { type KafkaConfig, Processor, type ProcessorOptions } from '@vz/kafka';
import type { AvroCodec } from '@vz/schemas';
import type { Isolation } from '@vz/testing';
import { Registry } from 'prom-client';

/** A processor of this test's isolation: its group and internal topics carry the isolation's prefix. */
export function isolatedProcessor<Input, State>(
  context: {
    readonly isolation: Isolation;
    readonly kafka: KafkaConfig;
    readonly codec: AvroCodec;
    readonly logger: Logger;
  },
  application: string,
  parts: Pick<ProcessorOptions<Input, State>, 'inputs' | 'store' | 'process'>,
): Processor<Input, State> {
  return new Processor<Input, State>({
    ...parts,
    application: `${context.isolation.topicPrefix}${application}`,
    instanceId: 'test-0',
    kafka: context.kafka,
    codec: context.codec,
    logger: context.logger,
    metricsRegistry: new Registry(),
    batch: { maxRecords: 500, lingerMs: 20 },
  });
}
