import type avro from 'avsc';
import { loadSchemaSet, topics } from '@vz/schemas';
import { type ModelTable, modelTables, type ModelTableName } from '../tables.ts';
import { InputError } from '@vz/core';

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

/** Writes the columns of one value into a row. */
type Flattener = (value: unknown, row: Row) => void;

const fieldOf = (value: unknown, name: string): unknown =>
  value === null || value === undefined ? null : (value as Record<string, unknown>)[name];

/**
 * Compiles, once per type, how one field is flattened by the model's rule (`avro-columns.ts`, whose column names these
 * are): primitives as they are, Money `a` as `aMinor`/`aCurrency`, a record `a` as `aB`..., an array of records `a`
 * as parallel arrays `a.b`..., an array of primitives as it is; NULL (an absent optional) gives NULL in every column
 * it would fill. Unions of several records (the payloads) are left to the caller.
 */
function compileField(name: string, fieldType: avro.Type): Flattener {
  const type = unwrapOptional(fieldType);
  if (type.typeName === 'record') {
    const money = type.name === 'vz.common.Money';
    const inner = (type as avro.types.RecordType).fields.map((field) => {
      // Money's `amountMinor` is the column `<a>Minor`; every other field `<a><Field>`.
      const column = `${name}${money && field.name === 'amountMinor' ? 'Minor' : capitalize(field.name)}`;
      return { field: field.name, flatten: compileField(column, field.type) };
    });
    return (value, row) => {
      for (const { field, flatten } of inner) flatten(fieldOf(value, field), row);
    };
  }
  if (isRecordArray(type)) {
    const itemType = (type as avro.types.ArrayType).itemsType as avro.types.RecordType;
    const item = compileRecord(itemType);
    const itemColumns = Object.keys(flattenWith(item, null));
    const columns = itemColumns.map((column) => ({ column, name: `${name}.${column}` }));
    return (value, row) => {
      const items = ((value ?? []) as unknown[]).map((entry) => flattenWith(item, entry));
      for (const { column, name: full } of columns) row[full] = items.map((entry) => entry[column] ?? null);
    };
  }
  if (type.typeName.startsWith('union')) return () => undefined; // a payload: the table picks its fields
  return (value, row) => {
    row[name] = value === undefined ? null : (value as CellValue);
  };
}

function compileRecord(type: avro.types.RecordType, omitted: readonly string[] = []): Flattener {
  const fields = type.fields
    .filter((field) => !omitted.includes(field.name))
    .map((field) => ({ field: field.name, flatten: compileField(field.name, field.type) }));
  return (value, row) => {
    for (const { field, flatten } of fields) flatten(fieldOf(value, field), row);
  };
}

function flattenWith(flattener: Flattener, value: unknown): Row {
  const row: Row = {};
  flattener(value, row);
  return row;
}

/** One Avro record (or NULL: every column NULL) as the columns of the model's naming rule. */
export function flattenRecord(type: avro.types.RecordType, value: unknown, omitted: readonly string[] = []): Row {
  return flattenWith(compileRecord(type, omitted), value);
}

/** JSON of a payload branch; a branch with bytes fields writes them as hex (a replacer costs, so only there). */
function payloadJson(value: unknown, hasBytes: boolean): string {
  if (!hasBytes) return JSON.stringify(value);
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner !== null && typeof inner === 'object' && (inner as { type?: unknown }).type === 'Buffer') {
      return Buffer.from((inner as { data: number[] }).data).toString('hex');
    }
    return inner;
  });
}

/** The branch of a wrapped union (`{ 'vz.charger.MeterSampled': {...} }`): its short name and its value. */
function branchOf(value: unknown): { name: string; fullName: string; value: Record<string, unknown> } {
  const [entry] = Object.entries((value ?? {}) as Record<string, Record<string, unknown>>);
  if (entry === undefined) throw new InputError('payload union without a branch');
  const [fullName, branch] = entry;
  return { name: fullName.slice(fullName.lastIndexOf('.') + 1), fullName, value: branch };
}

type TopicKey = keyof typeof topics;

/** Maps the records of one topic to the rows of every model table fed by it. */
export class RecordMapper {
  readonly topicKey: TopicKey;
  readonly tables: readonly ModelTableName[];
  readonly #envelopes = new Map<ModelTableName, Flattener>();
  readonly #branches = new Map<string, { flatten: Flattener; hasBytes: boolean }>();
  readonly #schemaSet = loadSchemaSet();

  constructor(topicKey: TopicKey) {
    this.topicKey = topicKey;
    this.tables = (Object.keys(modelTables) as ModelTableName[]).filter(
      (table) => modelTables[table].topic === topicKey,
    );
    const type = this.#schemaSet.type(topics[topicKey].valueSchema) as avro.types.RecordType;
    for (const table of this.tables) {
      const spec: ModelTable = modelTables[table];
      this.#envelopes.set(table, compileRecord(type, spec.omitted ?? []));
    }
  }

  rows(value: Record<string, unknown>, from: RecordCoordinates): TableRows[] {
    return this.tables.map((table) => ({ table, rows: this.#tableRows(table, value, from) }));
  }

  /** How a payload branch is flattened, by the branch's full name. */
  #branch(fullName: string): { flatten: Flattener; hasBytes: boolean } {
    let branch = this.#branches.get(fullName);
    if (branch === undefined) {
      const type = this.#schemaSet.type(fullName) as avro.types.RecordType;
      branch = { flatten: compileRecord(type), hasBytes: JSON.stringify(type.schema()).includes('"bytes"') };
      this.#branches.set(fullName, branch);
    }
    return branch;
  }

  #tableRows(table: ModelTableName, value: Record<string, unknown>, from: RecordCoordinates): Row[] {
    const spec: ModelTable = modelTables[table];
    const version = spec.version === 'revision' ? BigInt(value['revision'] as number) : from.offset;
    const provenance: Row = { version, _topic: from.topic, _partition: from.partition, _offset: from.offset };
    switch (spec.rowPer) {
      case 'record': {
        const row = flattenWith(this.#envelopes.get(table) as Flattener, value);
        if (spec.payloadUnion === true) {
          const branch = branchOf(value['payload']);
          row['payloadType'] = branch.name;
          const { flatten, hasBytes } = this.#branch(branch.fullName);
          flatten(branch.value, row);
          row['payload'] = payloadJson(branch.value, hasBytes);
        }
        return [Object.assign(row, provenance)];
      }
      case 'sampled value': {
        const branch = branchOf(value['payload']);
        if (branch.name !== 'MeterSampled') return [];
        const samples = (branch.value['samples'] ?? []) as Row[];
        return samples.map((sample, sampleIndex) => ({
          eventId: value['eventId'] as string,
          sampleIndex,
          occurredAt: value['occurredAt'] as number,
          chargerId: value['chargerId'] as string,
          connectorId: (branch.value['connectorId'] ?? null) as CellValue,
          evseId: (branch.value['evseId'] ?? null) as CellValue,
          transactionId: (branch.value['transactionId'] ?? null) as CellValue,
          ...sample,
          ...provenance,
        }));
      }
      case 'leaf': {
        const leaves = (value['leaves'] ?? []) as Row[];
        const first = BigInt(value['firstLeafIndex'] as number);
        return leaves.map((leaf, index) => ({
          batchId: value['batchId'] as string,
          leafIndex: first + BigInt(index),
          ...leaf,
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
