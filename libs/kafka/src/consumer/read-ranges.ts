import {
  Consumer,
  FetchIsolationLevels,
  ListOffsetTimestamps,
  type Message,
  MessagesStreamModes,
} from '@platformatic/kafka';
import { baseClientOptions, type KafkaConfig } from '../client/config.ts';
import { InputError } from '@vz/core';

/** Offsets `[from, to)` of one topic-partition. */
export interface OffsetRange {
  readonly topic: string;
  readonly partition: number;
  readonly from: bigint;
  /** Exclusive. */
  readonly to: bigint;
}

/**
 * The last stable offsets (read_committed end, KIP-98) and the earliest offsets of every partition of `topics`.
 */
export async function offsetBounds(
  kafka: KafkaConfig,
  topics: readonly string[],
): Promise<Map<string, { earliest: bigint[]; stable: bigint[] }>> {
  const consumer = new Consumer({ ...baseClientOptions(kafka, 'offsets'), groupId: 'vz-offsets-unused' });
  try {
    const ask = (timestamp: bigint) =>
      consumer.listOffsets({
        topics: [...topics],
        timestamp,
        isolationLevel: FetchIsolationLevels.READ_COMMITTED,
      });
    const [earliest, stable] = await Promise.all([
      ask(ListOffsetTimestamps.EARLIEST),
      ask(ListOffsetTimestamps.LATEST),
    ]);
    return new Map(
      topics.map((topic) => [topic, { earliest: earliest.get(topic) ?? [], stable: stable.get(topic) ?? [] }]),
    );
  } finally {
    await consumer.close(true).catch(() => undefined);
  }
}

/**
 * Per partition of `topic`, the first offset whose timestamp is at or after `timestamp` (epoch ms), or the end of the
 * partition when there is none (KIP-79 ListOffsets by time).
 */
export async function offsetsForTimestamp(kafka: KafkaConfig, topic: string, timestamp: bigint): Promise<bigint[]> {
  const consumer = new Consumer({ ...baseClientOptions(kafka, 'offsets'), groupId: 'vz-offsets-unused' });
  try {
    const [found, ends] = await Promise.all(
      [timestamp, ListOffsetTimestamps.LATEST].map(
        async (at) =>
          (
            await consumer.listOffsets({
              topics: [topic],
              timestamp: at,
              isolationLevel: FetchIsolationLevels.READ_COMMITTED,
            })
          ).get(topic) ?? [],
      ),
    );
    return (ends ?? []).map((end, partition) => {
      const offset = found?.[partition] ?? -1n;
      return offset >= 0n ? offset : end;
    });
  } finally {
    await consumer.close(true).catch(() => undefined);
  }
}

/**
 * Reads exactly the committed records of the given offset ranges (read_committed: aborted records and transaction
 * markers are skipped, so a range may yield fewer records than offsets), calling `handle` in offset order per
 * partition, and resolves when every range is read to its end. Nothing is committed: the consumer's group is only a
 * name. `to` must not be beyond the partition's last stable offset, or this waits for records that do not exist yet.
 */
export async function readOffsetRanges(
  kafka: KafkaConfig,
  ranges: readonly OffsetRange[],
  handle: (message: Message) => void,
): Promise<void> {
  const pending = ranges.filter((range) => range.to > range.from);
  if (pending.length === 0) return;
  const key = (topic: string, partition: number) => `${topic}:${partition}`;
  const byPartition = new Map(pending.map((range) => [key(range.topic, range.partition), range]));
  if (byPartition.size !== pending.length) throw new InputError('readOffsetRanges: one range per topic-partition');
  const topics = [...new Set(pending.map((range) => range.topic))];
  const consumer = new Consumer({
    ...baseClientOptions(kafka, 'range-reader'),
    groupId: `vz-range-reader-${process.pid}-${Date.now()}`,
    autocommit: false,
    isolationLevel: FetchIsolationLevels.READ_COMMITTED,
  });
  try {
    const stream = await consumer.consume({
      topics,
      mode: MessagesStreamModes.MANUAL,
      offsets: pending.map(({ topic, partition, from }) => ({ topic, partition, offset: from })),
      isolationLevel: FetchIsolationLevels.READ_COMMITTED,
      maxWaitTime: 50,
      // Exactly these partitions, without a group rebalance deciding for us.
      partitionAssigner: (memberId: string) => [
        {
          memberId,
          assignments: new Map(
            topics.map((topic) => [
              topic,
              { topic, partitions: pending.filter((range) => range.topic === topic).map((range) => range.partition) },
            ]),
          ),
        },
      ],
    } as Parameters<typeof consumer.consume>[0]);
    await new Promise<void>((resolve, reject) => {
      const finished = (): boolean =>
        pending.every(
          (range) => (stream.offsetsToFetch.get(key(range.topic, range.partition)) ?? range.from) >= range.to,
        );
      const timer = setInterval(() => {
        if (stream.readableLength === 0 && finished()) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
      stream.on('data', (message: Message) => {
        const range = byPartition.get(key(message.topic, message.partition));
        if (range === undefined || message.offset < range.from || message.offset >= range.to) return;
        try {
          handle(message);
        } catch (error) {
          clearInterval(timer);
          reject(error as Error);
        }
      });
      stream.on('error', (error: Error) => {
        clearInterval(timer);
        reject(error);
      });
    });
    await stream.close().catch(() => undefined);
  } finally {
    await consumer.close(true).catch(() => undefined);
  }
}
