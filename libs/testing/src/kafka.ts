import { Consumer, FetchIsolationLevels, type Message, MessagesStreamModes } from '@platformatic/kafka';

/**
 * Reads a topic from the start as a read_committed consumer until `expected` records arrived, then keeps reading for
 * `settleMs` more so that extra records (duplicates) would be seen too. Fails after `timeoutMs`. With `where`, only
 * the records it accepts are counted and returned (e.g. one charger's, on a topic the demo traffic shares).
 */
export async function readTopic(
  bootstrap: string,
  topic: string,
  expected: number,
  {
    timeoutMs = 120_000,
    settleMs = 1_000,
    where = () => true,
  }: { timeoutMs?: number; settleMs?: number; where?: (message: Message) => boolean } = {},
): Promise<Message[]> {
  const consumer = new Consumer({
    clientId: 'vz-test-reader',
    bootstrapBrokers: [bootstrap],
    groupId: `reader-${topic}-${process.hrtime.bigint()}`,
    isolationLevel: FetchIsolationLevels.READ_COMMITTED,
    autocommit: false,
  });
  const messages: Message[] = [];
  try {
    const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, maxWaitTime: 100 });
    await new Promise<void>((resolve, reject) => {
      let settling: NodeJS.Timeout | undefined;
      const deadline = setTimeout(
        () => reject(new Error(`${topic}: ${messages.length} of ${expected} records after ${timeoutMs} ms`)),
        timeoutMs,
      );
      stream.on('data', (message: Message) => {
        if (!where(message)) return;
        messages.push(message);
        if (messages.length >= expected && settling === undefined) {
          settling = setTimeout(() => {
            clearTimeout(deadline);
            resolve();
          }, settleMs);
        }
      });
      stream.once('error', reject);
    });
    await stream.close();
  } finally {
    await consumer.close(true);
  }
  return messages;
}
