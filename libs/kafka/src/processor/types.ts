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
}

export type ProcessFunction<Input, State> = (
  record: InputRecord<Input>,
  state: State | undefined,
) => ProcessResult<State> | Promise<ProcessResult<State>>;

export interface StoreDefinition<State> {
  /** Store name; its changelog topic is `<application>-<name>-changelog`. */
  readonly name: string;
  readonly serde: Serde<State>;
}

export interface InputBinding<Value> {
  readonly codec: TopicCodec<Value>;
}
