import {
  Consumer,
  FetchIsolationLevels,
  type Message,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
} from '@platformatic/kafka';
import type { Logger } from 'pino';
import { baseClientOptions, type KafkaConfig } from '../client/config.ts';

export interface FollowedTopic {
  /** Resolves once everything the topic held when following began has been handled (a group of one reads it all). */
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Reads a topic record by record with `handle`, committing each offset after it was handled (at least once), and
 * keeps following it. `from: 'earliest'` with a fresh group reads a compacted topic whole (a table in memory);
 * `from: 'committed'` with a shared group splits the partitions among the members; `from: 'latest'` sees only what
 * is written after it started (caught up at once), e.g. the outcome of a command about to be sent. Only committed
 * records are read (read_committed): a record of an aborted transaction never reaches `handle`.
 */
export async function followTopic(options: {
  kafka: KafkaConfig;
  groupId: string;
  topic: string;
  from: 'earliest' | 'committed' | 'latest';
  handle: (message: Message) => void | Promise<void>;
  logger: Logger;
}): Promise<FollowedTopic> {
  const { topic, logger } = options;
  const consumer = new Consumer({
    ...baseClientOptions(options.kafka, options.groupId),
    groupId: options.groupId,
    autocommit: false,
  });
  const ends = await consumer.listOffsets({ topics: [topic] });
  const stream = await consumer.consume({
    topics: [topic],
    mode: {
      earliest: MessagesStreamModes.EARLIEST,
      committed: MessagesStreamModes.COMMITTED,
      latest: MessagesStreamModes.LATEST,
    }[options.from],
    fallbackMode: options.from === 'latest' ? MessagesStreamFallbackModes.LATEST : MessagesStreamFallbackModes.EARLIEST,
    isolationLevel: FetchIsolationLevels.READ_COMMITTED,
    maxWaitTime: 100,
  });
  let handled = Promise.resolve();
  stream.on('data', (message: Message) => {
    handled = handled
      .then(() => options.handle(message))
      .then(() => message.commit())
      .catch((error: unknown) =>
        logger.error({ err: error, topic, offset: String(message.offset) }, 'record handling failed'),
      );
  });
  const timers = new Set<NodeJS.Timeout>();
  return {
    caughtUp: () =>
      new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          const done = (ends.get(topic) ?? []).every(
            (end, partition) => (stream.offsetsToFetch.get(`${topic}:${partition}`) ?? 0n) >= end,
          );
          if (!done) return;
          clearInterval(timer);
          timers.delete(timer);
          void handled.then(resolve);
        }, 20);
        timers.add(timer);
      }),
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      await consumer.close(true).catch(() => undefined);
    },
  };
}
