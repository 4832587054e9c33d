/**
 * Derivations benchmark. Method and results: BENCHMARKS.md.
 *
 *   npm run bench:derivations -- [--events 1000000] [--chargers 1000] [--readings 8]
 *
 * 1. Input: a fresh topic prefix with the whole catalog; a station and a tariff per charger on the registry topics;
 *    `events` charger events on `charger.events`: sessions of a start, `readings` meter samples and an end, per
 *    charger in time order.
 * 2. Reference, same run: the exactly-once pass-through processor (benchmarks/src/pass-through-processor.ts) copies
 *    the same events to a scratch topic: the runtime's cost without any derivation.
 * 3. Derivation: `vz replay --prefix` (apps/cli) runs the five stages one after the other — sessions, settlements,
 *    rewards-rate, rewards, rewards-mint — each with exactly-once on, from the pre-filled input; its progress lines give
 *    each stage's records and time (start to its last record). Settled sessions per second = sessions / (sessions +
 *    settlements stage time); rewarded sessions per second adds the three rewards stages. Replay time = the command's.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  Admin,
  compatibilityPartitioner,
  Consumer,
  FetchIsolationLevels,
  MessagesStreamModes,
  Producer,
} from '@platformatic/kafka';
import { applyCatalog } from '@vz/kafka';
import {
  AvroCodec,
  type ChargerEvent,
  loadSchemaSet,
  SchemaRegistryClient,
  type Station,
  type Tariff,
  topics,
} from '@vz/schemas';
import { sampleSessionEvents, sampleStation, sampleTariff } from '@vz/testing';
import { localKafka } from './local-kafka.ts';
import type { PassThroughSettings } from './pass-through-processor.ts';
import { InternalError, TimeoutError } from '@vz/core';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    chargers: { type: 'string', default: '1000' },
    readings: { type: 'string', default: '8' },
  },
});
const eventsWanted = Number(values.events);
const chargers = Number(values.chargers);
const readings = Number(values.readings);
const perSession = readings + 2;
const sessionsPerCharger = Math.max(1, Math.floor(eventsWanted / chargers / perSession));
const events = sessionsPerCharger * chargers * perSession;
const sessions = sessionsPerCharger * chargers;

const kafka = localKafka();
const prefix = `bench.derive.${Date.now()}.`;
const repository = resolve(import.meta.dirname, '../..');
const epoch = Date.parse('2026-11-02T06:00:00Z');

const chargerId = (c: number) => `CP-DERIVE-${String(c).padStart(5, '0')}`;

const tariff = sampleTariff(
  'BENCH',
  [
    { type: 'ENERGY', priceMinor: 35, vatBasisPoints: null },
    { type: 'PARKING_TIME', priceMinor: 5, vatBasisPoints: null },
    { type: 'FLAT', priceMinor: 50, vatBasisPoints: null },
  ],
  { vatBasisPoints: 2_100 },
);

async function fill(): Promise<void> {
  const codec = new AvroCodec(new SchemaRegistryClient(kafka.registryUrl), loadSchemaSet());
  const bind = <Value>(spec: { name: string; valueSchema: string }) =>
    codec.bind<Value>(`${prefix}${spec.name}`, spec.valueSchema);
  const input = await bind<ChargerEvent>(topics.chargerEvents);
  const stations = await bind<Station>(topics.registryStations);
  const tariffs = await bind<Tariff>(topics.registryTariffs);
  const producer = new Producer({
    clientId: 'vz-bench-fill',
    bootstrapBrokers: [kafka.bootstrap],
    partitioner: compatibilityPartitioner,
    acks: -1,
  });
  try {
    await producer.send({
      messages: [{ topic: tariffs.topic, key: Buffer.from('BENCH'), value: tariffs.encode(tariff) }],
    });
    for (let c = 0; c < chargers; c += 200) {
      await producer.send({
        messages: Array.from({ length: Math.min(200, chargers - c) }, (_, i) => {
          const station = sampleStation(chargerId(c + i), { tariffIds: ['BENCH'] });
          return { topic: stations.topic, key: Buffer.from(station.stationId), value: stations.encode(station) };
        }),
      });
    }
    // Round-robin over the chargers so every partition fills evenly; each charger's own events stay in order.
    const generators = Array.from({ length: chargers }, (_, c) =>
      sampleSessionEvents(chargerId(c), {
        sessions: sessionsPerCharger,
        readings,
        startAt: epoch + c * 1_000,
        registerWh: 100_000 * c,
      }),
    );
    let batch: { topic: string; key: Buffer; value: Buffer }[] = [];
    for (let step = 0; step < sessionsPerCharger * perSession; step += 1) {
      for (const generator of generators) {
        const next = generator.next();
        if (next.done === true) continue;
        batch.push({ topic: input.topic, key: Buffer.from(next.value.chargerId), value: input.encode(next.value) });
        if (batch.length >= 2_000) {
          await producer.send({ messages: batch });
          batch = [];
        }
      }
    }
    if (batch.length > 0) await producer.send({ messages: batch });
  } finally {
    await producer.close();
  }
}

async function passThrough(): Promise<{ seconds: number; recordsPerSecond: number }> {
  const outputTopic = `${prefix}pass-through.out`;
  const admin = new Admin({ clientId: 'vz-bench-admin', bootstrapBrokers: [kafka.bootstrap] });
  await admin.createTopics({ topics: [outputTopic], partitions: topics.chargerEvents.partitions, replicas: 1 });
  await admin.close();
  const codec = new AvroCodec(new SchemaRegistryClient(kafka.registryUrl), loadSchemaSet());
  await codec.registerAndBind(outputTopic, topics.chargerEvents.valueSchema);
  const consumer = new Consumer({
    clientId: 'vz-bench-reader',
    bootstrapBrokers: [kafka.bootstrap],
    groupId: `${prefix}reader`,
    isolationLevel: FetchIsolationLevels.READ_COMMITTED,
    autocommit: false,
  });
  const stream = await consumer.consume({ topics: [outputTopic], mode: MessagesStreamModes.EARLIEST, maxWaitTime: 20 });
  let seen = 0;
  let firstAt = 0;
  let lastAt = 0;
  stream.on('data', () => {
    seen += 1;
    if (firstAt === 0) firstAt = performance.now();
    lastAt = performance.now();
  });
  const settings: PassThroughSettings = {
    kafka,
    application: `${prefix}pass-through`,
    inputTopic: `${prefix}${topics.chargerEvents.name}`,
    outputTopic,
    maxRecords: 5_000,
  };
  const child = spawn(process.execPath, [join(import.meta.dirname, 'pass-through-processor.ts')], {
    env: { ...process.env, PASS_THROUGH: JSON.stringify(settings) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const started = performance.now();
  try {
    while (seen < events) {
      if (performance.now() - started > 900_000)
        throw new TimeoutError(`pass-through: ${seen} of ${events} after 900 s`);
      await sleep(50);
    }
  } finally {
    child.kill('SIGTERM');
    await stream.close();
    await consumer.close(true);
  }
  const seconds = (lastAt - firstAt) / 1_000;
  return { seconds: Math.round(seconds * 10) / 10, recordsPerSecond: Math.round(events / seconds) };
}

interface StageResult {
  readonly records: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
}

async function replay(): Promise<{ stages: Record<string, StageResult>; seconds: number; peakRssMiB: number }> {
  const child = spawn(
    process.execPath,
    [
      join(repository, 'apps/cli/src/cli.ts'),
      'replay',
      '--prefix',
      prefix,
      '--bootstrap',
      kafka.bootstrap,
      '--registry',
      kafka.registryUrl,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    process.stderr.write(chunk);
  });
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  if (code !== 0) throw new InternalError(`vz replay exited with ${code}`);
  const stages: Record<string, StageResult> = {};
  for (const match of output.matchAll(/^([\w-]+): (\d+) records in ([\d.]+) s \((\d+)\/s\), done$/gm)) {
    const [, name = '', records = '0', seconds = '0', perSecond = '0'] = match;
    stages[name] = { records: Number(records), seconds: Number(seconds), recordsPerSecond: Number(perSecond) };
  }
  const summary = /replayed in ([\d.]+) s: .* \(peak RSS (\d+) MiB\)/.exec(output);
  return { stages, seconds: Number(summary?.[1] ?? Number.NaN), peakRssMiB: Number(summary?.[2] ?? Number.NaN) };
}

await applyCatalog({ kafka, registry: new SchemaRegistryClient(kafka.registryUrl), schemas: loadSchemaSet(), prefix });
console.error(
  `filling ${prefix}: ${events} charger events (${sessions} sessions of ${perSession} events, ${chargers} chargers)`,
);
const fillStarted = performance.now();
await fill();
console.error(`filled in ${Math.round((performance.now() - fillStarted) / 1_000)} s; reference: pass-through`);
const reference = await passThrough();
console.error(`pass-through: ${JSON.stringify(reference)}; derivation: vz replay`);
const derivation = await replay();
const seconds = (...names: string[]) =>
  names.reduce((sum, name) => sum + (derivation.stages[name]?.seconds ?? Number.NaN), 0);
const settledSeconds = seconds('sessions', 'settlements');
const rewardedSeconds = seconds('sessions', 'settlements', 'rewards-rate', 'rewards', 'rewards-mint');
const sessionsStage = derivation.stages['sessions'];
console.log(
  JSON.stringify(
    {
      events,
      sessions,
      chargers,
      passThrough: reference,
      stages: derivation.stages,
      settledSessionsPerSecond: Math.round(sessions / settledSeconds),
      rewardedSessionsPerSecond: Math.round(sessions / rewardedSeconds),
      replaySeconds: derivation.seconds,
      replayPeakRssMiB: derivation.peakRssMiB,
      sessionsStageToPassThroughRatio:
        sessionsStage === undefined
          ? null
          : Math.round((sessionsStage.recordsPerSecond / reference.recordsPerSecond) * 100) / 100,
    },
    null,
    2,
  ),
);
