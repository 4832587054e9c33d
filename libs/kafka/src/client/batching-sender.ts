import type { MessageToProduce, Producer } from '@platformatic/kafka';

/**
 * Gathers the messages many callers send at about the same time into one produce request, and settles each caller's
 * promise with that request. @platformatic/kafka sends one request per `send()` and has no `linger.ms`; an edge
 * serving thousands of connections would otherwise pay one broker round trip (acks=all) per frame and queue up far
 * below the broker's capacity. Order per caller is kept: requests go out one after another.
 */
export class BatchingSender {
  readonly #producer: Producer;
  readonly #lingerMs: number;
  readonly #maxMessages: number;
  #queue: Array<{ messages: MessageToProduce[]; resolve: () => void; reject: (error: unknown) => void }> = [];
  #queued = 0;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(producer: Producer, options: { lingerMs?: number; maxMessages?: number } = {}) {
    this.#producer = producer;
    this.#lingerMs = options.lingerMs ?? 2;
    this.#maxMessages = options.maxMessages ?? 1_000;
  }

  /** Resolves once Kafka has acknowledged the messages (with the producer's acks). */
  send(messages: MessageToProduce[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ messages, resolve, reject });
      this.#queued += messages.length;
      if (this.#queued >= this.#maxMessages) this.#flush();
      else this.#timer ??= setTimeout(() => this.#flush(), this.#lingerMs);
    });
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#queue;
    this.#queue = [];
    this.#queued = 0;
    if (batch.length === 0) return;
    this.#inFlight = this.#inFlight.then(async () => {
      try {
        await this.#producer.send({ messages: batch.flatMap((entry) => entry.messages) });
        for (const entry of batch) entry.resolve();
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    });
  }

  /** Sends what is queued and waits for every request in flight. */
  async drain(): Promise<void> {
    this.#flush();
    await this.#inFlight;
  }
}
