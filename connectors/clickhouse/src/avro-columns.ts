import type avro from 'avsc';

/**
 * The naming rule of the model (docs/analytics.md, "Conventions"): which ClickHouse columns, of which types, hold one
 * Avro record. The tables' DDL is checked against it (avro-columns.spec.ts), and the sink can build its rows by it.
 *
 * - a field of a primitive, enum or timestamp type: a column of the field's name (enums and bytes as String, times as
 *   Int64 epoch milliseconds, booleans as UInt8);
 * - a `vz.common.Money` field `a`: `aMinor` Int64 and `aCurrency` String;
 * - another record field `a` with fields `b`, `c`: `aB`, `aC` (recursively);
 * - an array of records `a`: Nested, i.e. the arrays `a.b`, `a.c`, ... (the items flattened by the same rule);
 * - an array of primitives or enums: `Array(...)` under the field's name;
 * - a union with null: the same columns, `Nullable` (inside an array: `Array(Nullable(...))` for a primitive item);
 * - any other union (the payload of ChargerEvent, PaymentEvent): not mapped here; those tables pick payload fields.
 */
export type ColumnTypes = Map<string, string>;

const primitiveTypes: Record<string, string> = {
  string: 'String',
  bytes: 'String',
  enum: 'String',
  int: 'Int32',
  long: 'Int64',
  boolean: 'UInt8',
  float: 'Float32',
  double: 'Float64',
  'logical:timestamp-millis': 'Int64',
};

const capitalize = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** The non-null branch of `["null", X]`, with whether it was optional; other types as they are. */
function unwrapOptional(type: avro.Type): { type: avro.Type; optional: boolean } {
  if (type.typeName === 'union:unwrapped' || type.typeName === 'union:wrapped') {
    const branches = (type as avro.types.UnwrappedUnionType).types;
    const others = branches.filter((branch) => branch.typeName !== 'null');
    if (others.length === 1 && others.length < branches.length) return { type: others[0] as avro.Type, optional: true };
  }
  return { type, optional: false };
}

function fieldColumns(name: string, fieldType: avro.Type, columns: ColumnTypes, wrap: (t: string) => string): void {
  const { type, optional } = unwrapOptional(fieldType);
  const nullable = (t: string): string => (optional ? `Nullable(${t})` : t);
  const primitive = primitiveTypes[type.typeName];
  if (primitive) {
    columns.set(name, wrap(nullable(primitive)));
  } else if (type.typeName === 'record' && type.name === 'vz.common.Money') {
    columns.set(`${name}Minor`, wrap(nullable('Int64')));
    columns.set(`${name}Currency`, wrap(nullable('String')));
  } else if (type.typeName === 'record') {
    for (const field of (type as avro.types.RecordType).fields) {
      fieldColumns(`${name}${capitalize(field.name)}`, field.type, columns, (t) =>
        wrap(optional && !t.startsWith('Nullable') ? `Nullable(${t})` : t),
      );
    }
  } else if (type.typeName === 'array') {
    const items = (type as avro.types.ArrayType).itemsType;
    if (items.typeName === 'record') {
      for (const field of (items as avro.types.RecordType).fields) {
        fieldColumns(`${name}.${field.name}`, field.type, columns, (t) => `Array(${t})`);
      }
    } else {
      fieldColumns(name, items, columns, (t) => wrap(`Array(${t})`));
    }
  }
  // Other unions (a payload of several records) are left to the table that flattens them.
}

/** The columns (name → ClickHouse type) that hold a record of this Avro record type. */
export function avroColumns(recordType: avro.Type): ColumnTypes {
  const columns: ColumnTypes = new Map();
  for (const field of (recordType as avro.types.RecordType).fields)
    fieldColumns(field.name, field.type, columns, (t) => t);
  return columns;
}
