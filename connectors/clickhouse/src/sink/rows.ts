import type avro from 'avsc';
import { loadSchemaSet, topics } from '@vz/schemas';
import { modelTables, type ModelTableName } from '../tables.ts';

/** A value of a row the sink writes: what a decoded Avro record holds (bytes as Buffer), arrays of it, or NULL. */
export type CellValue = string | number | bigint | boolean | Buffer | null | readonly CellValue[];
export type Row = Record<string, CellValue>;

/** Where a record came from: the provenance columns of its rows. */
export interface RecordCoordinates {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

/** The rows one record gives one table. */
export interface TableRows {
  readonly table: ModelTableName;
  readonly rows: Row[];
}

const capitalize = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

function unwrapOptional(type: avro.Type): avro.Type {
  if (type.typeName === 'union:unwrapped' || type.typeName === 'union:wrapped') {
    const others = (type as avro.types.UnwrappedUnionType).types.filter((branch) => branch.typeName !== 'null');
    if (others.length === 1) return others[0] as avro.Type;
  }
  return type;
}

const isRecordArray = (type: avro.Type): boolean =>
  type.typeName === 'array' && (type as avro.types.ArrayType).itemsType.typeName === 'record';

/**
 * Flattens one field by the model's rule (`avro-columns.ts`, whose column names these are): primitives as they are,
 * Money `a` as `aMinor`/`aCurrency`, a record `a` as `aB`..., an array of records `a` as parallel arrays `a.b`...,
 * an array of primitives as it is; NULL (an absent optional) gives NULL in every column it would fill. Unions of
 * several records (the payloads) are left to the caller.
 */
function flattenField(name: string, fieldType: avro.Type, value: unknown, row: Row): void {
  const type = unwrapOptional(fieldType);
  if (type.typeName === 'record') {
    for (const field of (type as avro.types.RecordType).fields) {
      const inner = value === null || value === undefined ? null : (value as Record<string, unknown>)[field.name];
      // Money's `amountMinor` is the column `<a>Minor`; every other field `<a><Field>`.
      const money = type.name === 'vz.common.Money' && field.name === 'amountMinor';
      const column = `${name}${money ? 'Minor' : capitalize(field.name)}`;
      flattenField(column, field.type, inner, row);
    }
  } else if (isRecordArray(type)) {
    const itemType = (type as avro.types.ArrayType).itemsType as avro.types.RecordType;
    const items = (value ?? []) as unknown[];
    const flattened = items.map((item) => flattenRecord(itemType, item));
    for (const column of Object.keys(flattenRecord(itemType, null))) {
      row[`${name}.${column}`] = flattened.map((item) => item[column] ?? null);
    }
  } else if (type.typeName.startsWith('union')) {
    // A union of records (a payload): the table that holds it picks its fields.
  } else {
    row[name] = value === undefined ? null : (value as CellValue);
  }
}

/** One Avro record (or NULL: every column NULL) as the columns of the model's naming rule. */
export function flattenRecord(type: avro.types.RecordType, value: unknown, omitted: readonly string[] = []): Row {
  const row: Row = {};
  for (const field of type.fields) {
    if (omitted.includes(field.name)) continue;
    const inner = value === null || value === undefined ? null : (value as Record<string, unknown>)[field.name];
    flattenField(field.name, field.type, inner, row);
  }
  return row;
}

/** JSON of a payload branch: 64-bit integers beyond 2^53 as strings, bytes as hex. */
function payloadJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner === 'bigint') return inner.toString();
    if (inner !== null && typeof inner === 'object' && (inner as { type?: unknown }).type === 'Buffer') {
      return Buffer.from((inner as { data: number[] }).data).toString('hex');
    }
    return inner;
  });
}

/** The branch of a wrapped union (`{ 'vz.charger.MeterSampled': {...} }`): its short name and its value. */
function branchOf(value: unknown): { name: string; value: Record<string, unknown> } {
  const [entry] = Object.entries((value ?? {}) as Record<string, Record<string, unknown>>);
  if (entry === undefined) throw new Error('payload union without a branch');
  const [fullName, branch] = entry;
  return { name: fullName.slice(fullName.lastIndexOf('.') + 1), value: branch };
}

type TopicKey = keyof typeof topics;

/** Maps the records of one topic to the rows of every model table fed by it. */
export class RecordMapper {
  readonly topicKey: TopicKey;
  readonly tables: readonly ModelTableName[];
  readonly #type: avro.types.RecordType;
  readonly #schemaSet = loadSchemaSet();

  constructor(topicKey: TopicKey) {
    this.topicKey = topicKey;
    this.tables = (Object.keys(modelTables) as ModelTableName[]).filter(
      (table) => modelTables[table].topic === topicKey,
    );
    this.#type = this.#schemaSet.type(topics[topicKey].valueSchema) as avro.types.RecordType;
  }

  rows(value: Record<string, unknown>, from: RecordCoordinates): TableRows[] {
    return this.tables.map((table) => ({ table, rows: this.#tableRows(table, value, from) }));
  }

  #tableRows(table: ModelTableName, value: Record<string, unknown>, from: RecordCoordinates): Row[] {
    const spec = modelTables[table];
    const version = spec.version === 'revision' ? BigInt(value['revision'] as number) : from.offset;
    const provenance: Row = { version, _topic: from.topic, _partition: from.partition, _offset: from.offset };
    const envelope = flattenRecord(this.#type, value, 'omitted' in spec ? spec.omitted : []);
    switch (spec.rowPer) {
      case 'record': {
        if (!('payloadUnion' in spec)) return [{ ...envelope, ...provenance }];
        const branch = branchOf(value['payload']);
        const branchType = this.#schemaSet.type(
          Object.keys(value['payload'] as object)[0] as string,
        ) as avro.types.RecordType;
        return [
          {
            ...envelope,
            payloadType: branch.name,
            ...flattenRecord(branchType, branch.value),
            payload: payloadJson(branch.value),
            ...provenance,
          },
        ];
      }
      case 'sampled value': {
        const branch = branchOf(value['payload']);
        if (branch.name !== 'MeterSampled') return [];
        const samples = (branch.value['samples'] ?? []) as Record<string, unknown>[];
        return samples.map((sample, sampleIndex) => ({
          eventId: envelope['eventId'] ?? null,
          sampleIndex,
          occurredAt: envelope['occurredAt'] ?? null,
          chargerId: envelope['chargerId'] ?? null,
          connectorId: (branch.value['connectorId'] ?? null) as CellValue,
          evseId: (branch.value['evseId'] ?? null) as CellValue,
          transactionId: (branch.value['transactionId'] ?? null) as CellValue,
          ...(sample as Row),
          ...provenance,
        }));
      }
      case 'leaf': {
        const leaves = (value['leaves'] ?? []) as Record<string, unknown>[];
        const first = BigInt(value['firstLeafIndex'] as number);
        return leaves.map((leaf, index) => ({
          batchId: value['batchId'] as string,
          leafIndex: first + BigInt(index),
          ...(leaf as Row),
          eventId: value['eventId'] as string,
          occurredAt: value['occurredAt'] as number,
          chunkIndex: value['chunkIndex'] as number,
          ...provenance,
        }));
      }
    }
  }
}

/** The catalog topics (keys) that feed a model table, each once. */
export function sinkTopicKeys(): TopicKey[] {
  return [...new Set(Object.values(modelTables).map((table) => table.topic))];
}
