// The benchmark's processor, as its own process (like a deployed stream): copies charger events from one topic to
// another with exactly-once on. Settings come as JSON in PASS_THROUGH.
import { Registry } from 'prom-client';
import { createLogger } from '@vz/core';
import { type KafkaConfig, outputRecord, Processor } from '@vz/kafka';
import { AvroCodec, type ChargerEvent, loadSchemaSet, SchemaRegistryClient } from '@vz/schemas';

export interface PassThroughSettings {
  readonly kafka: KafkaConfig;
  readonly application: string;
  readonly inputTopic: string;
  readonly outputTopic: string;
  readonly maxRecords: number;
}

const settings = JSON.parse(process.env['PASS_THROUGH'] ?? '{}') as PassThroughSettings;
const logger = createLogger('pass-through', { level: process.env['PASS_THROUGH_LOG'] === 'debug' ? 'debug' : 'warn' });
const codec = new AvroCodec(new SchemaRegistryClient(settings.kafka.registryUrl), loadSchemaSet());
const input = await codec.bind<ChargerEvent>(settings.inputTopic, 'vz.charger.ChargerEvent');
const output = await codec.bind<ChargerEvent>(settings.outputTopic, 'vz.charger.ChargerEvent');
const processor = new Processor<ChargerEvent>({
  application: settings.application,
  instanceId: 'bench',
  kafka: settings.kafka,
  codec,
  inputs: [input],
  logger,
  metricsRegistry: new Registry(),
  batch: { maxRecords: settings.maxRecords, lingerMs: 5 },
  process: (record) => ({ outputs: [outputRecord(output, record.key ?? '', record.value)] }),
});
process.once('SIGTERM', () => void processor.stop());
await processor.start();
