import type { Message, MessageToProduce } from '@platformatic/kafka';
import { type EpochEnd, ExactlyOnceWorker, type InputQueue, type KafkaConfig } from '@vz/kafka';
import type { AnchorBatch, AnchorLeafChunk, TopicCodec } from '@vz/schemas';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { OpenBatch, partitionKey, type SealedBatch } from './batch.ts';
import { readAnchorLedger } from './anchors.ts';
import { ConfigError } from '@vz/core';

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
 * Cuts the anchored topics into Merkle batches (docs/design.md, Chain). Each batch is sealed in one Kafka
 * transaction that writes its AnchorBatch (root, ranges; txHash null) to ledger.anchors, its leaves to
 * ledger.anchor-leaves and the input offsets it covers (KIP-98 sendOffsetsToTransaction): a crash at any point leaves
 * every record in exactly one sealed batch. connectors/chain anchors the sealed root and writes the anchored record.
 *
 * Not a Processor: a batch spans every anchored topic (their partition counts differ) and closes on a count or an
 * age, not per record. One instance writes at a time: the transactional id is the application's, so a second
 * instance fences the first (a standby). Batches are not replay-deterministic (which records share a batch depends
 * on arrival); what is guaranteed is that every committed record of an anchored topic is in exactly one batch.
 */
export class AnchoringWorker extends ExactlyOnceWorker {
  readonly #options: AnchoringWorkerOptions;
  readonly #metrics: ReturnType<typeof anchoringMetrics>;
  /** The batch the epoch seals next, after the last one sealed. */
  #next: { batchId: bigint; previous: string | undefined } = { batchId: 0n, previous: undefined };

  constructor(options: AnchoringWorkerOptions) {
    if (options.inputs.length === 0) throw new ConfigError('anchoring needs at least one anchored topic');
    super({
      application: options.application,
      instanceId: options.instanceId,
      kafka: options.kafka,
      inputs: options.inputs,
      role: 'anchoring',
      producer: { transactionalId: options.application },
      maxWaitTime: 100,
      queue: { pauseAt: options.maxLeaves, wakeAt: options.maxLeaves, wakeOnFirst: true },
      activity: 'anchoring',
      logger: options.logger,
    });
    this.#options = options;
    this.#metrics = anchoringMetrics(options.metricsRegistry);
  }

  /** The last sealed batch, read after the offsets: the batch numbers go on from what is committed. */
  protected override async beginEpoch(): Promise<void> {
    const sealed = await readAnchorLedger(this.#options.kafka, this.#options.anchors);
    const last = sealed.at(-1);
    this.#next = { batchId: last === undefined ? 0n : BigInt(last.batch.batchId) + 1n, previous: last?.batch.eventId };
    this.logger.info({ nextBatch: String(this.#next.batchId) }, 'last sealed batch read');
  }

  protected async consumeEpoch(input: InputQueue): Promise<EpochEnd> {
    const { maxLeaves, maxAgeMs } = this.#options;
    const queue = input.messages;
    let batch = new OpenBatch();
    let lastMessages = new Map<string, Message>();
    for (;;) {
      const end = this.endOfEpoch(input);
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
        const { batchId, previous } = this.#next;
        const sealed = batch.seal({
          batchId,
          previousEventId: previous ?? 'genesis',
          chainId: this.#options.chainId,
          contractAddress: this.#options.contractAddress,
          chunkSize: this.#options.chunkSize,
        });
        if (!(await this.#commit(sealed, [...lastMessages.values()]))) return 'aborted';
        this.#next = { batchId: batchId + 1n, previous: sealed.batch.eventId };
        batch = new OpenBatch();
        lastMessages = new Map();
        continue;
      }
      if (queue.length === 0) {
        const remaining = batch.openedAt === undefined ? 200 : Math.max(1, maxAgeMs - age);
        await this.waker.wait(Math.min(remaining, 200));
      }
    }
  }

  /** One transaction: the leaf chunks, the sealed batch, the input offsets it covers. False when aborted. */
  async #commit(sealed: SealedBatch, lastMessages: readonly Message[]): Promise<boolean> {
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
    // When it fails the next epoch reads the offsets and the last sealed batch again: whether this one landed or not,
    // the batch numbers go on from what is committed.
    if ((await this.transact(messages, lastMessages, { batchId: batch.batchId })) !== undefined) return false;
    const seconds = (performance.now() - started) / 1000;
    this.#metrics.batches.inc();
    this.#metrics.leaves.inc(batch.leafCount);
    this.#metrics.sealSeconds.observe(seconds);
    this.logger.info(
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
