import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MultipleErrors, Producer, ProtocolError } from '@platformatic/kafka';
import { createIsolation, type Isolation } from '@vz/testing';
import { createTransactionalProducer, type KafkaConfig, TransactionalProducer } from '../../src/index.ts';
import { kafkaConfigOf, readCommitted } from '../fixtures/harness.ts';

// A transactional producer must not be wedged by a failed transaction step. On the real broker a failed
// beginTransaction is forced with a transaction timeout above transaction.max.timeout.ms (InitProducerId answers
// INVALID_TRANSACTION_TIMEOUT); in production it was NOT_COORDINATOR while the transaction coordinator moved. A commit
// whose outcome is unknown cannot be forced on a broker: there the producer's commit and abort are made to fail
// before they are sent, and the broker holds the transaction open, as it would after a lost EndTxn.

let isolation: Isolation;
let kafka: KafkaConfig;

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  kafka = kafkaConfigOf(isolation.endpoints);
});

afterAll(async () => {
  await isolation.close();
});

/** A producer with `transactionalId` whose InitProducerId the broker refuses. */
function producerTheBrokerRefuses(transactionalId: string): Producer {
  return new Producer({
    clientId: 'test-refused',
    bootstrapBrokers: [kafka.bootstrap],
    idempotent: true,
    transactionalId,
    producerId: -1n,
    producerEpoch: -1,
    // Sent as InitProducerId's transaction timeout: above the broker's transaction.max.timeout.ms (15 min).
    timeout: 1_000_000,
    retries: 0,
  });
}

/** `producer`, whose transactions' commit and abort fail without reaching the coordinator. */
function losingEndTxn(producer: Producer): Producer {
  const begin = producer.beginTransaction.bind(producer);
  const lost = () => new MultipleErrors('endTransaction failed 51 times.', [new ProtocolError('NOT_COORDINATOR')]);
  const beginLosing = async () => {
    const transaction = await begin();
    return new Proxy(transaction, {
      get(target, property) {
        if (property === 'commit' || property === 'abort') return () => Promise.reject(lost());
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  return Object.assign(producer, { beginTransaction: beginLosing });
}

function values(messages: readonly { value: Buffer | undefined }[]): string[] {
  return messages.map((message) => String(message.value));
}

async function sendValue(producer: TransactionalProducer, topic: string, value: string) {
  return producer.transact(async (transaction) => {
    await transaction.send({ messages: [{ topic, value: Buffer.from(value) }] });
  });
}

/**
 * Runs `failedEpoch` (which ends with a failed step), then the next epoch: fence and commit `committed`. Returns
 * what a read_committed reader sees on `topic`.
 */
async function nextEpochAfter(
  producer: TransactionalProducer,
  topic: string,
  failedEpoch: () => Promise<void>,
): Promise<string[]> {
  try {
    await failedEpoch();
    await producer.fence();
    expect(await sendValue(producer, topic, 'committed')).toBeUndefined();
  } finally {
    await producer.close();
  }
  return values(await readCommitted(kafka, topic, 1));
}

describe('TransactionalProducer on the real broker', () => {
  it('@platformatic/kafka keeps the transaction of a failed beginTransaction (what wedged the anchoring worker)', async () => {
    const producer = producerTheBrokerRefuses(`${isolation.id}-library`);
    try {
      await expect(producer.beginTransaction()).rejects.toThrow('InitProducerId');
      await expect(producer.beginTransaction()).rejects.toThrow('There is already an active transaction.');
    } finally {
      await producer.close();
    }
  });

  it('fences again with a new producer after a failed initialization and commits', async () => {
    const topic = await isolation.createTopic('after-failed-init');
    const transactionalId = `${isolation.id}-after-failed-init`;
    const created: Producer[] = [];
    const producer = new TransactionalProducer(() => {
      const next =
        created.length === 0
          ? producerTheBrokerRefuses(transactionalId)
          : createTransactionalProducer(kafka, transactionalId);
      created.push(next);
      return next;
    });
    const seen = await nextEpochAfter(producer, topic, async () => {
      await expect(producer.fence()).rejects.toThrow('InitProducerId');
    });
    expect(created).toHaveLength(2);
    expect(seen).toEqual(['committed']);
  });

  it('aborts a failed transaction and commits the next on the same producer', async () => {
    const topic = await isolation.createTopic('after-abort');
    const producer = TransactionalProducer.of(kafka, `${isolation.id}-after-abort`);
    const seen = await nextEpochAfter(producer, topic, async () => {
      await producer.fence();
      const failed = await producer.transact(async (transaction) => {
        await transaction.send({ messages: [{ topic, value: Buffer.from('aborted') }] });
        throw new Error('the batch failed after its records were sent');
      });
      expect(failed).toMatchObject({ producerReplaced: false, inDoubt: false });
    });
    expect(seen).toEqual(['committed']);
  });

  it('after a commit in doubt, a new producer completes the open transaction and the next one commits', async () => {
    const topic = await isolation.createTopic('after-doubt');
    const transactionalId = `${isolation.id}-after-doubt`;
    let created = 0;
    const producer = new TransactionalProducer(() => {
      created += 1;
      const next = createTransactionalProducer(kafka, transactionalId);
      return created === 1 ? losingEndTxn(next) : next;
    });
    // In the next epoch, InitProducerId of the new producer aborts the transaction the broker still holds open.
    const seen = await nextEpochAfter(producer, topic, async () => {
      await producer.fence();
      expect(await sendValue(producer, topic, 'in-doubt')).toMatchObject({ producerReplaced: true, inDoubt: true });
    });
    expect(created).toBe(2);
    expect(seen).toEqual(['committed']);
  });
});
