import type { AnchorBatch, AnchorLeafChunk, AnchorRange } from '@vz/schemas';
import { leafHashOf, toHex, valueHashOf } from './leaf.ts';
import { AnchorTree } from './merkle.ts';
import { InputError } from '@vz/core';

/** A record of an anchored topic, as read from Kafka (value bytes untouched). */
export interface AnchoredRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  /** Kafka timestamp, epoch ms. */
  readonly timestamp: bigint;
  readonly value: Buffer | null | undefined;
}

interface PartitionLeaves {
  readonly topic: string;
  readonly partition: number;
  readonly offsets: bigint[];
  readonly valueHashes: Uint8Array[];
}

export interface SealOptions {
  /** The batch sequence number. */
  readonly batchId: bigint;
  /** eventId of the previous batch's sealed record, `genesis` for batch 0: the batches form a chain. */
  readonly previousEventId: string;
  readonly chainId: number;
  readonly contractAddress: string | null;
  /** Leaves per AnchorLeafChunk record. */
  readonly chunkSize: number;
}

export interface SealedBatch {
  readonly batch: AnchorBatch;
  readonly chunks: readonly AnchorLeafChunk[];
  readonly tree: AnchorTree;
}

export const partitionKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * The records of the batch being filled. Leaves are ordered by topic, then partition, then offset ("batch order"),
 * which is the order of the sealed batch's ranges, so a leaf's index follows from its coordinates and the ranges.
 */
export class OpenBatch {
  readonly #partitions = new Map<string, PartitionLeaves>();
  #size = 0;
  #maxTimestamp = 0n;
  /** Wall-clock time the first record arrived: the batch's age limit counts from here. */
  openedAt: number | undefined;

  get size(): number {
    return this.#size;
  }

  add(record: AnchoredRecord, now: number): void {
    const key = partitionKey(record.topic, record.partition);
    let leaves = this.#partitions.get(key);
    if (leaves === undefined) {
      leaves = { topic: record.topic, partition: record.partition, offsets: [], valueHashes: [] };
      this.#partitions.set(key, leaves);
    }
    const last = leaves.offsets.at(-1);
    if (last !== undefined && record.offset <= last) {
      throw new InputError(
        `${record.topic}/${record.partition}: offset ${record.offset} after ${last}: not in offset order`,
      );
    }
    leaves.offsets.push(record.offset);
    leaves.valueHashes.push(valueHashOf(record.value));
    this.#size += 1;
    if (record.timestamp > this.#maxTimestamp) this.#maxTimestamp = record.timestamp;
    this.openedAt ??= now;
  }

  /** The last offset of each topic-partition in the batch: what the consumer commits with the sealed batch. */
  lastOffsets(): Array<{ topic: string; partition: number; offset: bigint }> {
    return [...this.#partitions.values()].map(({ topic, partition, offsets }) => ({
      topic,
      partition,
      offset: offsets.at(-1) ?? 0n,
    }));
  }

  seal(options: SealOptions): SealedBatch {
    if (this.#size === 0) throw new InputError('cannot seal an empty batch');
    const partitions = [...this.#partitions.values()].sort((a, b) =>
      a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
    );
    const leafHashes: Uint8Array[] = [];
    const leaves: AnchorLeafChunk['leaves'] = [];
    for (const { topic, partition, offsets, valueHashes } of partitions) {
      offsets.forEach((offset, index) => {
        const valueHash = valueHashes[index] as Uint8Array;
        leafHashes.push(leafHashOf({ topic, partition, offset }, valueHash));
        leaves.push({ topic, partition, offset: Number(offset), valueHash: toHex(valueHash) });
      });
    }
    const tree = AnchorTree.of(leafHashes);
    const batchId = options.batchId.toString();
    const eventId = `${batchId}:sealed`;
    const occurredAt = Number(this.#maxTimestamp);
    const ranges: AnchorRange[] = partitions.map(({ topic, partition, offsets }) => ({
      topic,
      partition,
      fromOffset: Number(offsets[0]),
      toOffset: Number(offsets.at(-1)),
    }));
    const batch: AnchorBatch = {
      eventId,
      occurredAt,
      causationId: options.previousEventId,
      batchId,
      merkleRoot: tree.root,
      leafCount: this.#size,
      ranges,
      chainId: options.chainId,
      contractAddress: options.contractAddress,
      txHash: null,
      blockNumber: null,
      anchoredAt: null,
    };
    const chunkCount = Math.ceil(leaves.length / options.chunkSize);
    const chunks = Array.from({ length: chunkCount }, (_, chunkIndex): AnchorLeafChunk => {
      const firstLeafIndex = chunkIndex * options.chunkSize;
      return {
        eventId: `${batchId}:leaves:${chunkIndex}`,
        occurredAt,
        causationId: eventId,
        batchId,
        chunkIndex,
        chunkCount,
        firstLeafIndex,
        leaves: leaves.slice(firstLeafIndex, firstLeafIndex + options.chunkSize),
      };
    });
    return { batch, chunks, tree };
  }
}
