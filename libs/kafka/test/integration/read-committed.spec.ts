import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Consumer,
  FetchIsolationLevels,
  MessagesStreamModes,
  Producer,
  stringDeserializers,
  stringSerializers,
} from '@platformatic/kafka';
import { createIsolation, type Isolation } from '@vz/testing';

// A read_committed consumer must never see a record of an aborted transaction (KIP-98). @platformatic/kafka 2.12.1
// filtered aborted transactions by producer id in a Map, which lost all but the last aborted transaction of a
// producer in one fetch response, and delivered aborted records whose abort marker was not in the same response.
// Both happen in production: a transactional.id is stable across restarts, so one producer id aborts again and again.
// The fix lives in patches/@platformatic+kafka+2.12.1.patch.

let isolation: Isolation;

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
});

afterAll(async () => {
  await isolation.close();
});

/**
 * A transactional producer as a freshly started process has it. `producerId: -1n, producerEpoch: -1` are what
 * InitProducerId must carry when the client has no producer id yet; @platformatic/kafka 2.12.1 sends 0 and 0 unless
 * told otherwise, and the coordinator answers PRODUCER_FENCED to that for a transactional id it already knows, so a
 * restarted producer could not initialize at all without these two options.
 */
function transactionalProducer(transactionalId: string): Producer<string, string, string, string> {
  return new Producer({
    clientId: 'test-transactional',
    bootstrapBrokers: [isolation.endpoints.kafka.bootstrap],
    serializers: stringSerializers,
    idempotent: true,
    transactionalId,
    producerId: -1n,
    producerEpoch: -1,
  });
}

/** One transaction of `producer` writing `values` to `topic`, then committed or aborted. */
async function transaction(
  producer: Producer<string, string, string, string>,
  topic: string,
  values: string[],
  outcome: 'commit' | 'abort',
): Promise<void> {
  const tx = await producer.beginTransaction();
  await tx.send({ messages: values.map((value) => ({ topic, value })) });
  await (outcome === 'commit' ? tx.commit() : tx.abort());
}

interface ReadOptions {
  isolationLevel?: number;
  /** Fetch limits; small ones split aborted records and their abort marker over several fetch responses. */
  maxBytes?: number;
  maxBytesPerPartition?: number;
}

/**
 * Reads a one-partition topic from the start with a fresh group until `last` arrived (or 20 s passed) and returns
 * every value seen, in order. Records written after `last` are not expected in these tests.
 */
async function readUntil(topic: string, last: string, options: ReadOptions = {}): Promise<string[]> {
  const consumer = new Consumer({
    clientId: 'test-reader',
    groupId: `${isolation.id}-${Math.random().toString(36).slice(2)}`,
    bootstrapBrokers: [isolation.endpoints.kafka.bootstrap],
    deserializers: stringDeserializers,
    isolationLevel: options.isolationLevel ?? FetchIsolationLevels.READ_COMMITTED,
    retries: 0,
  });
  try {
    const stream = await consumer.consume({
      topics: [topic],
      mode: MessagesStreamModes.EARLIEST,
      autocommit: false,
      maxWaitTime: 200,
      maxBytes: options.maxBytes ?? 10_485_760,
      maxBytesPerPartition: options.maxBytesPerPartition ?? options.maxBytes ?? 10_485_760,
    });
    const values: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, 20_000);
      stream.on('error', reject);
      stream.on('data', (message: { value: string }) => {
        values.push(message.value);
        if (message.value === last) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    return values;
  } finally {
    await consumer.close(true);
  }
}

/**
 * One large fetch (everything in one response), fetches of 200 bytes (a record batch or two per response) and of
 * 1 byte (the broker still returns the first batch, so exactly one batch per response: every aborted batch arrives
 * without its abort marker).
 */
const fetchSizes: [string, ReadOptions][] = [
  ['one fetch response', { maxBytes: 10_485_760 }],
  ['fetch responses of 200 bytes', { maxBytes: 200, maxBytesPerPartition: 200 }],
  ['fetch responses of one batch', { maxBytes: 1, maxBytesPerPartition: 1 }],
];

describe('read_committed consumption of @platformatic/kafka', () => {
  describe('a producer which aborts several transactions', () => {
    let topic: string;
    // Larger than a fetch of 200 bytes: such a fetch returns it alone, and the next one starts with its abort marker
    // followed by 'c3' of the same producer, which must not be taken for part of the aborted transaction.
    const a3 = `a3${'.'.repeat(250)}`;

    beforeAll(async () => {
      topic = await isolation.createTopic('repeated-aborts');
      const producer = transactionalProducer(`${isolation.id}-repeated-aborts`);
      try {
        await transaction(producer, topic, ['c1'], 'commit');
        await transaction(producer, topic, ['a1', 'a2'], 'abort');
        await transaction(producer, topic, ['c2'], 'commit');
        await transaction(producer, topic, [a3], 'abort');
        await transaction(producer, topic, ['c3'], 'commit');
      } finally {
        await producer.close();
      }
    });

    it('wrote the aborted records to the log (read_uncommitted sees them)', async () => {
      expect(await readUntil(topic, 'c3', { isolationLevel: FetchIsolationLevels.READ_UNCOMMITTED })).toEqual([
        'c1',
        'a1',
        'a2',
        'c2',
        a3,
        'c3',
      ]);
    });

    it.each(fetchSizes)('delivers only committed records with %s', async (_name, options) => {
      expect(await readUntil(topic, 'c3', options)).toEqual(['c1', 'c2', 'c3']);
    });
  });

  describe('transactions aborted by the broker when a new producer with the same transactional id fences the old', () => {
    let topic: string;

    beforeAll(async () => {
      topic = await isolation.createTopic('fenced');
      const transactionalId = `${isolation.id}-fenced`;

      // First incarnation: commits, then "crashes" in the middle of a transaction.
      const first = transactionalProducer(transactionalId);
      await transaction(first, topic, ['c1'], 'commit');
      const open = await first.beginTransaction();
      await open.send({
        messages: [
          { topic, value: 'f1' },
          { topic, value: 'f2' },
        ],
      });
      await first.close();

      // Second incarnation: initializing fences the first (the coordinator aborts its transaction), then it
      // commits and "crashes" in the middle of a transaction too.
      const second = transactionalProducer(transactionalId);
      await transaction(second, topic, ['c2'], 'commit');
      const alsoOpen = await second.beginTransaction();
      await alsoOpen.send({ messages: [{ topic, value: 'f3' }] });
      await second.close();

      // Third incarnation fences the second.
      const third = transactionalProducer(transactionalId);
      try {
        await transaction(third, topic, ['c3'], 'commit');
      } finally {
        await third.close();
      }
    });

    it('wrote the fenced records to the log (read_uncommitted sees them)', async () => {
      expect(await readUntil(topic, 'c3', { isolationLevel: FetchIsolationLevels.READ_UNCOMMITTED })).toEqual([
        'c1',
        'f1',
        'f2',
        'c2',
        'f3',
        'c3',
      ]);
    });

    it.each(fetchSizes)('never delivers the records of a fenced producer with %s', async (_name, options) => {
      expect(await readUntil(topic, 'c3', options)).toEqual(['c1', 'c2', 'c3']);
    });
  });
});
