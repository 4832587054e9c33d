import {
  Consumer,
  FetchIsolationLevels,
  ListOffsetTimestamps,
  MessagesStreamModes,
  type Message,
} from '@platformatic/kafka';
import type { Logger } from 'pino';
import type { baseClientOptions } from '../client/config.ts';
import type { Serde } from './serde.ts';

export interface RestoreRequest<Value> {
  /** Options for the restore consumer (brokers, SASL, client id). */
  readonly clientOptions: ReturnType<typeof baseClientOptions>;
  /** A group of its own, so restoring never disturbs the application's group. */
  readonly groupId: string;
  readonly changelogTopic: string;
  readonly partitions: readonly number[];
  readonly serde: Serde<Value>;
  readonly logger: Logger;
}

export interface RestoredPartition<Value> {
  readonly partition: number;
  readonly entries: Map<string, Value>;
  readonly records: number;
}

const progressLogIntervalMs = 2_000;

/**
 * Rebuilds store partitions from their compacted changelog: read committed records from the start up to the last
 * stable offset (the end of what is committed when the restore begins; KIP-98), last value per key wins, a tombstone
 * deletes. Only the requested partitions are assigned to the restore consumer, by an assigner of our own.
 */
export async function restorePartitions<Value>(request: RestoreRequest<Value>): Promise<RestoredPartition<Value>[]> {
  const { changelogTopic: topic, partitions, serde, logger } = request;
  if (partitions.length === 0) return [];
  const consumer = new Consumer({
    ...request.clientOptions,
    groupId: request.groupId,
    autocommit: false,
    isolationLevel: FetchIsolationLevels.READ_COMMITTED,
  });
  try {
    const offsetsOf = async (timestamp: bigint, isolationLevel: number) => {
      const offsets = await consumer.listOffsets({
        topics: [topic],
        partitions: { [topic]: [...partitions] },
        timestamp,
        isolationLevel,
      });
      return (partition: number) => offsets.get(topic)?.[partition] ?? 0n;
    };
    const start = await offsetsOf(ListOffsetTimestamps.EARLIEST, FetchIsolationLevels.READ_COMMITTED);
    const end = await offsetsOf(ListOffsetTimestamps.LATEST, FetchIsolationLevels.READ_COMMITTED);
    const restored = new Map(
      partitions.map((partition) => [partition, { partition, entries: new Map<string, Value>(), records: 0 }]),
    );
    const remaining = partitions.filter((partition) => end(partition) > start(partition));
    if (remaining.length === 0) return [...restored.values()];

    const stream = await consumer.consume({
      topics: [topic],
      mode: MessagesStreamModes.MANUAL,
      offsets: remaining.map((partition) => ({ topic, partition, offset: start(partition) })),
      isolationLevel: FetchIsolationLevels.READ_COMMITTED,
      maxWaitTime: 50,
      partitionAssigner: (memberId: string) => [
        { memberId, assignments: new Map([[topic, { topic, partitions: [...remaining] }]]) },
      ],
    } as Parameters<typeof consumer.consume>[0]);
    let lastProgressLog = Date.now();
    await new Promise<void>((resolve, reject) => {
      const finished = (): boolean =>
        stream.readableLength === 0 &&
        remaining.every((partition) => (stream.offsetsToFetch.get(`${topic}:${partition}`) ?? 0n) >= end(partition));
      const check = (): void => {
        if (finished()) {
          clearInterval(timer);
          resolve();
        } else if (Date.now() - lastProgressLog > progressLogIntervalMs) {
          lastProgressLog = Date.now();
          logger.info(
            {
              topic,
              progress: remaining.map((partition) => ({
                partition,
                at: String(stream.offsetsToFetch.get(`${topic}:${partition}`) ?? start(partition)),
                end: String(end(partition)),
              })),
            },
            'restoring state',
          );
        }
      };
      const timer = setInterval(check, 20);
      stream.on('data', (message: Message) => {
        const target = restored.get(message.partition);
        if (target === undefined || message.offset >= end(message.partition) || message.key === undefined) return;
        const key = message.key.toString('utf8');
        target.records += 1;
        if (message.value === null || message.value === undefined || message.value.length === 0)
          target.entries.delete(key);
        else target.entries.set(key, serde.deserialize(message.value));
      });
      stream.once('error', (error: Error) => {
        clearInterval(timer);
        reject(error);
      });
    });
    await stream.close();
    return [...restored.values()];
  } finally {
    await consumer.close(true).catch(() => undefined);
  }
}
