/**
 * The producer ceiling of this machine's local Kafka: Kafka's own ProducerPerformance with default producer settings
 * (idempotent) and acks=all, into a fresh 6-partition topic that is deleted afterwards.
 *
 *   node_modules/.bin/node benchmarks/src/producer-performance-main.ts [--records 1000000] [--record-size 300]
 */
import { parseArgs } from 'node:util';
import { Admin } from '@platformatic/kafka';
import { endpointsOf, loadLocalConfig } from '@vz/local';
import { runProducerPerformance } from './producer-performance.ts';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    'record-size': { type: 'string', default: '300' },
    partitions: { type: 'string', default: '6' },
  },
});
const records = Number(values.records);
const recordSize = Number(values['record-size']);
const partitions = Number(values.partitions);

const bootstrap = endpointsOf(loadLocalConfig()).kafka.bootstrap;
const topic = `bench.ceiling.${Date.now()}`;
const admin = new Admin({ clientId: 'vz-benchmarks', bootstrapBrokers: [bootstrap] });
try {
  await admin.createTopics({ topics: [topic], partitions, replicas: 1 });
  try {
    const started = performance.now();
    const result = await runProducerPerformance({ bootstrap, topic, records, recordSize, acks: 'all' });
    const wallSeconds = Math.round((performance.now() - started) / 10) / 100;
    console.log(
      JSON.stringify({ topic, partitions, records, recordSize, acks: 'all', wallSeconds, ...result }, null, 2),
    );
  } finally {
    await admin.deleteTopics({ topics: [topic] });
  }
} finally {
  await admin.close();
}
