import { compatibilityPartitioner, findErrorBy, Producer } from '@platformatic/kafka';
import { baseClientOptions, type KafkaConfig } from './config.ts';

/**
 * An idempotent, transactional producer with the settings every exactly-once writer of ours needs (the Processor,
 * the anchoring worker, the chain listener). One transactional id per logical writer: a new producer with the same
 * id fences the old one and completes its open transaction (KIP-98).
 */
export function createTransactionalProducer(kafka: KafkaConfig, transactionalId: string): Producer {
  return new Producer({
    ...baseClientOptions(kafka, 'producer'),
    idempotent: true,
    transactionalId,
    acks: -1,
    // "No producer yet" in InitProducerId is -1/-1 (KIP-360). @platformatic/kafka 2.12.1 sends 0/0 unless told
    // otherwise, which the coordinator answers with PRODUCER_FENCED once the transactional id has a producer:
    // a restarted instance could never start again.
    producerId: -1n,
    producerEpoch: -1,
    // CONCURRENT_TRANSACTIONS answers the next AddPartitionsToTxn while the previous commit's markers are still being
    // written; the client's default 1 s retry delay turned that into 1 s stalls. Java retries it after 20 ms.
    retryDelay: 20,
    retries: 50,
    // Java clients (Kafka Streams, kcat's murmur2) place keys with murmur2 & 0x7fffffff; so must we.
    partitioner: compatibilityPartitioner,
  });
}

/**
 * Initializes a new transactional producer before anything is read: InitProducerId completes the open transaction of
 * a dead predecessor with the same transactional id (aborts it, or finishes its commit), so what is read next includes
 * everything it committed and nothing it did not (KIP-98).
 */
export async function fencePredecessor(producer: Producer): Promise<void> {
  const transaction = await producer.beginTransaction();
  await transaction.cancel();
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
