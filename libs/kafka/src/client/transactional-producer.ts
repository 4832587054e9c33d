import { findErrorBy, Producer } from '@platformatic/kafka';
import { InternalError } from '@vz/core';
import type { KafkaConfig } from './config.ts';
import { idempotentProducerOptions } from './idempotent-producer.ts';

/**
 * An idempotent producer (idempotentProducerOptions), transactional, with the settings every exactly-once writer of
 * ours needs (the Processor, the anchoring worker, the chain listener). One transactional id per logical writer: a new
 * producer with the same id fences the old one and completes its open transaction (KIP-98).
 */
export function createTransactionalProducer(kafka: KafkaConfig, transactionalId: string): Producer {
  return new Producer({
    ...idempotentProducerOptions(kafka, 'producer'),
    transactionalId,
    // "No producer yet" in InitProducerId is -1/-1 (KIP-360). @platformatic/kafka 2.12.1 sends 0/0 unless told
    // otherwise, which the coordinator answers with PRODUCER_FENCED once the transactional id has a producer:
    // a restarted instance could never start again.
    producerId: -1n,
    producerEpoch: -1,
    // CONCURRENT_TRANSACTIONS answers the next AddPartitionsToTxn while the previous commit's markers are still being
    // written; the client's default 1 s retry delay turned that into 1 s stalls. Java retries it after 20 ms.
    retryDelay: 20,
    retries: 50,
  });
}

/**
 * Initializes a new transactional producer before anything is read: InitProducerId completes the open transaction of
 * a dead predecessor with the same transactional id (aborts it, or finishes its commit), so what is read next includes
 * everything it committed and nothing it did not (KIP-98). When it fails the producer is closed: @platformatic/kafka
 * 2.12.1 keeps the transaction a failed `beginTransaction` opened (it fails in FindCoordinator or InitProducerId, e.g.
 * NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS while the transaction coordinator moves), and every later
 * `beginTransaction` of that producer fails with "There is already an active transaction". Create a new one.
 */
export async function fencePredecessor(producer: Producer): Promise<void> {
  try {
    const transaction = await producer.beginTransaction();
    await transaction.cancel();
  } catch (error) {
    await producer.close().catch(() => undefined);
    throw error;
  }
}

type Transaction = NonNullable<Producer['transaction']>;

/** Why a transaction did not commit, and whether it may have committed all the same. */
export interface FailedTransaction {
  readonly error: unknown;
  /** Why the abort that followed failed, if it did. */
  readonly abortError?: unknown;
  /** The producer was closed (nothing to abort, or the abort failed): `fence()` creates the next one. */
  readonly producerReplaced: boolean;
  /**
   * The commit was sent and neither it nor an abort was confirmed: the transaction may have committed. Only the
   * offsets Kafka holds as committed tell, once the next `fence()` has completed it either way. (An abort that
   * succeeds settles it: the coordinator refuses to abort a transaction whose commit it accepted.)
   */
  readonly inDoubt: boolean;
}

/**
 * The transactional producer of one exactly-once writer (the Processor, the anchoring worker), which a failed
 * transaction step cannot wedge. @platformatic/kafka 2.12.1 forgets a producer's transaction only when an EndTxn (commit
 * or abort) succeeds: after a `beginTransaction` that failed, or a commit and then an abort that both failed, every
 * later `beginTransaction` fails with "There is already an active transaction". So a failed step is followed by an
 * abort, and when there is nothing to abort or the abort fails too the producer is closed: the next `fence()` creates
 * a new one with the same transactional id, whose InitProducerId bumps the epoch (the old producer is fenced) and
 * completes the transaction left open, aborting it or finishing a commit that reached the coordinator (KIP-98).
 * Either way the writer starts again from what is committed, so nothing is written twice or lost.
 */
export class TransactionalProducer {
  readonly #create: () => Producer;
  #producer: Producer | undefined;
  #fenced = false;

  /** `create` makes a producer with the writer's one transactional id (see createTransactionalProducer). */
  constructor(create: () => Producer) {
    this.#create = create;
  }

  static of(kafka: KafkaConfig, transactionalId: string): TransactionalProducer {
    return new TransactionalProducer(() => createTransactionalProducer(kafka, transactionalId));
  }

  /**
   * Before an epoch reads anything: creates and initializes a producer, unless the current one is initialized and no
   * transaction step failed since (see fencePredecessor). Throws when it fails; the next call starts afresh.
   */
  async fence(): Promise<void> {
    if (this.#fenced) return;
    const producer = (this.#producer ??= this.#create());
    try {
      await fencePredecessor(producer);
    } catch (error) {
      this.#producer = undefined;
      throw error;
    }
    this.#fenced = true;
  }

  /**
   * One transaction: `write` sends its records (and offsets), then it commits. Resolves undefined when committed, or
   * how it failed: aborted, or the producer replaced (then `fence()` must run before the next transaction, and the
   * epoch must end). Fencing errors (fencingErrorOf) are thrown: another instance owns this transactional id.
   */
  async transact(write: (transaction: Transaction) => Promise<void>): Promise<FailedTransaction | undefined> {
    const producer = this.#producer;
    if (!this.#fenced || producer === undefined) throw new InternalError('fence() before a transaction');
    let transaction: Transaction | undefined;
    let commitSent = false;
    try {
      transaction = await producer.beginTransaction();
      await write(transaction);
      commitSent = true;
      await transaction.commit();
      return undefined;
    } catch (error) {
      if (fencingErrorOf(error) !== undefined) throw error;
      if (transaction === undefined) {
        // beginTransaction failed: nothing to abort, but the producer holds on to the transaction it opened.
        await this.#replace();
        return { error, producerReplaced: true, inDoubt: false };
      }
      const abortError = await abortOrError(transaction);
      if (abortError === undefined) return { error, producerReplaced: false, inDoubt: false };
      await this.#replace();
      return { error, abortError, producerReplaced: true, inDoubt: commitSent };
    }
  }

  async close(): Promise<void> {
    const producer = this.#producer;
    this.#producer = undefined;
    this.#fenced = false;
    await producer?.close();
  }

  /** Closes the producer whose transaction state is unknown; the next `fence()` creates its successor. */
  async #replace(): Promise<void> {
    await this.close().catch(() => undefined);
  }
}

/** Aborts `transaction`: undefined when aborted, else why not. A fencing error is thrown. */
async function abortOrError(transaction: Transaction): Promise<unknown> {
  try {
    await transaction.abort();
    return undefined;
  } catch (error) {
    if (fencingErrorOf(error) !== undefined) throw error;
    return error;
  }
}

/** Broker error ids that mean another instance owns our identity now: stop, never retry (KIP-98, KIP-345). */
const fencingErrorIds = [
  'PRODUCER_FENCED',
  'INVALID_PRODUCER_EPOCH',
  'FENCED_INSTANCE_ID',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
];

/** The fencing error id in `error`'s causes, if another instance took over this one's identity. */
export function fencingErrorOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  return fencingErrorIds.find((id) => findErrorBy(error, 'apiId', id) !== null);
}
