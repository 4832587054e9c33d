import type { ClickHouseClient } from '@clickhouse/client';
import { Admin, type Message } from '@platformatic/kafka';
import {
  baseClientOptions,
  type EpochEnd,
  ensureDeadLetterTopic,
  ExactlyOnceWorker,
  type InputQueue,
  type KafkaConfig,
  loggedDeadLetter,
} from '@vz/kafka';
import type { AvroCodec, DeadLetter, DeadLetterStage, TopicCodec } from '@vz/schemas';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { clickhouseExecutor, type SqlExecutor } from '../executor.ts';
import { applyMigrations, appliedMigrationVersions } from '../migrations.ts';
import { feedsRollups, markRollupDays, rollupDaysOf } from '../rollups.ts';
import { RollupRefresher } from './rollup-refresher.ts';
import type { RecordMapper } from './rows.ts';
import { type InsertColumn, tabSeparatedRow } from './tab-separated.ts';
import { type EncodedRow, insertBisecting, insertColumns } from './writer.ts';
import { ConfigError, InternalError, NotFoundError } from '@vz/core';

export interface SinkWorkerOptions {
  /** Consumer group, and the dead-letter topic `<application>-dlq`. */
  readonly application: string;
  /** Static group member id (KIP-345) of this instance. */
  readonly instanceId: string;
  readonly kafka: KafkaConfig;
  /** The input topics as named on this cluster, each with its codec and the mapper of its records to rows. */
  readonly inputs: readonly { readonly codec: TopicCodec<Record<string, unknown>>; readonly mapper: RecordMapper }[];
  /** Registers the dead-letter topic's schema. */
  readonly codec: AvroCodec;
  readonly clickhouse: ClickHouseClient;
  readonly database: string;
  /** A batch is written at this many rows (all tables together)... */
  readonly maxRows: number;
  /** ...or this long after its first record arrived, whichever first. */
  readonly maxMs: number;
  /** Retries of a failing ClickHouse back off from 100 ms, doubling, to this. */
  readonly maxBackoffMs: number;
  /** Pause between two rounds of refreshing the rollups; 0: this instance does not refresh them. */
  readonly rollupRefreshMs: number;
  readonly logger: Logger;
  readonly metricsRegistry: Registry;
}

/** The record a row came from, and the message it arrived in (for its dead letter). */
type Origin = Message;

/** One batch being filled: rows per table, dead letters, the last message of each partition. */
class SinkBatch {
  readonly rows = new Map<string, EncodedRow<Origin>[]>();
  readonly deadLetters: { message: Message; stage: DeadLetterStage; error: unknown }[] = [];
  readonly last = new Map<string, Message>();
  /** The days of the rows, per base table of a rollup: marked once the rows are in (`rollups.ts`). */
  readonly rollupDays = new Map<string, Set<string>>();
  rowCount = 0;
  records = 0;
  openedAt: number | undefined;

  add(message: Message, now: number): void {
    this.openedAt ??= now;
    this.records += 1;
    this.last.set(`${message.topic}:${message.partition}`, message);
  }
}

/**
 * The Kafka → ClickHouse sink (docs/analytics.md). Reads the topics of the model's tables (read_committed,
 * a static member of its group), maps each record to its tables' rows (`rows.ts`), writes a batch per table as
 * TabSeparated, and commits the batch's offsets to Kafka only once ClickHouse acknowledged every insert of it: at
 * least once into ClickHouse, exactly once in effect, since the tables replace re-delivered rows by `version` and the
 * views read FINAL.
 *
 * Failures: a ClickHouse that is down, slow or failing is retried with a capped exponential backoff, the batch kept
 * and nothing committed, for as long as it takes; a row ClickHouse rejects is found by bisecting the insert and its
 * record goes to `<application>-dlq` with the server's message; an undecodable record goes there too. A partition
 * never skips: its offset moves only past records that are in ClickHouse or in the dead-letter topic.
 */
export class SinkWorker extends ExactlyOnceWorker {
  readonly #options: SinkWorkerOptions;
  readonly #metrics: ReturnType<typeof sinkMetrics>;
  readonly #inputs: Map<string, SinkWorkerOptions['inputs'][number]>;
  #deadLetters: TopicCodec<DeadLetter> | undefined;
  #columns = new Map<string, InsertColumn[]>();
  #refresher: RollupRefresher | undefined;
  readonly #executor: SqlExecutor;

  constructor(options: SinkWorkerOptions) {
    if (options.inputs.length === 0) throw new ConfigError('the sink needs at least one input topic');
    super({
      application: options.application,
      instanceId: options.instanceId,
      kafka: options.kafka,
      inputs: options.inputs.map((input) => input.codec.topic),
      role: 'clickhouse-sink',
      // Not transactional: offsets are committed once ClickHouse has the batch; dead letters go out idempotently.
      producer: { idempotentRole: 'clickhouse-sink-dlq' },
      maxWaitTime: 100,
      queue: { pauseAt: options.maxRows, wakeAt: options.maxRows, wakeOnFirst: true },
      activity: 'sinking',
      logger: options.logger,
    });
    this.#options = options;
    this.#metrics = sinkMetrics(options.metricsRegistry);
    this.#inputs = new Map(options.inputs.map((input) => [input.codec.topic, input]));
    this.#executor = clickhouseExecutor(options.clickhouse);
  }

  /** The model's tables (migrations), the dead-letter topic and the rollup refresher, before the clients join. */
  protected override async prepare(): Promise<void> {
    const options = this.#options;
    const executor = this.#executor;
    const admin = new Admin(baseClientOptions(options.kafka, 'clickhouse-sink-admin'));
    try {
      // A database without migrations is a new, empty model (first start, or dropped to be rebuilt): it is filled from
      // the earliest record of every topic, whatever the group committed for an earlier database. Checked before the
      // migrations run, so a sink stopped in between still starts over next time.
      let fresh = false;
      await this.#untilClickHouseAnswers('reading the applied migrations', async () => {
        fresh = (await appliedMigrationVersions(executor, options.database)).length === 0;
      });
      if (fresh) await this.#startOverFromEarliest(admin);
      // The model first: the tables must exist before a row is written (a second instance applies nothing).
      await this.#untilClickHouseAnswers('applying the migrations', async () => {
        const applied = await applyMigrations(executor, options.database);
        this.logger.info({ database: options.database, applied }, 'migrations');
        this.#columns = await insertColumns(options.clickhouse, options.database);
      });
      const metadata = await admin.metadata({ topics: [...this.#inputs.keys()] });
      const partitions = Math.max(...[...metadata.topics.values()].map((topic) => topic.partitionsCount));
      this.#deadLetters = await ensureDeadLetterTopic(admin, options.codec, options.application, partitions);
    } finally {
      await admin.close();
    }
    if (options.rollupRefreshMs > 0) {
      this.#refresher = new RollupRefresher({
        executor,
        database: options.database,
        intervalMs: options.rollupRefreshMs,
        logger: this.logger.child({ part: 'rollups' }),
        metricsRegistry: options.metricsRegistry,
      });
      this.#refresher.start();
    }
  }

  /**
   * Forgets the group's committed offsets (by deleting the group, which has none of its members running), so the
   * model is filled from the earliest records. With members running (other instances), it cannot: they already read
   * past records the new database never got, which is said loudly; stop them all and start again to refill.
   */
  async #startOverFromEarliest(admin: Admin): Promise<void> {
    const group = this.#options.application;
    const described = await admin.describeGroups({ groups: [group] });
    const members = described.get(group)?.members.size ?? 0;
    if (members > 0) {
      this.logger.error(
        { group, members, database: this.#options.database },
        'the model database is new but instances of this sink are running: records they committed are not in it; ' +
          'stop every instance and start again to fill it from the earliest records',
      );
      return;
    }
    await admin.deleteGroups({ groups: [group] }).catch((error: unknown) => {
      // GROUP_ID_NOT_FOUND: nothing was ever committed.
      this.logger.debug({ err: error, group }, 'no committed offsets to forget');
    });
    this.logger.info(
      { group, database: this.#options.database },
      'new model database: filling it from the earliest record of every topic',
    );
  }

  protected override async closing(): Promise<void> {
    await this.#refresher?.stop();
  }

  /**
   * Runs `work` until it succeeds, backing off (100 ms doubling, capped) while ClickHouse fails; false if stopped. An
   * error that says it is not retriable (a migration file changed after it was applied, a value SQL cannot hold) is
   * thrown: waiting would not mend it, and the sink stops saying why.
   */
  async #untilClickHouseAnswers(what: string, work: () => Promise<void>): Promise<boolean> {
    for (let failures = 0; ; failures += 1) {
      if (this.stopping) return false;
      try {
        await work();
        if (failures > 0) this.logger.info({ failures }, `ClickHouse answers again: ${what} succeeded`);
        this.#metrics.retrying.set(0);
        return true;
      } catch (error) {
        if ((error as { retriable?: unknown }).retriable === false) throw error;
        const delay = Math.min(100 * 2 ** Math.min(failures, 16), this.#options.maxBackoffMs);
        this.#metrics.retrying.set(1);
        this.#metrics.retries.inc();
        this.logger.warn({ err: error, failures: failures + 1, retryInMs: delay }, `${what} failed; retrying`);
        await this.waker.wait(delay);
      }
    }
  }

  protected async consumeEpoch(input: InputQueue): Promise<EpochEnd> {
    const { maxRows, maxMs } = this.#options;
    const queue = input.messages;
    let batch = new SinkBatch();
    // The batch being written while the next one fills (one at a time: a batch's offsets are committed only after
    // the batch before it was, so a partition's committed offset never passes a record that is not in yet).
    let writing: Promise<boolean> | undefined;
    const written = async (): Promise<boolean> => {
      const done = writing === undefined ? true : await writing;
      writing = undefined;
      return done;
    };
    try {
      for (;;) {
        const end = this.endOfEpoch(input);
        if (end !== undefined) return end;
        const now = Date.now();
        // Taken by index and removed at once: shift() on a queue of tens of thousands of messages moves all of them
        // each time, and was half the sink's CPU.
        let taken = 0;
        while (batch.rowCount < maxRows && taken < queue.length) {
          await this.#add(batch, queue[taken] as Message, now);
          taken += 1;
        }
        queue.splice(0, taken);
        input.resumeIfDrained();
        const age = batch.openedAt === undefined ? 0 : now - batch.openedAt;
        if (batch.records > 0 && (batch.rowCount >= maxRows || age >= maxMs)) {
          if (!(await written())) return 'stopping';
          writing = this.#write(batch);
          // Handled when awaited; this only keeps a failure from counting as unhandled meanwhile.
          writing.catch(() => undefined);
          batch = new SinkBatch();
          continue;
        }
        if (queue.length === 0) {
          const remaining = batch.openedAt === undefined ? 200 : Math.max(1, maxMs - age);
          await this.waker.wait(Math.min(remaining, 200));
        }
      }
    } finally {
      // However the epoch ends, the batch in flight finishes (or fails) before the stream closes.
      await written().catch((error: unknown) => this.logger.warn({ err: error }, 'writing the last batch failed'));
    }
  }

  /** Decodes a record and encodes its rows into the batch; an undecodable or unmappable record becomes a dead letter. */
  async #add(batch: SinkBatch, message: Message, now: number): Promise<void> {
    batch.add(message, now);
    const input = this.#inputs.get(message.topic);
    if (input === undefined) return;
    let value: Record<string, unknown>;
    try {
      value = await input.codec.decode(message.value, message);
    } catch (error) {
      // A registry that cannot be reached is not the record's fault: the epoch fails and reads it again.
      if ((error as { retriable?: unknown }).retriable === true) throw error;
      batch.deadLetters.push({ message, stage: 'DECODE', error });
      return;
    }
    let encoded: { table: string; bytes: Buffer }[];
    const days: { table: string; day: string }[] = [];
    try {
      encoded = input.mapper.rows(value, message).flatMap(({ table, rows }) => {
        const columns = this.#columns.get(table);
        if (columns === undefined) throw new NotFoundError(`table ${this.#options.database}.${table} does not exist`);
        if (feedsRollups(table)) {
          for (const row of rows) for (const day of rollupDaysOf(table, row)) days.push({ table, day });
        }
        return rows.map((row) => ({ table, bytes: tabSeparatedRow(columns, row) }));
      });
    } catch (error) {
      batch.deadLetters.push({ message, stage: 'PROCESS', error });
      return;
    }
    for (const { table, day } of days) batch.rollupDays.set(table, (batch.rollupDays.get(table) ?? new Set()).add(day));
    for (const { table, bytes } of encoded) {
      const rows = batch.rows.get(table) ?? [];
      rows.push({ bytes, origin: message });
      batch.rows.set(table, rows);
    }
    batch.rowCount += encoded.length;
  }

  /**
   * Writes the batch: every table's rows (retried until ClickHouse takes them), the days they touch marked for the
   * rollups, then the dead letters (rows it rejected and records that could not be decoded), then the offsets. False
   * when stopped before it was written.
   */
  async #write(batch: SinkBatch): Promise<boolean> {
    const started = performance.now();
    const { clickhouse, database } = this.#options;
    const rejected = await Promise.all(
      [...batch.rows].map(async ([table, rows]) => {
        let result: { origin: Origin; error: Error }[] = [];
        const written = await this.#untilClickHouseAnswers(`inserting into ${table}`, async () => {
          result = await insertBisecting(clickhouse, database, table, this.#columns.get(table) ?? [], rows);
        });
        return written ? result : undefined;
      }),
    );
    if (rejected.some((result) => result === undefined)) return false;
    // After the rows are in, before their offsets are committed: a sink killed in between re-delivers and re-marks.
    const marked = await this.#untilClickHouseAnswers("marking the rollups' days", () =>
      markRollupDays(this.#executor, database, batch.rollupDays),
    );
    if (!marked) return false;
    const letters = [...batch.deadLetters];
    const seen = new Set<Message>();
    for (const { origin, error } of rejected.flat() as { origin: Origin; error: Error }[]) {
      if (seen.has(origin)) continue; // one dead letter per record, even when several of its rows were refused
      seen.add(origin);
      letters.push({ message: origin, stage: 'PROCESS', error });
    }
    await this.#sendDeadLetters(letters);
    // Offsets last: ClickHouse and the dead-letter topic hold every record of the batch by now.
    await Promise.all([...batch.last.values()].map((message) => message.commit()));
    const seconds = (performance.now() - started) / 1000;
    this.#metrics.records.inc(batch.records);
    this.#metrics.rows.inc(batch.rowCount - seen.size);
    this.#metrics.writeSeconds.observe(seconds);
    this.logger.debug(
      { records: batch.records, rows: batch.rowCount, deadLetters: letters.length, ms: Math.round(seconds * 1000) },
      'batch written',
    );
    return true;
  }

  async #sendDeadLetters(letters: SinkBatch['deadLetters']): Promise<void> {
    if (letters.length === 0) return;
    const codec = this.#deadLetters;
    if (codec === undefined) throw new InternalError('not started');
    const messages = letters.map(({ message, stage, error }) => {
      const letter = loggedDeadLetter(this.#options.application, message, { stage, error, attempts: 1 }, this.logger);
      return { topic: codec.topic, key: message.key ?? undefined, value: codec.encode(letter) };
    });
    await this.send(messages);
    this.#metrics.deadLetters.inc(letters.length);
  }
}

function sinkMetrics(registry: Registry) {
  return {
    records: new Counter({
      name: 'vz_clickhouse_sink_records_total',
      help: 'Records consumed and written (rows in ClickHouse or a dead letter), offsets committed.',
      registers: [registry],
    }),
    rows: new Counter({ name: 'vz_clickhouse_sink_rows_total', help: 'Rows ClickHouse took.', registers: [registry] }),
    deadLetters: new Counter({
      name: 'vz_clickhouse_sink_dead_letters_total',
      help: 'Records sent to the dead-letter topic (undecodable, or rejected by ClickHouse).',
      registers: [registry],
    }),
    retries: new Counter({
      name: 'vz_clickhouse_sink_retries_total',
      help: 'ClickHouse calls that failed and were retried.',
      registers: [registry],
    }),
    retrying: new Gauge({
      name: 'vz_clickhouse_sink_retrying',
      help: '1 while ClickHouse fails and the sink backs off, 0 otherwise.',
      registers: [registry],
    }),
    writeSeconds: new Histogram({
      name: 'vz_clickhouse_sink_write_seconds',
      help: 'Time to write a batch: inserts, dead letters, offsets.',
      registers: [registry],
    }),
  };
}
