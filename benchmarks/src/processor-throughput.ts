/**
 * Exactly-once pass-through benchmark. Method and results: BENCHMARKS.md.
 *
 *   npm run bench -- [--records 300000] [--rate 20000] [--latency-seconds 15] [--batch 5000]
 *
 * 1. Throughput: N ChargerEvent records (~300 bytes of Avro) are produced into a 6-partition topic first; then the
 *    pass-through processor (its own process, transactions on) copies them to a 6-partition output topic, and a
 *    read_committed consumer counts them. Records/s = N / time from the first to the last committed output record.
 * 2. Latency: with the processor caught up, records are produced at a fixed rate, each carrying its send time;
 *    end-to-end latency = time a read_committed consumer sees the output record - send time.
 * 3. Ceiling: Kafka's ProducerPerformance sends N records of the same size into a fresh 6-partition topic (acks=all,
 *    idempotent), in the same run; the ratio compares our committed throughput with it.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  Admin,
  compatibilityPartitioner,
  Consumer,
  FetchIsolationLevels,
  type Message,
  MessagesStreamModes,
  Producer,
} from '@platformatic/kafka';
import {
  AvroCodec,
  type ChargerEvent,
  loadSchemaSet,
  SchemaRegistryClient,
  type TopicCodec,
  unsignedReading,
} from '@vz/schemas';
import { localKafka } from './local-kafka.ts';
import type { PassThroughSettings } from './pass-through-processor.ts';
import { runProducerPerformance } from './producer-performance.ts';
import { InternalError, TimeoutError } from '@vz/core';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '300000' },
    rate: { type: 'string', default: '20000' },
    'latency-seconds': { type: 'string', default: '15' },
    batch: { type: 'string', default: '5000' },
  },
});
const records = Number(values.records);
const rate = Number(values.rate);
const latencySeconds = Number(values['latency-seconds']);
const partitions = 6;
const chargers = 600;

const kafka = localKafka();
const run = `bench.eos.${Date.now()}`;
const inputTopic = `${run}.in`;
const outputTopic = `${run}.out`;
const ceilingTopic = `${run}.ceiling`;

/** A MeterSampled event of a charger: about 300 bytes of Avro with its 5-byte header. */
function sampleEvent(sequence: number, sentAt: number): ChargerEvent {
  const chargerId = `CP-BENCH-${String(sequence % chargers).padStart(5, '0')}`;
  const phase = (
    measurand: ChargerEvent['payload'] extends never ? never : string,
    value: number,
    unit: string,
    name: string,
  ) => ({
    measurand: measurand as never,
    value,
    unit: unit as never,
    phase: name,
    location: 'Outlet',
    context: 'Sample.Periodic',
    ...unsignedReading,
  });
  return {
    eventId: `${run}:${sequence}`,
    occurredAt: sentAt,
    causationId: `${run}:frame:${sequence}`,
    chargerId,
    protocol: 'OCPP201',
    receivedAt: sentAt,
    payload: {
      'vz.charger.MeterSampled': {
        transactionId: `tx-${Math.floor(sequence / chargers)}`,
        connectorId: 1,
        evseId: 1,
        samples: [
          phase('ENERGY_ACTIVE_IMPORT_REGISTER', 1_234_567 + sequence, 'WH', 'L1'),
          phase('POWER_ACTIVE_IMPORT', 22_000, 'W', 'L1'),
          phase('CURRENT_IMPORT', 31_500, 'MILLIAMPERE', 'L1'),
          phase('VOLTAGE', 230_000, 'MILLIVOLT', 'L1-N'),
          phase('SOC', 642, 'PERMILLE', 'L1'),
          phase('TEMPERATURE', 31_250, 'MILLIDEGREE_CELSIUS', 'L1'),
        ],
      },
    },
  } as ChargerEvent;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function produceAll(
  codec: TopicCodec<ChargerEvent>,
  from: number,
  count: number,
  sentAt: () => number,
): Promise<void> {
  const producer = new Producer({
    clientId: 'vz-bench-producer',
    bootstrapBrokers: [kafka.bootstrap],
    partitioner: compatibilityPartitioner,
    acks: -1,
  });
  try {
    for (let start = from; start < from + count; start += 2_000) {
      const size = Math.min(2_000, from + count - start);
      await producer.send({
        messages: Array.from({ length: size }, (_, index) => {
          const event = sampleEvent(start + index, sentAt());
          return { topic: codec.topic, key: Buffer.from(event.chargerId), value: codec.encode(event) };
        }),
      });
    }
  } finally {
    await producer.close();
  }
}

/** Counts committed output records; calls `onRecord` with each. Returns a stop function. */
async function watchOutput(onRecord: (message: Message) => void): Promise<() => Promise<void>> {
  const consumer = new Consumer({
    clientId: 'vz-bench-reader',
    bootstrapBrokers: [kafka.bootstrap],
    groupId: `${run}.reader`,
    isolationLevel: FetchIsolationLevels.READ_COMMITTED,
    autocommit: false,
  });
  const stream = await consumer.consume({ topics: [outputTopic], mode: MessagesStreamModes.EARLIEST, maxWaitTime: 20 });
  stream.on('data', onRecord);
  return async () => {
    await stream.close();
    await consumer.close(true);
  };
}

const admin = new Admin({ clientId: 'vz-bench-admin', bootstrapBrokers: [kafka.bootstrap] });
await admin.createTopics({ topics: [inputTopic, outputTopic, ceilingTopic], partitions, replicas: 1 });
const codec = new AvroCodec(new SchemaRegistryClient(kafka.registryUrl), loadSchemaSet());
const input = await codec.registerAndBind<ChargerEvent>(inputTopic, 'vz.charger.ChargerEvent');
await codec.registerAndBind<ChargerEvent>(outputTopic, 'vz.charger.ChargerEvent');
const recordBytes = input.encode(sampleEvent(0, Date.now())).length;
let processorProcess: ReturnType<typeof spawn> | undefined;
try {
  console.error(`producing ${records} records of ${recordBytes} bytes into ${inputTopic}`);
  await produceAll(input, 0, records, () => Date.now());

  // 1. Throughput.
  let seen = 0;
  let firstAt = 0;
  let lastAt = 0;
  const latencies: number[] = [];
  const output = await codec.bind<ChargerEvent>(outputTopic, 'vz.charger.ChargerEvent');
  let measuringLatency = false;
  const stopWatching = await watchOutput((message) => {
    const now = Date.now();
    seen += 1;
    if (firstAt === 0) firstAt = performance.now();
    lastAt = performance.now();
    if (measuringLatency) {
      void output.decode(message.value, message).then((event) => {
        if (event.eventId.includes(':latency:')) latencies.push(now - event.occurredAt);
      });
    }
  });
  const settings: PassThroughSettings = {
    kafka,
    application: `${run}.pass-through`,
    inputTopic,
    outputTopic,
    maxRecords: Number(values.batch),
  };
  const started = performance.now();
  processorProcess = spawn(process.execPath, [join(import.meta.dirname, 'pass-through-processor.ts')], {
    env: { ...process.env, PASS_THROUGH: JSON.stringify(settings) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  while (seen < records) {
    if (performance.now() - started > 600_000) throw new TimeoutError(`only ${seen} of ${records} records after 600 s`);
    await sleep(50);
  }
  const seconds = (lastAt - firstAt) / 1000;
  const throughput = { records, recordBytes, seconds: round(seconds), recordsPerSecond: Math.round(records / seconds) };
  console.error(`throughput: ${JSON.stringify(throughput)}`);

  // 2. End-to-end latency at a fixed rate, the processor caught up.
  measuringLatency = true;
  const latencyRecords = rate * latencySeconds;
  const producer = new Producer({
    clientId: 'vz-bench-paced',
    bootstrapBrokers: [kafka.bootstrap],
    partitioner: compatibilityPartitioner,
    acks: -1,
  });
  const perTick = Math.max(1, Math.round(rate / 100));
  const pacedStart = performance.now();
  for (let sent = 0; sent < latencyRecords; sent += perTick) {
    const due = pacedStart + (sent / rate) * 1000;
    if (due > performance.now()) await sleep(due - performance.now());
    await producer.send({
      messages: Array.from({ length: Math.min(perTick, latencyRecords - sent) }, (_, index) => {
        const event = { ...sampleEvent(records + sent + index, Date.now()), eventId: `${run}:latency:${sent + index}` };
        return { topic: input.topic, key: Buffer.from(event.chargerId), value: input.encode(event) };
      }),
    });
  }
  const offeredRate = Math.round(latencyRecords / ((performance.now() - pacedStart) / 1000));
  await producer.close();
  while (latencies.length < latencyRecords) {
    if (performance.now() - pacedStart > 600_000)
      throw new InternalError(`only ${latencies.length} of ${latencyRecords} latencies`);
    await sleep(50);
  }
  await stopWatching();
  const sorted = [...latencies].sort((a, b) => a - b);
  const latency = {
    rate,
    offeredRate,
    records: latencyRecords,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1),
    firstSecondP99Ms: percentile(
      [...latencies.slice(0, rate)].sort((a, b) => a - b),
      99,
    ),
    afterFirstSecondP99Ms: percentile(
      [...latencies.slice(rate)].sort((a, b) => a - b),
      99,
    ),
  };
  console.error(`latency: ${JSON.stringify(latency)}`);

  // 3. The machine's ceiling, same run: Kafka's own producer, same record count and size.
  const ceiling = await runProducerPerformance({
    bootstrap: kafka.bootstrap,
    topic: ceilingTopic,
    records,
    recordSize: recordBytes,
    acks: 'all',
  });
  const { raw: _raw, ...ceilingSummary } = ceiling;
  console.log(
    JSON.stringify(
      {
        throughput,
        latency,
        ceiling: ceilingSummary,
        ratio: round(throughput.recordsPerSecond / ceiling.recordsPerSecond),
      },
      null,
      2,
    ),
  );
} finally {
  processorProcess?.kill('SIGTERM');
  await admin.deleteTopics({ topics: [inputTopic, outputTopic, ceilingTopic] }).catch(() => undefined);
  await admin.close();
}
