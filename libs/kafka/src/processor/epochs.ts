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

/** Where an epoch starts reading: the partitions assigned to it per input, and the committed offset of each that has one. */
export interface EpochPositions {
  readonly assigned: readonly { readonly topic: string; readonly partitions: readonly number[] }[];
  /** The others start from the stream's fallback (the earliest offset). */
  readonly offsets: readonly { readonly topic: string; readonly partition: number; readonly offset: bigint }[];
}

/**
 * The consumer's assigned partitions of `inputs` and their committed offsets. Co-partitioned inputs (the Processor's:
 * its stores are kept per partition number) are each read on the union of the partition numbers assigned.
 */
export async function committedPositions(
  consumer: Consumer,
  inputs: readonly string[],
  coPartitioned: boolean,
): Promise<EpochPositions> {
  const own = (consumer.assignments ?? [])
    .filter((assignment) => inputs.includes(assignment.topic))
    .map(({ topic, partitions }) => ({ topic, partitions: [...partitions] }));
  const union = [...new Set(own.flatMap(({ partitions }) => partitions))].sort((a, b) => a - b);
  const assigned = coPartitioned ? inputs.map((topic) => ({ topic, partitions: union })) : own;
  // require_stable is on (patches/): pending transactional offset commits of other members are waited for.
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
      const fenced = fencedErrorOf(options.identity, error, options.logger);
      if (fenced !== undefined) {
        options.onFenced();
        throw fenced;
      }
      failures += 1;
      options.logger.warn({ err: error, failures }, 'epoch failed; starting again from what is committed');
    }
    if (failures > 0 && !options.stopping()) await sleep(Math.min(100 * 2 ** Math.min(failures, 6), 5_000));
  }
}

/**
 * FencedError for `identity` (and its log line) when `error` says another instance took over that identity, else
 * undefined: the one place both ways a worker learns it was fenced (a failed epoch, a refused rejoin) turn into it.
 */
function fencedErrorOf(identity: string, error: unknown, logger: Logger): FencedError | undefined {
  const fencedBy = fencingErrorOf(error);
  if (fencedBy === undefined) return undefined;
  const fenced = new FencedError(`${identity} was fenced (${fencedBy})`, { cause: error });
  logger.error({ err: error }, `${fenced.message}: another instance took over; stopping`);
  return fenced;
}

/**
 * Calls `end` with the failure when the consumer emits 'error', which it does when a rejoin after a failed heartbeat
 * fails (unheard, Node would crash the process). A successor with the same group.instance.id answers that rejoin with
 * FENCED_INSTANCE_ID (KIP-345), often before this instance's producer learns it was fenced: `end` then gets FencedError.
 */
export function whenConsumerFails(
  consumer: Pick<Consumer, 'on'>,
  identity: string,
  logger: Logger,
  end: (failure: Error) => void,
): void {
  consumer.on('error', (error: Error) => {
    const fenced = fencedErrorOf(identity, error, logger);
    if (fenced === undefined) logger.error({ err: error }, 'the consumer failed to rejoin its group; stopping');
    end(fenced ?? error);
  });
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

/** When an epoch's input queue wakes the epoch and holds the stream back. */
export interface InputQueueLimits {
  /** The stream pauses at this many queued records and resumes below half of it. */
  readonly pauseAt: number;
  /** The epoch is woken at this many queued records (a full batch)... */
  readonly wakeAt: number;
  /** ...and by the first record into an empty queue, unless it polls the queue on a timer of its own. */
  readonly wakeOnFirst: boolean;
}

/**
 * The records an epoch's input stream delivered and the worker has not taken yet: the stream pauses at
 * `limits.pauseAt` queued records and resumes (`resumeIfDrained`) below half of it; the waker is woken as `limits`
 * say and by a stream error (kept in `error`).
 */
export class InputQueue {
  readonly messages: Message[] = [];
  error: Error | undefined;
  readonly #stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>;
  readonly #pauseAt: number;

  constructor(stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>, waker: Waker, limits: InputQueueLimits) {
    this.#stream = stream;
    this.#pauseAt = limits.pauseAt;
    stream.on('data', (message: Message) => {
      this.messages.push(message);
      const queued = this.messages.length;
      if (queued >= limits.pauseAt) stream.pause();
      if (queued >= limits.wakeAt || (queued === 1 && limits.wakeOnFirst)) waker.wake();
    });
    stream.on('error', (error: Error) => {
      this.error = error;
      waker.wake();
    });
  }

  resumeIfDrained(): void {
    if (this.#stream.isPaused() && this.messages.length < this.#pauseAt / 2) this.#stream.resume();
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
