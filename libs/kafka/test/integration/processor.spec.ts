import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AvroCodec,
  avroDirectory,
  type DeadLetter,
  loadSchemaSet,
  SchemaRegistryClient,
  type TopicCodec,
} from '@vz/schemas';
import { createIsolation, type Isolation } from '@vz/testing';
import type { KafkaConfig } from '../../src/index.ts';
import { type CounterValue, type Increment, testAvroDirectory } from '../fixtures/counting-types.ts';
import {
  kafkaConfigOf,
  partitionsByInstance,
  kill,
  killAllProcessors,
  produce,
  readCommitted,
  startCountingProcessor,
} from '../fixtures/harness.ts';

const partitions = 6;
let isolation: Isolation;
let kafka: KafkaConfig;
let codec: AvroCodec;

interface Topics {
  application: string;
  input: TopicCodec<Increment>;
  output: TopicCodec<CounterValue>;
}

/** A fresh input and output topic pair with registered schemas, for one test. */
async function topicsFor(name: string): Promise<Topics> {
  const inputTopic = await isolation.createTopic(`${name}.increments`, partitions);
  const outputTopic = await isolation.createTopic(`${name}.counters`, partitions);
  return {
    application: `${isolation.topicPrefix}${name}`,
    input: await codec.registerAndBind<Increment>(inputTopic, 'vz.test.Increment'),
    output: await codec.registerAndBind<CounterValue>(outputTopic, 'vz.test.CounterValue'),
  };
}

function increments(
  counters: number,
  perCounter: number,
  runId: string,
  offset = 0,
): Array<{ key: string; value: Increment }> {
  const records: Array<{ key: string; value: Increment }> = [];
  for (let round = offset; round < offset + perCounter; round += 1) {
    for (let counter = 0; counter < counters; counter += 1) {
      const key = `counter-${counter}`;
      records.push({
        key,
        value: {
          eventId: `${runId}-${key}-${round}`,
          occurredAt: 1_700_000_000_000 + round,
          causationId: runId,
          counter: key,
          amount: round + 1,
          failTimes: 0,
        },
      });
    }
  }
  return records;
}

/** Every counter must show increments 1..n exactly once, in order, with the right totals: no loss, no duplicate. */
async function expectExactCounts(topics: Topics, counters: number, perCounter: number): Promise<void> {
  const messages = await readCommitted(kafka, topics.output.topic, counters * perCounter, {
    timeoutMs: 150_000,
    settleMs: 2_000,
  });
  const byCounter = new Map<string, CounterValue[]>();
  for (const message of messages) {
    const value = await topics.output.decode(message.value, message);
    byCounter.set(value.counter, [...(byCounter.get(value.counter) ?? []), value]);
  }
  expect(messages).toHaveLength(counters * perCounter);
  expect(byCounter.size).toBe(counters);
  for (const values of byCounter.values()) {
    expect(values.map((value) => value.increments)).toEqual(
      Array.from({ length: perCounter }, (_, index) => index + 1),
    );
    expect(values.at(-1)?.total).toBe((perCounter * (perCounter + 1)) / 2);
  }
}

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  kafka = kafkaConfigOf(isolation.endpoints);
  codec = new AvroCodec(new SchemaRegistryClient(kafka.registryUrl), loadSchemaSet([avroDirectory, testAvroDirectory]));
});

afterAll(async () => {
  await killAllProcessors();
  await isolation.close();
});

describe('exactly-once processor', () => {
  it('counts exactly once while being SIGKILLed at random instants and restarted (20+ kills)', async () => {
    const topics = await topicsFor('chaos');
    const counters = 24;
    const rounds = 60;
    const settings = {
      kafka,
      application: topics.application,
      instanceId: 'solo',
      inputTopic: topics.input.topic,
      outputTopic: topics.output.topic,
      maxRecords: 50,
    };
    // Input keeps arriving while the processor is killed, so kills land mid-batch, mid-transaction and mid-restore.
    const producing = (async () => {
      for (let round = 0; round < rounds; round += 1) {
        await produce(kafka, topics.input, increments(counters, 1, 'chaos', round));
        await sleep(250);
      }
    })();
    let kills = 0;
    const deadline = Date.now() + 120_000;
    while (kills < 22 && Date.now() < deadline) {
      const running = startCountingProcessor(settings);
      // Half the kills land while it starts (joining, fencing, restoring), half while it processes batches.
      if (kills % 2 === 1) await running.processing;
      await sleep(Math.floor(Math.random() * 1_500));
      const code = await kill(running);
      expect(code).toBeNull(); // it was still running: killed, not crashed
      kills += 1;
    }
    expect(kills).toBeGreaterThanOrEqual(20);
    await producing;
    const survivor = startCountingProcessor(settings);
    try {
      await expectExactCounts(topics, counters, rounds);
    } finally {
      await kill(survivor, 'SIGTERM');
    }
  });

  it('splits partitions between two instances and hands a dead one’s partitions and state to the other', async () => {
    const topics = await topicsFor('handover');
    const counters = 30;
    const base = {
      kafka,
      application: topics.application,
      inputTopic: topics.input.topic,
      outputTopic: topics.output.topic,
      sessionTimeoutMs: 6_000,
    };
    const first = startCountingProcessor({ ...base, instanceId: 'a' });
    const second = startCountingProcessor({ ...base, instanceId: 'b' });
    try {
      await Promise.all([first.processing, second.processing]);
      await produce(kafka, topics.input, increments(counters, 10, 'handover', 0));
      await readCommitted(kafka, topics.output.topic, counters * 10);
      const split = await partitionsByInstance(kafka, topics.application);
      expect(split.get('a')?.length).toBeGreaterThan(0);
      expect(split.get('b')?.length).toBeGreaterThan(0);
      expect([...(split.get('a') ?? []), ...(split.get('b') ?? [])].sort()).toEqual([0, 1, 2, 3, 4, 5]);
      await kill(first);
      await produce(kafka, topics.input, increments(counters, 10, 'handover', 10));
      // Counts continue from a's state on its partitions (restored by b from the changelog), exactly once.
      await expectExactCounts(topics, counters, 20);
      expect(await partitionsByInstance(kafka, topics.application)).toEqual(new Map([['b', [0, 1, 2, 3, 4, 5]]]));
    } finally {
      await Promise.all([kill(first), kill(second, 'SIGTERM')]);
    }
  });

  it('stops an instance cleanly when a newer one with the same identity fences it, and the newer one carries on', async () => {
    const topics = await topicsFor('fencing');
    const settings = {
      kafka,
      application: topics.application,
      instanceId: 'twin',
      inputTopic: topics.input.topic,
      outputTopic: topics.output.topic,
    };
    const older = startCountingProcessor(settings);
    await older.processing;
    await produce(kafka, topics.input, increments(4, 5, 'fencing', 0));
    await readCommitted(kafka, topics.output.topic, 20);
    const newer = startCountingProcessor(settings);
    try {
      await newer.processing;
      await produce(kafka, topics.input, increments(4, 5, 'fencing', 5));
      // The older one learns it was fenced at its next transaction or heartbeat, and exits with the FENCED code.
      const exit = await Promise.race([older.exited, sleep(60_000).then(() => 'still running after 60 s')]);
      expect(exit).toBe(3);
      await expectExactCounts(topics, 4, 10);
    } finally {
      await Promise.all([kill(older), kill(newer, 'SIGTERM')]);
    }
  });

  it('sends undecodable and rejected records to the DLQ with their reason, retries retriable failures, and keeps going', async () => {
    const topics = await topicsFor('poison');
    const running = startCountingProcessor({
      kafka,
      application: topics.application,
      instanceId: 'solo',
      inputTopic: topics.input.topic,
      outputTopic: topics.output.topic,
    });
    try {
      const good = (round: number, failTimes = 0) => ({
        key: 'counter-0',
        value: {
          eventId: `poison-${round}`,
          occurredAt: 1_700_000_000_000,
          causationId: 'poison',
          counter: 'counter-0',
          amount: 1,
          failTimes,
        },
      });
      await produce(kafka, topics.input, [
        good(0),
        { key: 'counter-0', raw: Buffer.from('{"not":"avro"}') },
        { key: 'counter-0', value: { ...good(1).value, eventId: 'poison-negative', amount: -5 } },
        good(1, 2),
        good(2),
      ]);
      const outputs = await readCommitted(kafka, topics.output.topic, 3);
      const values = await Promise.all(outputs.map((message) => topics.output.decode(message.value, message)));
      expect(values.map((value) => value.increments)).toEqual([1, 2, 3]);

      const deadLetterCodec = await codec.bind<DeadLetter>(`${topics.application}-dlq`, 'vz.platform.DeadLetter');
      const letters = await Promise.all(
        (await readCommitted(kafka, deadLetterCodec.topic, 2)).map((message) =>
          deadLetterCodec.decode(message.value, message),
        ),
      );
      expect(letters).toHaveLength(2);
      const [undecodable, rejected] = letters;
      expect(undecodable).toMatchObject({
        stage: 'DECODE',
        sourceTopic: topics.input.topic,
        errorCode: 'SCHEMA_DECODE_FAILED',
        attempts: 1,
      });
      expect(undecodable?.reason).toMatch(/magic byte/);
      expect(undecodable?.value?.toString()).toBe('{"not":"avro"}');
      expect(rejected).toMatchObject({ stage: 'PROCESS', errorCode: 'INPUT_INVALID', attempts: 1 });
      expect(rejected?.reason).toMatch(/amount -5 is negative/);
      expect(rejected?.sourceOffset).toBe((undecodable?.sourceOffset ?? 0) + 1);
    } finally {
      await kill(running, 'SIGTERM');
    }
  });
});
