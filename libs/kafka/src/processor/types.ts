import type { TopicCodec } from '@vz/schemas';
import type { Serde } from '../state/serde.ts';

/** A decoded input record with its coordinates. */
export interface InputRecord<Value> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly timestamp: bigint;
  readonly key: string | null;
  readonly value: Value;
}

/** A record to write. Made by `outputRecord`, which checks the value's type against its topic's codec. */
export interface OutputRecord {
  readonly topic: string;
  readonly key: string;
  /** Encodes the value; called by the runtime, which turns an encoding failure into a dead letter. */
  readonly encode: () => Buffer;
}

/** An output for a topic, typed by the topic's codec (outputs of one function go to topics of different schemas). */
export function outputRecord<Value>(codec: TopicCodec<Value>, key: string, value: Value): OutputRecord {
  return { topic: codec.topic, key, encode: () => codec.encode(value) };
}

/**
 * What the function decided for one record. `state` undefined leaves the key's state unchanged, `null` deletes it.
 * A function must be deterministic in (record, state): on a retry or after a crash it runs again on the same input.
 */
export interface ProcessResult<State> {
  readonly outputs?: readonly OutputRecord[];
  readonly state?: State | null;
  /** Entries of the processor's index stores to write (`indexEntry`), in the record's partition. */
  readonly indexEntries?: readonly IndexEntry[];
}

/**
 * `indexes` reads the processor's index stores. The runtime always passes it; it is optional in the type only so a
 * wrapper written for `(record, state)` can still call the function (it then sees no index entries).
 */
export type ProcessFunction<Input, State> = (
  record: InputRecord<Input>,
  state: State | undefined,
  indexes?: IndexReader,
) => ProcessResult<State> | Promise<ProcessResult<State>>;

export interface StoreDefinition<State> {
  /** Store name; its changelog topic is `<application>-<name>-changelog`. */
  readonly name: string;
  readonly serde: Serde<State>;
}

/**
 * Reads the index stores (`ProcessorOptions.indexes`) in the partition of the record being processed: what the
 * batch staged first, then what is committed. An index is keyed by something other than the input key (e.g. by
 * entity id where the state is kept per device): an entry belongs to the partition of the record that wrote it, so a
 * key must only ever be written from records of one input key (one partition) to be found again.
 */
export interface IndexReader {
  get<Value>(index: StoreDefinition<Value>, key: string): Value | undefined;
}

/** An index store entry to write; made by `indexEntry`. */
export interface IndexEntry {
  readonly index: string;
  readonly key: string;
  /** The value to stage for the rest of the batch; null deletes the key. */
  readonly value: unknown;
  /** The changelog bytes (null: a tombstone); called by the runtime, which dead-letters a record that fails here. */
  readonly encode: () => Buffer | null;
}

/** An entry for an index store, typed by the store's definition. */
export function indexEntry<Value>(index: StoreDefinition<Value>, key: string, value: Value | null): IndexEntry {
  return { index: index.name, key, value, encode: () => (value === null ? null : index.serde.serialize(value)) };
}

export interface InputBinding<Value> {
  readonly codec: TopicCodec<Value>;
}
