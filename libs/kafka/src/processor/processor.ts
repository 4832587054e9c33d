import { setTimeout as sleep } from 'node:timers/promises';
import { Admin, type Consumer, type Message, type MessageToProduce } from '@platformatic/kafka';
import { ConfigError, InputError, InternalError, isRetriable } from '@vz/core';
import {
  type AvroCodec,
  changelogTopicName,
  type DeadLetter,
  type DeadLetterStage,
  type TopicCodec,
} from '@vz/schemas';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ensureDeadLetterTopic } from '../admin/dead-letter-topic.ts';
import { ensureTopics } from '../admin/ensure-topics.ts';
import { baseClientOptions, type KafkaConfig } from '../client/config.ts';
import type { EpochEnd, EpochPositions, InputQueue } from './epochs.ts';
import { ExactlyOnceWorker } from './exactly-once-worker.ts';
import { IndexStores } from '../state/index-stores.ts';
import { KeyedStore, StagedUpdates } from '../state/keyed-store.ts';
import { restorePartitions } from '../state/restore.ts';
import type { Serde } from '../state/serde.ts';
import { loggedDeadLetter } from './dead-letters.ts';
import { createProcessorMetrics, type ProcessorMetrics } from './metrics.ts';
import type { IndexReader, InputRecord, ProcessFunction, ProcessResult, StoreDefinition } from './types.ts';

export interface ProcessorOptions<Input, State> {
  /** Consumer group, transactional id prefix and prefix of the internal topics (`<application>-dlq`). */
  readonly application: string;
  /**
   * Stable name of this instance (e.g. the pod name). It is the static group membership id (KIP-345), so a restarted
   * instance takes its partitions back without a rebalance, and part of the transactional id, so a restarted instance
   * fences its dead predecessor's open transaction at once (KIP-98) instead of waiting for it to time out.
   */
  readonly instanceId: string;
  readonly kafka: KafkaConfig;
  readonly codec: AvroCodec;
  /** Co-partitioned input topics (same partition count, same keys), each through its codec. */
  readonly inputs: readonly TopicCodec<Input>[];
  readonly store?: StoreDefinition<State>;
  /**
   * Further stores keyed by something other than the input key (indexes), each with its own compacted changelog
   * `<application>-<name>-changelog`, restored and committed with the main store. The function reads them through
   * its third argument and writes them with `indexEntries` (`indexEntry`).
   */
  readonly indexes?: readonly StoreDefinition<unknown>[];
  readonly process: ProcessFunction<Input, State>;
  readonly logger: Logger;
  readonly metricsRegistry: Registry;
  readonly batch?: { readonly maxRecords?: number; readonly lingerMs?: number };
  /** Retries of the function for errors whose `retriable` flag is set; then the record goes to the DLQ. */
  readonly retry?: {
    readonly maxAttempts?: number;
    readonly initialBackoffMs?: number;
    readonly maxBackoffMs?: number;
  };
  readonly group?: { readonly sessionTimeoutMs?: number; readonly heartbeatIntervalMs?: number };
}

type Outcome<State> =
  | { readonly ok: true; readonly result: ProcessResult<State> }
  | { readonly ok: false; readonly error: unknown; readonly attempts: number };

function retriable(error: unknown): boolean {
  return isRetriable(error) || (error as { retriable?: unknown } | null)?.retriable === true;
}

/**
 * Consume-transform-produce with exactly-once semantics (docs/design.md, Exactly once), on the ExactlyOnceWorker's
 * epochs: at the start of each, after the committed input offsets were read, the store partitions it does not hold
 * are restored from their changelog. Records are taken in batches; each batch runs the function record by record
 * against staged state, then writes outputs, changelog entries, dead letters and the input offsets in one Kafka
 * transaction (offsets carry the group generation, so a stale member's commit is refused: KIP-447). The store sees a
 * batch's state only after its commit. A rebalance, an aborted transaction or a failed stream ends the epoch and the
 * next one starts again from what is committed, which is what makes a crash at any instant safe: nothing uncommitted
 * was ever visible.
 */
export class Processor<Input, State = never> extends ExactlyOnceWorker {
  readonly #options: ProcessorOptions<Input, State>;
  readonly #metrics: ProcessorMetrics;
  readonly #codecsByTopic: Map<string, TopicCodec<Input>>;
  readonly #store = new KeyedStore<State>();
  readonly #changelogTopic: string | undefined;
  readonly #indexes: IndexStores;
  readonly #maxRecords: number;
  readonly #lingerMs: number;
  #deadLetterCodec: TopicCodec<DeadLetter> | undefined;

  constructor(options: ProcessorOptions<Input, State>) {
    if (options.inputs.length === 0)
      throw new ConfigError(`${options.application}: a processor needs at least one input`);
    const maxRecords = options.batch?.maxRecords ?? 2_000;
    super({
      application: options.application,
      instanceId: options.instanceId,
      kafka: options.kafka,
      inputs: options.inputs.map((codec) => codec.topic),
      role: 'consumer',
      producer: { transactionalId: `${options.application}-${options.instanceId}` },
      ...(options.group === undefined ? {} : { group: options.group }),
      coPartitioned: true,
      maxWaitTime: 50,
      // Woken by a full batch only: a partial one is taken after the linger (see consumeEpoch).
      queue: { pauseAt: maxRecords * 4, wakeAt: maxRecords, wakeOnFirst: false },
      activity: 'processing',
      logger: options.logger,
    });
    this.#options = options;
    this.#metrics = createProcessorMetrics(options.metricsRegistry, options.application);
    this.#codecsByTopic = new Map(options.inputs.map((codec) => [codec.topic, codec]));
    this.#changelogTopic = options.store && changelogTopicName(options.application, options.store.name);
    this.#indexes = new IndexStores(options.indexes ?? [], options.store?.name);
    this.#maxRecords = maxRecords;
    this.#lingerMs = options.batch?.lingerMs ?? 10;
  }

  /** Creates the internal topics (changelogs, dead letters) before the clients join. */
  protected override prepare(): Promise<void> {
    return this.#ensureInternalTopics();
  }

  protected override joined(consumer: Consumer): void {
    const inputs = [...this.#codecsByTopic.keys()];
    consumer.startLagMonitoring({ topics: inputs }, 5_000);
    consumer.on('consumer:lag', (lag: Map<string, bigint[]>) => this.#recordLag(lag));
  }

  protected override closing(): Promise<void> {
    this.consumer.stopLagMonitoring();
    return Promise.resolve();
  }

  async #ensureInternalTopics(): Promise<void> {
    const admin = new Admin(baseClientOptions(this.#options.kafka, 'admin'));
    try {
      const inputTopics = [...this.#codecsByTopic.keys()];
      const metadata = await admin.metadata({ topics: inputTopics });
      const partitionCounts = new Set(inputTopics.map((topic) => metadata.topics.get(topic)?.partitionsCount));
      const [partitions] = [...partitionCounts];
      if (partitionCounts.size !== 1 || partitions === undefined) {
        throw new ConfigError(`${this.#options.application}: inputs ${inputTopics.join(', ')} are not co-partitioned`);
      }
      const changelogs = [
        ...(this.#changelogTopic === undefined ? [] : [this.#changelogTopic]),
        ...this.#indexes.definitions().map((index) => this.#indexChangelogTopic(index.name)),
      ];
      if (changelogs.length > 0) {
        await ensureTopics(
          admin,
          changelogs.map((name) => ({ name, partitions, configs: { 'cleanup.policy': 'compact' } })),
        );
      }
      this.#deadLetterCodec = await ensureDeadLetterTopic(
        admin,
        this.#options.codec,
        this.#options.application,
        partitions,
      );
    } finally {
      await admin.close();
    }
  }

  #assignedPartitions(): number[] {
    const partitions = new Set<number>();
    for (const assignment of this.consumer.assignments ?? []) {
      if (this.#codecsByTopic.has(assignment.topic))
        for (const partition of assignment.partitions) partitions.add(partition);
    }
    return [...partitions].sort((a, b) => a - b);
  }

  /** Restores the store partitions of the assignment it does not hold, after the committed offsets were read. */
  protected override beginEpoch(positions: EpochPositions): Promise<void> {
    const assigned = [...new Set(positions.assigned.flatMap(({ partitions }) => partitions))].sort((a, b) => a - b);
    return this.#restoreStores(assigned);
  }

  #indexChangelogTopic(name: string): string {
    return changelogTopicName(this.#options.application, name);
  }

  /** The main store, then each index store, from its changelog. */
  async #restoreStores(assigned: readonly number[]): Promise<void> {
    const { store } = this.#options;
    if (store !== undefined && this.#changelogTopic !== undefined) {
      await this.#restoreStore(this.#store, this.#changelogTopic, store.serde, assigned);
    }
    for (const index of this.#indexes.definitions()) {
      if (this.reassigned) return;
      const target = this.#indexes.store(index.name);
      await this.#restoreStore(target, this.#indexChangelogTopic(index.name), index.serde, assigned);
    }
  }

  async #restoreStore<Value>(
    target: KeyedStore<Value>,
    changelogTopic: string,
    serde: Serde<Value>,
    assigned: readonly number[],
  ): Promise<void> {
    for (const partition of target.partitions()) if (!assigned.includes(partition)) target.drop(partition);
    const missing = assigned.filter((partition) => !target.hasPartition(partition));
    if (missing.length === 0) return;
    const started = performance.now();
    const restored = await restorePartitions({
      clientOptions: baseClientOptions(this.#options.kafka, 'restore'),
      groupId: `${this.#options.application}-restore-${this.#options.instanceId}`,
      changelogTopic,
      partitions: missing,
      serde,
      logger: this.logger,
    });
    let records = 0;
    for (const partition of restored) {
      target.load(partition.partition, partition.entries);
      records += partition.records;
    }
    const seconds = (performance.now() - started) / 1000;
    this.#metrics.restoreSeconds.observe(this.#metrics.labels, seconds);
    this.#metrics.restoredRecords.inc(this.#metrics.labels, records);
    this.logger.info(
      {
        changelogTopic,
        partitions: missing,
        records,
        keys: missing.map((p) => target.size(p)),
        seconds: Number(seconds.toFixed(3)),
      },
      'state restored',
    );
  }

  protected async consumeEpoch(input: InputQueue): Promise<EpochEnd> {
    const queue = input.messages;
    for (;;) {
      const end = this.endOfEpoch(input);
      if (end !== undefined) return end;
      if (queue.length < this.#maxRecords) {
        // Wait for a full batch, but no longer than the linger (or 100 ms when idle, to look at the flags again).
        await this.waker.wait(queue.length === 0 ? 100 : this.#lingerMs);
        if (queue.length === 0 || this.stopping || this.reassigned) continue;
      }
      const batch = queue.splice(0, this.#maxRecords);
      input.resumeIfDrained();
      if (!(await this.#processBatch(batch))) return 'aborted';
    }
  }

  /** Runs one batch and commits it in one transaction. Returns false when the transaction was aborted. */
  async #processBatch(batch: readonly Message[]): Promise<boolean> {
    const started = performance.now();
    const staged = new StagedUpdates<State>();
    const stagedIndexes = this.#indexes.batch();
    const changelog = new Map<string, MessageToProduce>();
    const indexChangelogs = new Map<string, MessageToProduce>();
    const toProduce: MessageToProduce[] = [];
    const lastByPartition = new Map<string, Message>();
    const inCounts = new Map<string, number>();
    const outCounts = new Map<string, number>();
    const deadLetterCounts = new Map<DeadLetterStage, number>();
    const deadLetter = (message: Message, stage: DeadLetterStage, error: unknown, attempts: number): void => {
      const codec = this.#deadLetterCodec;
      if (codec === undefined) throw new InternalError('dead-letter codec not bound');
      const letter = loggedDeadLetter(this.#options.application, message, { stage, error, attempts }, this.logger);
      toProduce.push({
        topic: codec.topic,
        partition: message.partition,
        key: message.key,
        value: codec.encode(letter),
      });
      deadLetterCounts.set(stage, (deadLetterCounts.get(stage) ?? 0) + 1);
    };

    for (const message of batch) {
      inCounts.set(message.topic, (inCounts.get(message.topic) ?? 0) + 1);
      lastByPartition.set(`${message.topic}:${message.partition}`, message);
      const codec = this.#codecsByTopic.get(message.topic);
      if (codec === undefined) continue;
      let value: Input;
      try {
        value = await codec.decode(message.value, message);
      } catch (error) {
        // A registry that cannot be reached is not the record's fault: abort and read the batch again later.
        if (retriable(error)) throw error;
        deadLetter(message, 'DECODE', error, 1);
        continue;
      }
      const key = message.key === undefined || message.key === null ? null : message.key.toString('utf8');
      if (this.#options.store !== undefined && key === null) {
        deadLetter(message, 'VALIDATE', new InputError('record has no key, and the processor keeps state by key'), 1);
        continue;
      }
      const record: InputRecord<Input> = {
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        timestamp: message.timestamp,
        key,
        value,
      };
      const state = key === null ? undefined : staged.read(this.#store, message.partition, key);
      const outcome = await this.#runFunction(record, state, stagedIndexes.reader(message.partition));
      if (!outcome.ok) {
        deadLetter(message, 'PROCESS', outcome.error, outcome.attempts);
        continue;
      }
      let encoded: { outputs: MessageToProduce[]; changelog: MessageToProduce | undefined };
      let indexChangelog: Array<[string, MessageToProduce]>;
      try {
        encoded = this.#encodeResult(message, key, outcome.result);
        indexChangelog = this.#encodeIndexEntries(message, outcome.result);
        stagedIndexes.stage(message.partition, outcome.result.indexEntries ?? []);
      } catch (error) {
        deadLetter(message, 'PROCESS', error, 1);
        continue;
      }
      toProduce.push(...encoded.outputs);
      // Only a key's last state in the batch goes to the changelog: restoring needs nothing else (Kafka Streams'
      // record cache does the same), and a busy key no longer writes its whole state once per record.
      if (encoded.changelog !== undefined) changelog.set(`${message.partition}:${key ?? ''}`, encoded.changelog);
      for (const [id, entry] of indexChangelog) indexChangelogs.set(id, entry);
      for (const output of outcome.result.outputs ?? [])
        outCounts.set(output.topic, (outCounts.get(output.topic) ?? 0) + 1);
      if (key !== null && outcome.result.state !== undefined)
        staged.stage(message.partition, key, outcome.result.state);
    }

    toProduce.push(...changelog.values(), ...indexChangelogs.values());
    if (!(await this.#commit(toProduce, [...lastByPartition.values()]))) return false;
    this.#store.apply(staged);
    this.#indexes.apply(stagedIndexes);
    const { labels } = this.#metrics;
    const seconds = (performance.now() - started) / 1000;
    this.#metrics.commitSeconds.observe(labels, seconds);
    this.logger.debug(
      { records: batch.length, produced: toProduce.length, ms: Math.round(seconds * 1000) },
      'batch committed',
    );
    for (const [topic, count] of inCounts) this.#metrics.recordsIn.inc({ ...labels, topic }, count);
    for (const [topic, count] of outCounts) this.#metrics.recordsOut.inc({ ...labels, topic }, count);
    for (const [stage, count] of deadLetterCounts) this.#metrics.deadLetters.inc({ ...labels, stage }, count);
    return true;
  }

  /** Encodes the outputs and the state (serialized here, so a state that cannot be written dead-letters its record). */
  #encodeResult(
    message: Message,
    key: string | null,
    result: ProcessResult<State>,
  ): { outputs: MessageToProduce[]; changelog: MessageToProduce | undefined } {
    const outputs: MessageToProduce[] = (result.outputs ?? []).map((output) => ({
      topic: output.topic,
      key: Buffer.from(output.key, 'utf8'),
      value: output.encode(),
    }));
    const { store } = this.#options;
    if (store === undefined || this.#changelogTopic === undefined || key === null || result.state === undefined)
      return { outputs, changelog: undefined };
    // Changelog partition = input partition (Kafka Streams does the same), so restoring a partition reads one.
    const changelog = {
      topic: this.#changelogTopic,
      partition: message.partition,
      key: Buffer.from(key, 'utf8'),
      value: result.state === null ? null : store.serde.serialize(result.state),
    } as MessageToProduce;
    return { outputs, changelog };
  }

  /** The changelog records of a result's index entries, each with its id in the batch's changelog map. */
  #encodeIndexEntries(message: Message, result: ProcessResult<State>): Array<[string, MessageToProduce]> {
    return (result.indexEntries ?? []).map((entry) => {
      this.#indexes.store(entry.index); // throws for a name that is not one of the processor's indexes
      const topic = this.#indexChangelogTopic(entry.index);
      const record = {
        topic,
        partition: message.partition,
        key: Buffer.from(entry.key, 'utf8'),
        value: entry.encode(),
      } as MessageToProduce;
      return [`${topic}:${message.partition}:${entry.key}`, record];
    });
  }

  async #runFunction(
    record: InputRecord<Input>,
    state: State | undefined,
    indexes: IndexReader,
  ): Promise<Outcome<State>> {
    const maxAttempts = this.#options.retry?.maxAttempts ?? 5;
    const initialBackoffMs = this.#options.retry?.initialBackoffMs ?? 100;
    const maxBackoffMs = this.#options.retry?.maxBackoffMs ?? 5_000;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return { ok: true, result: await this.#options.process(record, state, indexes) };
      } catch (error) {
        if (!retriable(error) || attempt >= maxAttempts) return { ok: false, error, attempts: attempt };
        this.logger.warn({ err: error, attempt, offset: String(record.offset) }, 'retriable failure; retrying');
        await sleep(Math.min(initialBackoffMs * 2 ** (attempt - 1), maxBackoffMs));
      }
    }
  }

  /** One transaction: the batch's records, then its input offsets (KIP-98 sendOffsetsToTransaction). */
  async #commit(toProduce: MessageToProduce[], lastMessages: readonly Message[]): Promise<boolean> {
    const failed = await this.transact(toProduce, lastMessages);
    if (failed === undefined) return true;
    this.#metrics.aborts.inc(this.#metrics.labels);
    // The commit may have landed: forget all state and restore it along with the offsets Kafka holds as committed.
    if (failed.inDoubt) {
      this.#store.dropAll();
      this.#indexes.dropAll();
    }
    return false;
  }

  #recordLag(lag: Map<string, bigint[]>): void {
    const assigned = new Set(this.#assignedPartitions());
    for (const [topic, partitions] of lag) {
      partitions.forEach((value, partition) => {
        if (assigned.has(partition) && value >= 0n) {
          this.#metrics.lag.set({ ...this.#metrics.labels, topic, partition: String(partition) }, Number(value));
        }
      });
    }
  }
}
