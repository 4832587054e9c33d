import type { Message } from '@platformatic/kafka';
import { type KafkaConfig, offsetBounds, readOffsetRanges } from '@vz/kafka';
import type { AnchorBatch, TopicCodec } from '@vz/schemas';

export interface LedgerBatch {
  /** The sealed record (txHash null), as streams/anchoring wrote it. */
  readonly batch: AnchorBatch;
  /** Its Kafka timestamp: the leaves of the batch were written in the same transaction, just before it. */
  readonly sealedAt: bigint;
  /** The anchored record connectors/chain wrote once the root was on chain; undefined while pending. */
  readonly anchored: AnchorBatch | undefined;
}

/** Reads a whole one-partition topic up to its last stable offset; the values are decoded in offset order. */
async function readAll(kafka: KafkaConfig, topic: string): Promise<Message[]> {
  const bounds = (await offsetBounds(kafka, [topic])).get(topic);
  const messages: Message[] = [];
  await readOffsetRanges(
    kafka,
    (bounds?.stable ?? []).map((to, partition) => ({ topic, partition, from: bounds?.earliest[partition] ?? 0n, to })),
    (message) => void messages.push(message),
  );
  return messages;
}

/**
 * Every batch on ledger.anchors (one partition, a few records per batch, so it is read whole), in batch order, with
 * its anchored record when there is one.
 */
export async function readAnchorLedger(kafka: KafkaConfig, anchors: TopicCodec<AnchorBatch>): Promise<LedgerBatch[]> {
  const sealed = new Map<string, { batch: AnchorBatch; sealedAt: bigint }>();
  const anchored = new Map<string, AnchorBatch>();
  for (const message of await readAll(kafka, anchors.topic)) {
    const batch = await anchors.decode(message.value, message);
    if (batch.txHash === null) sealed.set(batch.batchId, { batch, sealedAt: message.timestamp });
    else anchored.set(batch.batchId, batch);
  }
  return [...sealed.values()]
    .sort((a, b) => (BigInt(a.batch.batchId) < BigInt(b.batch.batchId) ? -1 : 1))
    .map((entry) => ({ ...entry, anchored: anchored.get(entry.batch.batchId) }));
}
