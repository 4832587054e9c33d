import {
  type Consumer,
  FetchIsolationLevels,
  type Message,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  type MessageToProduce,
  type Producer,
} from '@platformatic/kafka';
import { InternalError } from '@vz/core';
import type { Logger } from 'pino';
import type { KafkaConfig } from '../client/config.ts';
import { createIdempotentProducer } from '../client/idempotent-producer.ts';
import { type FailedTransaction, TransactionalProducer } from '../client/transactional-producer.ts';
import {
  closeClients,
  committedPositions,
  type EpochEnd,
  type EpochPositions,
  exactlyOnceConsumer,
  type GroupTimings,
  InputQueue,
  type InputQueueLimits,
  runEpochs,
  Waker,
  whenConsumerFails,
} from './epochs.ts';
import { produceChunks } from './produce-chunks.ts';
import type { ServiceWorker } from './service.ts';

export interface ExactlyOnceWorkerSettings {
  /** The consumer group; `<application>/<instanceId>` names the worker in its FencedError. */
  readonly application: string;
  /** Static group member id (KIP-345): a restarted instance takes its partitions back without a rebalance. */
  readonly instanceId: string;
  readonly kafka: KafkaConfig;
  /** The input topics, as named on this cluster. */
  readonly inputs: readonly string[];
  /** The consumer's client role (`<clientId>-<role>`). */
  readonly role: string;
  /**
   * How the worker writes to Kafka. `transactionalId`: its records and input offsets commit in one transaction
   * (`transact`), and each epoch first fences its predecessor (KIP-98). `idempotentRole`: an idempotent producer
   * (`send`) and offsets the worker commits itself once what it wrote elsewhere is safe (the ClickHouse sink).
   */
  readonly producer: { readonly transactionalId: string } | { readonly idempotentRole: string };
  readonly group?: GroupTimings;
  /** Inputs with the same partitions and keys, read on the union of the partition numbers assigned (stores). */
  readonly coPartitioned?: boolean;
  /** How long a fetch of the input stream waits for records. */
  readonly maxWaitTime: number;
  readonly queue: InputQueueLimits;
  /** What the worker logs when an epoch starts reading (e.g. 'processing'). */
  readonly activity: string;
  readonly logger: Logger;
}

/**
 * The skeleton every exactly-once worker shares (the Processor, the anchoring worker, the ClickHouse sink; docs/design.md,
 * Exactly once): a static member of its group, read_committed, whose assignment changes end the epoch, and a loop of
 * epochs until stopped or fenced. An epoch fences the predecessor (transactional workers), reads the committed offsets,
 * lets the worker prepare (`beginEpoch`: restore state, read its ledger), opens the input stream at those offsets and
 * hands its queue to the worker (`consumeEpoch`) until a stop, a new assignment, a failed stream or an aborted
 * transaction ends it; the next epoch starts again from what is committed. A fencing error ends the loop with
 * FencedError (never retried); the clients close however the loop ends. The worker supplies only its own logic.
 */
export abstract class ExactlyOnceWorker implements ServiceWorker {
  protected readonly logger: Logger;
  /** The epoch's sleep: woken by input (as `queue` says), a new assignment, a stream error or a stop. */
  protected readonly waker = new Waker();
  readonly #settings: ExactlyOnceWorkerSettings;
  #stopping = false;
  #reassigned = false;
  #processing = false;
  #consumer: Consumer | undefined;
  #transactional: TransactionalProducer | undefined;
  #idempotent: Producer | undefined;
  #loop: Promise<void> | undefined;
  /** An error the consumer reported outside any call of ours (a failed rejoin), which ends the loop. */
  #consumerFailure: Error | undefined;

  constructor(settings: ExactlyOnceWorkerSettings) {
    this.#settings = settings;
    this.logger = settings.logger.child({ application: settings.application, instance: settings.instanceId });
  }

  /** Processing (not joining, restoring or between epochs): what /health/ready reports. */
  get processing(): boolean {
    return this.#processing;
  }

  /** Set by `stop()` (or fencing): the epoch in flight finishes its batch and the loop ends. */
  protected get stopping(): boolean {
    return this.#stopping;
  }

  /** The group assigned partitions anew since the epoch started: the epoch ends as soon as it sees it. */
  protected get reassigned(): boolean {
    return this.#reassigned;
  }

  protected get consumer(): Consumer {
    if (this.#consumer === undefined) throw new InternalError(`${this.#identity} is not started`);
    return this.#consumer;
  }

  get #identity(): string {
    return `${this.#settings.application}/${this.#settings.instanceId}`;
  }

  /**
   * Prepares the worker (`prepare`), creates its clients, joins the group and runs epochs. Settles when the loop ends:
   * resolved after `stop()`, rejected with FencedError when another instance took over this identity.
   */
  async start(): Promise<void> {
    await this.prepare();
    const settings = this.#settings;
    if ('transactionalId' in settings.producer) {
      this.#transactional = TransactionalProducer.of(settings.kafka, settings.producer.transactionalId);
    } else {
      this.#idempotent = createIdempotentProducer(settings.kafka, settings.producer.idempotentRole);
    }
    const { consumer, join } = exactlyOnceConsumer(settings.kafka, {
      groupId: settings.application,
      instanceId: settings.instanceId,
      role: settings.role,
      ...(settings.group === undefined ? {} : { group: settings.group }),
    });
    this.#consumer = consumer;
    consumer.on('consumer:group:join', (event: { generationId?: number; assignments?: unknown }) => {
      this.logger.info({ generation: event.generationId, assignments: event.assignments }, 'group assignment');
      this.#reassigned = true;
      this.waker.wake();
    });
    whenConsumerFails(consumer, this.#identity, this.logger, (failure) => {
      this.#consumerFailure ??= failure;
      this.#stopping = true;
      this.waker.wake();
    });
    // Tracked for the consumer's whole life: closing one epoch's stream never unsubscribes them.
    consumer.topics.trackAll(...settings.inputs);
    await join();
    this.joined(consumer);
    // Closed however the loop ends: a fenced instance that kept its consumer open would go on heartbeating with the
    // same group.instance.id and fight its successor for the membership.
    this.#loop = runEpochs({
      identity: this.#identity,
      logger: this.logger,
      stopping: () => this.#stopping,
      onFenced: () => void (this.#stopping = true),
      runEpoch: () => this.#runEpoch(),
    })
      .then(() => {
        if (this.#consumerFailure !== undefined) throw this.#consumerFailure;
      })
      .finally(() => this.#close());
    return this.#loop;
  }

  /** Finishes the batch in flight, then the loop ends and the clients close. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.waker.wake();
    await this.#loop?.catch(() => undefined);
  }

  /** Before the clients are created (internal topics, migrations). */
  protected prepare(): Promise<void> {
    return Promise.resolve();
  }

  /** Once the consumer joined the group, before the first epoch (e.g. lag monitoring). */
  protected joined(_consumer: Consumer): void {}

  /** Before the clients close, however the loop ended. */
  protected closing(): Promise<void> {
    return Promise.resolve();
  }

  /** After the committed offsets were read, before the input stream opens: restore state, read a ledger. */
  protected beginEpoch(_positions: EpochPositions): Promise<void> {
    return Promise.resolve();
  }

  /** Takes the epoch's input until `endOfEpoch` (checked once a round) says why it ends, or a batch aborted. */
  protected abstract consumeEpoch(input: InputQueue): Promise<EpochEnd>;

  /** Why the epoch must end now, or undefined to go on: stopping, a new assignment, or the input stream failed. */
  protected endOfEpoch(input: InputQueue): EpochEnd | undefined {
    if (this.#stopping) return 'stopping';
    if (this.#reassigned) return 'reassigned';
    if (input.error === undefined) return undefined;
    this.logger.warn({ err: input.error }, 'input stream failed');
    return 'stream-failed';
  }

  /**
   * One transaction: `messages` (in produce requests the broker accepts), then the offsets past `lastMessages` with
   * the group generation (KIP-98 sendOffsetsToTransaction, KIP-447: a member that lost its partitions cannot commit).
   * Undefined when committed (or nothing was read), else how it failed, logged with `about`: the epoch must then end
   * ('aborted') and the next reads again from what is committed. Fencing errors are thrown.
   */
  protected async transact(
    messages: readonly MessageToProduce[],
    lastMessages: readonly Message[],
    about: Record<string, unknown> = {},
  ): Promise<FailedTransaction | undefined> {
    const producer = this.#transactional;
    if (producer === undefined) throw new InternalError(`${this.#identity} has no transactional producer`);
    const consumer = this.consumer;
    if (lastMessages.length === 0) return undefined;
    const failed = await producer.transact(async (transaction) => {
      for (const chunk of produceChunks(messages)) await transaction.send({ messages: chunk });
      await transaction.addConsumer(consumer);
      for (const message of lastMessages) await transaction.addOffset(message);
    });
    if (failed !== undefined) {
      const { error, abortError, producerReplaced, inDoubt } = failed;
      this.logger.warn(
        { err: error, abortError, producerReplaced, inDoubt, ...about },
        'transaction failed; reading again from what is committed',
      );
    }
    return failed;
  }

  /** Sends `messages` on the idempotent producer; resolves once Kafka acknowledged them. */
  protected async send(messages: MessageToProduce[]): Promise<void> {
    const producer = this.#idempotent;
    if (producer === undefined) throw new InternalError(`${this.#identity} has no idempotent producer`);
    await producer.send({ messages });
  }

  async #close(): Promise<void> {
    await this.closing();
    await closeClients(this.logger, this.#consumer, this.#transactional ?? this.#idempotent);
  }

  async #runEpoch(): Promise<EpochEnd> {
    const consumer = this.consumer;
    const { inputs, coPartitioned } = this.#settings;
    this.#reassigned = false;
    // Order matters: a dead predecessor's transaction completes first (KIP-98; after a failed transaction step it is a
    // new producer's InitProducerId that completes it), then the committed offsets are read, then the worker's state.
    // Reading the state before the offsets could miss a commit landing in between, and the offsets would then skip
    // records whose effects were never restored.
    await this.#transactional?.fence();
    const positions = await committedPositions(consumer, inputs, coPartitioned === true);
    await this.beginEpoch(positions);
    if (this.#reassigned) return 'reassigned';
    const stream = await consumer.consume({
      topics: [...inputs],
      mode: MessagesStreamModes.MANUAL,
      offsets: [...positions.offsets],
      fallbackMode: MessagesStreamFallbackModes.EARLIEST,
      isolationLevel: FetchIsolationLevels.READ_COMMITTED,
      autocommit: false,
      maxWaitTime: this.#settings.maxWaitTime,
    });
    this.logger.info(
      {
        partitions: positions.assigned.map(({ topic, partitions }) => `${topic}[${partitions.join(',')}]`),
        offsets: positions.offsets.map(({ topic, partition, offset }) => `${topic}/${partition}@${offset}`),
      },
      this.#settings.activity,
    );
    try {
      const input = new InputQueue(stream, this.waker, this.#settings.queue);
      this.#processing = true;
      return await this.consumeEpoch(input);
    } finally {
      this.#processing = false;
      await stream.close().catch((error: unknown) => this.logger.warn({ err: error }, 'closing the input stream'));
    }
  }
}
