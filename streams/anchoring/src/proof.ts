import type { Message } from '@platformatic/kafka';
import { ConflictError, NotFoundError } from '@vz/core';
import { type KafkaConfig, offsetBounds, offsetsForTimestamp, readOffsetRanges } from '@vz/kafka';
import type { AnchorBatch, AnchorLeafChunk, TopicCodec } from '@vz/schemas';
import { type LedgerBatch, readAnchorLedger } from './anchors.ts';
import { leafHashOf, toHex, valueHashOf } from './leaf.ts';
import { AnchorTree } from './merkle.ts';

/** Everything needed to check one record against the root on chain; `vz verify` trusts none of it but the chain. */
export interface RecordProof {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  /** The record's value bytes as stored in Kafka, base64. */
  readonly value: string;
  readonly valueHash: string;
  readonly leaf: string;
  readonly leafIndex: number;
  readonly proof: readonly string[];
  readonly batchId: string;
  readonly merkleRoot: string;
  readonly leafCount: number;
  readonly chainId: number;
  readonly contractAddress: string | null;
  /** null while the batch is sealed but not anchored yet. */
  readonly txHash: string | null;
  readonly blockNumber: number | null;
}

export interface ProofSources {
  readonly kafka: KafkaConfig;
  readonly anchors: TopicCodec<AnchorBatch>;
  readonly leaves: TopicCodec<AnchorLeafChunk>;
}

/** How far before its sealed record a batch's leaves may have been written (same transaction: well under this). */
const leavesLeadMs = 10 * 60_000;

/**
 * The proof of the record at (topic, partition, offset): its batch from ledger.anchors, the batch's leaves from
 * ledger.anchor-leaves (found by the sealed record's timestamp), the record itself from its topic. Fails with
 * NotFoundError when the record is in no sealed batch yet, and with an Error when the record or the leaves no longer
 * match the batch root (which is what tampering looks like).
 */
export async function buildRecordProof(
  sources: ProofSources,
  coordinates: { topic: string; partition: number; offset: bigint },
): Promise<RecordProof> {
  const { topic, partition, offset } = coordinates;
  const ledger = await readAnchorLedger(sources.kafka, sources.anchors);
  const entry = ledger.find(({ batch }) =>
    batch.ranges.some(
      (range) =>
        range.topic === topic &&
        range.partition === partition &&
        BigInt(range.fromOffset) <= offset &&
        offset <= BigInt(range.toOffset),
    ),
  );
  if (entry === undefined) {
    throw new NotFoundError(`${topic}/${partition}@${offset} is in no sealed batch (yet): nothing to prove it against`);
  }
  const leaves = await readBatchLeaves(sources, entry);
  const leafIndex = leaves.findIndex(
    (leaf) => leaf.topic === topic && leaf.partition === partition && BigInt(leaf.offset) === offset,
  );
  if (leafIndex < 0) {
    throw new NotFoundError(
      `${topic}/${partition}@${offset} is not a committed record of batch ${entry.batch.batchId}`,
    );
  }
  const tree = AnchorTree.of(
    leaves.map((leaf) =>
      leafHashOf(
        { topic: leaf.topic, partition: leaf.partition, offset: BigInt(leaf.offset) },
        Buffer.from(leaf.valueHash.slice(2), 'hex'),
      ),
    ),
  );
  if (tree.root !== entry.batch.merkleRoot) {
    throw new ConflictError(
      `the leaves kept for batch ${entry.batch.batchId} give root ${tree.root}, not ${entry.batch.merkleRoot}`,
    );
  }
  const record = await readRecord(sources.kafka, coordinates);
  const valueHash = toHex(valueHashOf(record.value));
  if (valueHash !== leaves[leafIndex]?.valueHash) {
    throw new ConflictError(
      `${topic}/${partition}@${offset} now hashes to ${valueHash}, but ${leaves[leafIndex]?.valueHash} was anchored`,
    );
  }
  const anchored = entry.anchored;
  return {
    topic,
    partition,
    offset: offset.toString(),
    key: record.key,
    value: (record.value ?? Buffer.alloc(0)).toString('base64'),
    valueHash,
    leaf: tree.leaf(leafIndex),
    leafIndex,
    proof: tree.proof(leafIndex),
    batchId: entry.batch.batchId,
    merkleRoot: entry.batch.merkleRoot,
    leafCount: entry.batch.leafCount,
    chainId: entry.batch.chainId,
    contractAddress: anchored?.contractAddress ?? entry.batch.contractAddress,
    txHash: anchored?.txHash ?? null,
    blockNumber: anchored?.blockNumber ?? null,
  };
}

/** The batch's leaves in batch order, from its chunks on ledger.anchor-leaves. */
async function readBatchLeaves(sources: ProofSources, entry: LedgerBatch): Promise<AnchorLeafChunk['leaves']> {
  const topic = sources.leaves.topic;
  const { batch, sealedAt } = entry;
  const bounds = (await offsetBounds(sources.kafka, [topic])).get(topic);
  const [start = 0n] = await offsetsForTimestamp(sources.kafka, topic, sealedAt - BigInt(leavesLeadMs));
  const chunks = new Map<number, AnchorLeafChunk>();
  const messages: Message[] = [];
  await readOffsetRanges(
    sources.kafka,
    [{ topic, partition: 0, from: start, to: bounds?.stable[0] ?? 0n }],
    (message) => {
      if (message.key?.toString() === batch.batchId) messages.push(message);
    },
  );
  for (const message of messages) {
    const chunk = await sources.leaves.decode(message.value, message);
    chunks.set(chunk.chunkIndex, chunk);
  }
  const ordered = [...chunks.values()].sort((a, b) => a.chunkIndex - b.chunkIndex);
  const leaves = ordered.flatMap((chunk) => chunk.leaves);
  if (ordered.length === 0 || ordered.length !== ordered[0]?.chunkCount || leaves.length !== batch.leafCount) {
    throw new NotFoundError(
      `the leaves of batch ${batch.batchId} are incomplete on ${topic} (${leaves.length} of ${batch.leafCount})`,
    );
  }
  return leaves;
}

/** One committed record's key and value bytes. */
async function readRecord(
  kafka: KafkaConfig,
  { topic, partition, offset }: { topic: string; partition: number; offset: bigint },
): Promise<{ key: string | null; value: Buffer | null }> {
  let found: { key: string | null; value: Buffer | null } | undefined;
  await readOffsetRanges(kafka, [{ topic, partition, from: offset, to: offset + 1n }], (message) => {
    found = { key: message.key?.toString('utf8') ?? null, value: message.value ?? null };
  });
  if (found === undefined) throw new NotFoundError(`${topic}/${partition}@${offset} is not a committed record`);
  return found;
}
