import { setTimeout as sleep } from 'node:timers/promises';
import { Consumer, FetchIsolationLevels, type Message, MessagesStreamModes } from '@platformatic/kafka';
import { TimeoutError } from '@vz/core';
import type { TopicCodec } from '@vz/schemas';

/** A topic read from the start (read_committed) for the whole run: each record decoded, with the wall time it arrived. */
export class TopicWatch<Value> {
  readonly seen: { readonly value: Value; readonly at: number }[] = [];
  #decoding: Promise<void> = Promise.resolve();
  #failure: unknown;
  readonly #consumer: Consumer;
  readonly #codec: TopicCodec<Value>;

  private constructor(bootstrap: string, codec: TopicCodec<Value>) {
    this.#codec = codec;
    this.#consumer = new Consumer({
      clientId: 'vz-bench-money-watch',
      bootstrapBrokers: [bootstrap],
      groupId: `${codec.topic}.watch.${Date.now()}`,
      isolationLevel: FetchIsolationLevels.READ_COMMITTED,
      autocommit: false,
    });
  }

  static async start<Value>(bootstrap: string, codec: TopicCodec<Value>): Promise<TopicWatch<Value>> {
    const watch = new TopicWatch(bootstrap, codec);
    const stream = await watch.#consumer.consume({
      topics: [codec.topic],
      mode: MessagesStreamModes.EARLIEST,
      maxWaitTime: 20,
    });
    stream.on('data', (message: Message) => {
      const at = Date.now();
      watch.#decoding = watch.#decoding
        .then(async () => void watch.seen.push({ value: await codec.decode(message.value, message), at }))
        .catch((error: unknown) => void (watch.#failure = error));
    });
    return watch;
  }

  /** The records `where` accepts once there are `count` of them; fails after `timeoutMs`. */
  async waitFor(
    count: number,
    where: (value: Value) => boolean,
    timeoutMs: number,
  ): Promise<{ readonly value: Value; readonly at: number }[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#failure !== undefined) throw this.#failure;
      const matching = this.seen.filter((entry) => where(entry.value));
      if (matching.length >= count) return matching;
      if (Date.now() > deadline) {
        throw new TimeoutError(`${this.#codec.topic}: ${matching.length} of ${count} records after ${timeoutMs} ms`);
      }
      await sleep(50);
    }
  }

  async close(): Promise<void> {
    await this.#consumer.close(true);
  }
}
