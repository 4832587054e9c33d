import {
  type Consumer,
  FetchIsolationLevels,
  type Message,
  type MessagesStream,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  type MessageToProduce,
} from '@platformatic/kafka';
import {
  closeClients,
  committedPositions,
  type EpochEnd,
  exactlyOnceConsumer,
  InputQueue,
  type KafkaConfig,
  produceChunks,
  type ServiceWorker,
  EpochLoop,
  TransactionalProducer,
} from '@vz/kafka';
import type { AnchorBatch, AnchorLeafChunk, TopicCodec } from '@vz/schemas';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { OpenBatch, partitionKey, type SealedBatch } from './batch.ts';
import { readAnchorLedger } from './anchors.ts';

export interface AnchoringWorkerOptions {
  /** Consumer group and transactional id: one active writer, so batch numbers form one sequence. */
  readonly application: string;
  /** Static group member id (KIP-345) of this instance. */
  readonly instanceId: string;
  readonly kafka: KafkaConfig;
  /** The anchored topics (the catalog's `anchored: true`), as named on this cluster. */
  readonly inputs: readonly string[];
  readonly anchors: TopicCodec<AnchorBatch>;
  readonly leaves: TopicCodec<AnchorLeafChunk>;
  /** A batch closes at this many leaves... */
  readonly maxLeaves: number;
  /** ...or this long after its first record arrived, whichever comes first. */
  readonly maxAgeMs: number;
  /** Leaves per ledger.anchor-leaves record (keep a record well under 1 MiB: ~120 bytes a leaf). */
  readonly chunkSize: number;
  readonly chainId: number;
  readonly contractAddress: string | null;
  readonly logger: Logger;
  readonly metricsRegistry: Registry;
}

/**
 * Cuts the anchored topics into Merkle batches (DESIGN.md, Chain; issue 6). Each batch is sealed in one Kafka
 * transaction that writes its AnchorBatch (root, ranges; txHash null) to ledger.anchors, its leaves to
 * ledger.anchor-leaves and the input offsets it covers (KIP-98 sendOffsetsToTransaction): a crash at any point leaves
 * every record in exactly one sealed batch. connectors/chain anchors the sealed root and writes the anchored record.
 *
 * Not a Processor: a batch spans every anchored topic (their partition counts differ) and closes on a count or an
 * age, not per record. One instance writes at a time: the transactional id is the application's, so a second
 * instance fences the first (a standby). Batches are not replay-deterministic (which records share a batch depends
 * on arrival); what is guaranteed is that every committed record of an anchored topic is in exactly one batch.
 */
export class AnchoringWorker implements ServiceWorker {
  readonly #options: AnchoringWorkerOptions;
  readonly #logger: Logger;
  readonly #metrics: ReturnType<typeof anchoringMetrics>;
  #producer: TransactionalProducer | undefined;
  #consumer: Consumer | undefined;
  #processing = false;
  readonly #epochs: EpochLoop;

  constructor(options: AnchoringWorkerOptions) {
    if (options.inputs.length === 0) throw new Error('anchoring needs at least one anchored topic');
    this.#options = options;
    this.#logger = options.logger.child({ application: options.application, instance: options.instanceId });
    this.#metrics = anchoringMetrics(options.metricsRegistry);
    this.#epochs = new EpochLoop(`${options.application}/${options.instanceId}`, this.#logger);
  }

  get processing(): boolean {
    return this.#processing;
  }

  async start(): Promise<void> {
    const options = this.#options;
    this.#producer = TransactionalProducer.of(options.kafka, options.application);
    const { consumer, join } = exactlyOnceConsumer(options.kafka, {
      groupId: options.application,
      instanceId: options.instanceId,
      role: 'anchoring',
    });
    this.#consumer = consumer;
    return this.#epochs.start(
      { consumer, join },
      options.inputs,
      () => this.#runEpoch(),
      () => this.#close(),
    );
  }

  stop(): Promise<void> {
    return this.#epochs.stop();
  }

  #close(): Promise<void> {
    return closeClients(this.#logger, this.#consumer, this.#producer);
  }

  async #runEpoch(): Promise<EpochEnd> {
    const consumer = this.#consumer;
    const producer = this.#producer;
    if (consumer === undefined || producer === undefined) throw new Error('not started');
    this.#epochs.reassigned = false;
    // A dead predecessor's transaction completes before anything is read (KIP-98), so the offsets and the last
    // sealed batch read next are exactly what it committed. After a failed transaction step it is a new producer's
    // InitProducerId that completes the transaction left open.
    await producer.fence();
    const { assigned, offsets } = await committedPositions(consumer, this.#options.inputs);
    const sealed = await readAnchorLedger(this.#options.kafka, this.#options.anchors);
    const last = sealed.at(-1);
    let next = { batchId: last === undefined ? 0n : BigInt(last.batch.batchId) + 1n, previous: last?.batch.eventId };
    if (this.#epochs.reassigned) return 'reassigned';
    const stream = await consumer.consume({
      topics: [...this.#options.inputs],
      mode: MessagesStreamModes.MANUAL,
      offsets,
      fallbackMode: MessagesStreamFallbackModes.EARLIEST,
      isolationLevel: FetchIsolationLevels.READ_COMMITTED,
      autocommit: false,
      maxWaitTime: 100,
    });
    this.#logger.info(
      { nextBatch: String(next.batchId), partitions: assigned.map((a) => `${a.topic}[${a.partitions.join(',')}]`) },
      'anchoring',
    );
    try {
      return await this.#consumeEpoch(
        stream,
        (sealedBatch) => {
          next = { batchId: next.batchId + 1n, previous: sealedBatch.batch.eventId };
        },
        () => next,
      );
    } finally {
      this.#processing = false;
      await stream.close().catch((error: unknown) => this.#logger.warn({ err: error }, 'closing the input stream'));
    }
  }

  async #consumeEpoch(
    stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>,
    onSealed: (sealed: SealedBatch) => void,
    next: () => { batchId: bigint; previous: string | undefined },
  ): Promise<EpochEnd> {
    const { maxLeaves, maxAgeMs } = this.#options;
    const input = new InputQueue(stream, maxLeaves, this.#epochs.waker);
    const queue = input.messages;
    let batch = new OpenBatch();
    let lastMessages = new Map<string, Message>();
    this.#processing = true;
    for (;;) {
      const end = this.#epochs.endOfEpoch(input.error);
      if (end !== undefined) return end;
      const now = Date.now();
      for (const message of queue.splice(0, maxLeaves - batch.size)) {
        batch.add(message, now);
        lastMessages.set(partitionKey(message.topic, message.partition), message);
      }
      input.resumeIfDrained();
      this.#metrics.openLeaves.set(batch.size);
      const age = batch.openedAt === undefined ? 0 : now - batch.openedAt;
      if (batch.size > 0 && (batch.size >= maxLeaves || age >= maxAgeMs)) {
        const { batchId, previous } = next();
        const sealed = batch.seal({
          batchId,
          previousEventId: previous ?? 'genesis',
          chainId: this.#options.chainId,
          contractAddress: this.#options.contractAddress,
          chunkSize: this.#options.chunkSize,
        });
        if (!(await this.#commit(sealed, [...lastMessages.values()]))) return 'aborted';
        onSealed(sealed);
        batch = new OpenBatch();
        lastMessages = new Map();
        continue;
      }
      if (queue.length === 0) {
        const remaining = batch.openedAt === undefined ? 200 : Math.max(1, maxAgeMs - age);
        await this.#epochs.waker.wait(Math.min(remaining, 200));
      }
    }
  }

  /** One transaction: the leaf chunks, the sealed batch, the input offsets it covers. False when aborted. */
  async #commit(sealed: SealedBatch, lastMessages: readonly Message[]): Promise<boolean> {
    const producer = this.#producer;
    const consumer = this.#consumer;
    if (producer === undefined || consumer === undefined) throw new Error('not started');
    const started = performance.now();
    const { batch, chunks } = sealed;
    const messages: MessageToProduce[] = [
      ...chunks.map((chunk) => ({
        topic: this.#options.leaves.topic,
        key: Buffer.from(batch.batchId),
        value: this.#options.leaves.encode(chunk),
      })),
      {
        topic: this.#options.anchors.topic,
        key: Buffer.from(batch.batchId),
        value: this.#options.anchors.encode(batch),
      },
    ];
    const failed = await producer.transact(async (transaction) => {
      for (const chunk of produceChunks(messages)) await transaction.send({ messages: chunk });
      await transaction.addConsumer(consumer);
      for (const message of lastMessages) await transaction.addOffset(message);
    });
    if (failed !== undefined) {
      // The next epoch reads the offsets and the last sealed batch again: whether this one landed or not, the batch
      // numbers go on from what is committed.
      const { error, abortError, producerReplaced, inDoubt } = failed;
      this.#logger.warn(
        { err: error, abortError, producerReplaced, inDoubt, batchId: batch.batchId },
        'sealing failed; reading again',
      );
      return false;
    }
    const seconds = (performance.now() - started) / 1000;
    this.#metrics.batches.inc();
    this.#metrics.leaves.inc(batch.leafCount);
    this.#metrics.sealSeconds.observe(seconds);
    this.#logger.info(
      { batchId: batch.batchId, leaves: batch.leafCount, root: batch.merkleRoot, ms: Math.round(seconds * 1000) },
      'batch sealed',
    );
    return true;
  }
}

function anchoringMetrics(registry: Registry) {
  return {
    leaves: new Counter({
      name: 'vz_anchoring_leaves_total',
      help: 'Records of anchored topics sealed into batches.',
      registers: [registry],
    }),
    batches: new Counter({ name: 'vz_anchoring_batches_total', help: 'Batches sealed.', registers: [registry] }),
    sealSeconds: new Histogram({
      name: 'vz_anchoring_seal_seconds',
      help: 'Time to commit a sealed batch (leaves, batch record, offsets).',
      registers: [registry],
    }),
    openLeaves: new Gauge({
      name: 'vz_anchoring_open_leaves',
      help: 'Leaves in the batch being filled.',
      registers: [registry],
    }),
  };
}
