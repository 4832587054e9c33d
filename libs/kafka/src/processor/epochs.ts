import { setTimeout as sleep } from 'node:timers/promises';
import { Consumer, FetchIsolationLevels, type Message, type MessagesStream } from '@platformatic/kafka';
import { FencedError } from '@vz/core';
import type { Logger } from 'pino';
import { baseClientOptions, type KafkaConfig } from '../client/config.ts';
import { fencingErrorOf } from '../client/transactional-producer.ts';

/** Why an epoch (one assignment, one input stream) ended. */
export type EpochEnd = 'stopping' | 'reassigned' | 'aborted' | 'stream-failed';

export interface GroupTimings {
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
}

/**
 * The consumer of an exactly-once worker: a static member of its group (KIP-345: a restarted instance takes its
 * partitions back without a rebalance), read_committed, offsets committed only inside transactions.
 */
export function exactlyOnceConsumer(
  kafka: KafkaConfig,
  options: { groupId: string; instanceId: string; role: string; group?: GroupTimings },
): { consumer: Consumer; join: () => Promise<unknown> } {
  const timings = {
    sessionTimeout: options.group?.sessionTimeoutMs ?? 10_000,
    heartbeatInterval: options.group?.heartbeatIntervalMs ?? 1_000,
    rebalanceTimeout: 30_000,
  };
  const consumer = new Consumer({
    ...baseClientOptions(kafka, options.role),
    groupId: options.groupId,
    groupInstanceId: options.instanceId,
    ...timings,
    autocommit: false,
    isolationLevel: FetchIsolationLevels.READ_COMMITTED,
  });
  return { consumer, join: () => consumer.joinGroup(timings) };
}

/**
 * Where an epoch starts reading: the consumer's assigned partitions of `inputs`, and the committed offset of each
 * that has one (the others start from the stream's fallback, e.g. the earliest offset).
 */
export async function committedPositions(
  consumer: Consumer,
  inputs: readonly string[],
): Promise<{
  assigned: { topic: string; partitions: number[] }[];
  offsets: { topic: string; partition: number; offset: bigint }[];
}> {
  const assigned = (consumer.assignments ?? [])
    .filter((assignment) => inputs.includes(assignment.topic))
    .map(({ topic, partitions }) => ({ topic, partitions: [...partitions] }));
  const committed = await consumer.listCommittedOffsets({ topics: assigned });
  const offsets = assigned.flatMap(({ topic, partitions }) =>
    partitions.flatMap((partition) => {
      const offset = committed.get(topic)?.[partition] ?? -1n;
      return offset >= 0n ? [{ topic, partition, offset }] : [];
    }),
  );
  return { assigned, offsets };
}

/**
 * Runs epochs until stopped: an aborted or failed epoch is started again from what is committed, with a growing
 * backoff; a fencing error (another instance took over this identity) ends the loop with FencedError, never retried.
 */
export async function runEpochs(options: {
  readonly identity: string;
  readonly logger: Logger;
  readonly stopping: () => boolean;
  readonly onFenced: () => void;
  readonly runEpoch: () => Promise<EpochEnd>;
}): Promise<void> {
  let failures = 0;
  while (!options.stopping()) {
    try {
      const end = await options.runEpoch();
      failures = end === 'aborted' || end === 'stream-failed' ? failures + 1 : 0;
    } catch (error) {
      const fenced = fencedErrorOf(options.identity, error);
      if (fenced !== undefined) {
        options.logger.error({ err: error }, `${fenced.message}: another instance took over; stopping`);
        options.onFenced();
        throw fenced;
      }
      failures += 1;
      options.logger.warn({ err: error, failures }, 'epoch failed; starting again from what is committed');
    }
    if (failures > 0 && !options.stopping()) await sleep(Math.min(100 * 2 ** Math.min(failures, 6), 5_000));
  }
}

/** FencedError for `identity` when `error` says another instance took over that identity, else undefined. */
function fencedErrorOf(identity: string, error: unknown): FencedError | undefined {
  const fencedBy = fencingErrorOf(error);
  return fencedBy === undefined ? undefined : new FencedError(`${identity} was fenced (${fencedBy})`, { cause: error });
}

/** A sleep that `wake()` cuts short: the loop waits for input, a timer or a stop, whichever comes first. */
export class Waker {
  #wake: (() => void) | undefined;

  wait(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = undefined;
        done();
      };
    });
  }

  wake(): void {
    this.#wake?.();
  }
}

/**
 * The records an epoch's input stream delivered and the worker has not taken yet: the stream pauses at `limit`
 * queued records and resumes (`resumeIfDrained`) below half of it; the waker is woken by the first record, a full
 * queue or a stream error (kept in `error`).
 */
export class InputQueue {
  readonly messages: Message[] = [];
  error: Error | undefined;
  readonly #stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>;
  readonly #limit: number;

  constructor(stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>, limit: number, waker: Waker) {
    this.#stream = stream;
    this.#limit = limit;
    stream.on('data', (message: Message) => {
      this.messages.push(message);
      if (this.messages.length >= limit) stream.pause();
      if (this.messages.length === 1 || this.messages.length >= limit) waker.wake();
    });
    stream.on('error', (error: Error) => {
      this.error = error;
      waker.wake();
    });
  }

  resumeIfDrained(): void {
    if (this.#stream.isPaused() && this.messages.length < this.#limit / 2) this.#stream.resume();
  }
}

/**
 * The life cycle every exactly-once worker shares (the Processor, the anchoring worker, the ClickHouse sink): a group
 * member whose assignment change ends the epoch, a loop of epochs until stopped or fenced, clients closed however the
 * loop ends. The worker supplies its epoch and its clients.
 */
export class EpochLoop {
  readonly waker = new Waker();
  /** Set by `stop()` (or fencing): the epoch in flight finishes its batch and the loop ends. */
  stopping = false;
  /** Set when the group assigned partitions anew; the epoch clears it when it starts and ends when it sees it. */
  reassigned = false;
  readonly #identity: string;
  readonly #logger: Logger;
  #loop: Promise<void> | undefined;
  /** An error the consumer reported outside any call of ours (a failed rejoin), which ends the loop. */
  #consumerFailure: Error | undefined;

  constructor(identity: string, logger: Logger) {
    this.#identity = identity;
    this.#logger = logger;
  }

  /**
   * Tracks `topics` for the consumer's whole life (closing one epoch's stream never unsubscribes them), joins the group
   * and runs epochs. Settles when the loop ends: resolved after `stop()`, rejected with FencedError when another
   * instance took over this identity. `close` runs however it ends: a fenced instance that kept its consumer open
   * would go on heartbeating with the same group.instance.id and fight its successor for the membership.
   */
  async start(
    member: { consumer: Consumer; join: () => Promise<unknown> },
    topics: readonly string[],
    runEpoch: () => Promise<EpochEnd>,
    close: () => Promise<void>,
    afterJoin: () => void = () => undefined,
  ): Promise<void> {
    member.consumer.on('consumer:group:join', (event: { generationId?: number; assignments?: unknown }) => {
      this.#logger.info({ generation: event.generationId, assignments: event.assignments }, 'group assignment');
      this.reassigned = true;
      this.waker.wake();
    });
    // The consumer emits 'error' when a rejoin after a failed heartbeat fails; unheard, Node would crash the process.
    // A successor with the same group.instance.id answers that rejoin with FENCED_INSTANCE_ID (KIP-345) — often
    // before this instance's producer learns it was fenced — so the loop must end as fenced, not as a crash.
    member.consumer.on('error', (error: Error) => this.#consumerFailed(error));
    member.consumer.topics.trackAll(...topics);
    await member.join();
    afterJoin();
    this.#loop = runEpochs({
      identity: this.#identity,
      logger: this.#logger,
      stopping: () => this.stopping,
      onFenced: () => void (this.stopping = true),
      runEpoch,
    })
      .then(() => {
        if (this.#consumerFailure !== undefined) throw this.#consumerFailure;
      })
      .finally(close);
    return this.#loop;
  }

  /** Ends the loop after the batch in flight, with FencedError if another instance took over, else the error. */
  #consumerFailed(error: Error): void {
    const fenced = fencedErrorOf(this.#identity, error);
    if (fenced !== undefined)
      this.#logger.error({ err: error }, `${fenced.message}: another instance took over; stopping`);
    else this.#logger.error({ err: error }, 'the consumer failed to rejoin its group; stopping');
    this.#consumerFailure ??= fenced ?? error;
    this.stopping = true;
    this.waker.wake();
  }

  /**
   * Why the epoch must end now, or undefined to go on: stopping, a new assignment, or the input stream failed (its
   * error logged here). Checked once a round by every worker's epoch.
   */
  endOfEpoch(streamError: Error | undefined): EpochEnd | undefined {
    if (this.stopping) return 'stopping';
    if (this.reassigned) return 'reassigned';
    if (streamError === undefined) return undefined;
    this.#logger.warn({ err: streamError }, 'input stream failed');
    return 'stream-failed';
  }

  /** Finishes the batch in flight, then the loop ends and the clients close. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.waker.wake();
    await this.#loop?.catch(() => undefined);
  }
}

/**
 * Closes a worker's clients, consumer first (a static member's LeaveGroup names its member id, so a fenced instance
 * cannot remove its successor: KIP-345), logging rather than throwing: closing runs however the loop ended.
 */
export async function closeClients(
  logger: Logger,
  consumer: Consumer | undefined,
  producer: { close(): Promise<void> } | undefined,
): Promise<void> {
  await consumer?.close(true).catch((error: unknown) => logger.warn({ err: error }, 'closing the consumer'));
  await producer?.close().catch((error: unknown) => logger.warn({ err: error }, 'closing the producer'));
}
