import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Producer } from '@platformatic/kafka';
import { createLogger } from '@vz/core';
import { applyCatalog, type KafkaConfig, Processor } from '@vz/kafka';
import { type ChargerEvent, loadSchemaSet, SchemaRegistryClient, type TopicCodec, topics } from '@vz/schemas';
import { sessionsApplication, sessionsProcessor } from '@vz/stream-sessions';
import {
  sampleSessionEvents,
  createIsolation,
  type Isolation,
  readTopic,
  testCodec,
  testKafkaConfig,
} from '@vz/testing';
import { Registry } from 'prom-client';
import { replayDerivations } from '../../src/replay.ts';

// Replay: dropping every derived topic and changelog and deriving again from the inputs gives the same records.

const execFileAsync = promisify(execFile);
let isolation: Isolation;
let kafka: KafkaConfig;
const logger = createLogger('replay-test', { level: 'error' });

/** Charger events of `chargers` chargers with `sessions` sessions each: start, 5 readings, a duplicate, the end. */
function chargerEvents(chargers: number, sessions: number): ChargerEvent[] {
  return Array.from({ length: chargers }, (_, c) => [
    ...sampleSessionEvents(`REPLAY-${c}`, {
      sessions,
      readings: 5,
      startAt: Date.parse('2026-11-20T08:00:00Z'),
      registerWh: 10_000 * c,
      duplicateLastReading: true,
    }),
  ]).flat();
}

/** Every derived topic as key → the values written for it, in order, as bytes (hex). */
async function derivedRecords(expected: number): Promise<Map<string, Map<string, string[]>>> {
  const result = new Map<string, Map<string, string[]>>();
  for (const spec of [
    topics.chargingSessions,
    topics.chargingSessionsLatest,
    topics.billingSettlements,
    topics.rewardsVzp,
  ]) {
    const byKey = new Map<string, string[]>();
    const topic = `${isolation.topicPrefix}${spec.name}`;
    for (const message of await readTopic(isolation.endpoints.kafka.bootstrap, topic, expected, {
      timeoutMs: 60_000,
      settleMs: 1_500,
    })) {
      const key = message.key?.toString('utf8') ?? '';
      byKey.set(key, [...(byKey.get(key) ?? []), Buffer.from(message.value ?? []).toString('hex')]);
    }
    result.set(spec.name, byKey);
  }
  return result;
}

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  kafka = testKafkaConfig(isolation, 'test-replay');
  await applyCatalog({
    kafka,
    registry: new SchemaRegistryClient(kafka.registryUrl),
    schemas: loadSchemaSet(),
    prefix: isolation.topicPrefix,
  });
  const codec = testCodec(isolation);
  const events: TopicCodec<ChargerEvent> = await codec.bind(
    `${isolation.topicPrefix}${topics.chargerEvents.name}`,
    topics.chargerEvents.valueSchema,
  );
  const producer = new Producer({ clientId: 'test-replay', bootstrapBrokers: [isolation.endpoints.kafka.bootstrap] });
  await producer.send({
    messages: chargerEvents(6, 4).map((event) => ({
      topic: events.topic,
      key: Buffer.from(event.chargerId),
      value: events.encode(event),
    })),
  });
  await producer.close();
});

afterAll(async () => {
  await isolation.close();
});

describe('vz replay', () => {
  it('derives the same sessions and settlements again, record for record per key, from the command line', async () => {
    const progress: string[] = [];
    const first = await replayDerivations({
      kafka,
      codec: testCodec(isolation),
      logger,
      prefix: isolation.topicPrefix,
      onProgress: ({ stage, processed, done }) => progress.push(`${stage}:${processed}:${done}`),
    });
    // 6 chargers x 4 sessions x (start + 5 readings + duplicate + end); 24 sessions settled (no tariff: 0, flagged)
    // and rewarded.
    expect(first).toEqual({
      sessions: 6 * 4 * 8,
      settlements: expect.any(Number),
      'settlements-by-asset': 24,
      'asset-revenue': 0,
      'rewards-rate': 24,
      rewards: 24,
      'rewards-mint': 24,
    });
    expect(progress).toContain(`sessions:${6 * 4 * 8}:true`);
    const before = await derivedRecords(24);
    expect(before.get(topics.billingSettlements.name)?.size).toBe(24);
    expect(before.get(topics.rewardsVzp.name)?.size).toBe(24); // one idTag per session

    const { stdout } = await execFileAsync(process.execPath, [
      resolve(import.meta.dirname, '../../src/cli.ts'),
      'replay',
      '--bootstrap',
      isolation.endpoints.kafka.bootstrap,
      '--registry',
      kafka.registryUrl,
      '--prefix',
      isolation.topicPrefix,
    ]);
    expect(stdout).toMatch(/sessions: 192 records in [\d.]+ s \(\d+\/s\), done/);
    expect(stdout).toMatch(
      /replayed in [\d.]+ s: sessions 192, settlements \d+, settlements-by-asset 24, asset-revenue 0, rewards-rate 24, rewards 24, rewards-mint 24/,
    );
    const after = await derivedRecords(24);
    expect(after).toEqual(before);
  });

  it('refuses while a derivation is running in its group', async () => {
    const codec = testCodec(isolation);
    const running = new Processor({
      application: `${isolation.topicPrefix}${sessionsApplication}`,
      instanceId: 'deployed-0',
      kafka,
      codec,
      logger,
      metricsRegistry: new Registry(),
      ...sessionsProcessor({
        chargerEvents: await codec.bind(
          `${isolation.topicPrefix}${topics.chargerEvents.name}`,
          topics.chargerEvents.valueSchema,
        ),
        sessions: await codec.bind(
          `${isolation.topicPrefix}${topics.chargingSessions.name}`,
          topics.chargingSessions.valueSchema,
        ),
        latest: await codec.bind(
          `${isolation.topicPrefix}${topics.chargingSessionsLatest.name}`,
          topics.chargingSessionsLatest.valueSchema,
        ),
      }),
    });
    const loop = running.start();
    try {
      for (let waited = 0; !running.processing && waited < 30_000; waited += 200)
        await new Promise((r) => setTimeout(r, 200));
      await expect(
        replayDerivations({ kafka, codec, logger, prefix: isolation.topicPrefix, onProgress: () => undefined }),
      ).rejects.toThrow(/still has members: stop those deployables first/);
    } finally {
      await running.stop();
      await loop.catch(() => undefined);
    }
  });
});
