import { compatibilityPartitioner, Producer, type ProducerOptions } from '@platformatic/kafka';
import { baseClientOptions, type KafkaConfig } from './config.ts';

/**
 * The options of every producer of ours that must neither lose nor duplicate a record it sends: idempotent (the
 * broker drops a retried batch it already has, KIP-98), acknowledged by all in-sync replicas, and keys placed with
 * murmur2 like the Java client (Kafka Streams, kcat), so a key lands on the partition every consumer expects.
 */
export function idempotentProducerOptions(
  kafka: KafkaConfig,
  role: string,
): ProducerOptions<Buffer, Buffer, Buffer, Buffer> {
  return {
    ...baseClientOptions(kafka, role),
    idempotent: true,
    acks: -1,
    partitioner: compatibilityPartitioner,
  };
}

/** An idempotent producer (see idempotentProducerOptions); `role` names the client (`<clientId>-<role>`). */
export function createIdempotentProducer(kafka: KafkaConfig, role: string): Producer {
  return new Producer(idempotentProducerOptions(kafka, role));
}
