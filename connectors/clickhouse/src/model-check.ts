import { loadSchemaSet, type SchemaSet, topics } from '@vz/schemas';
import { avroColumns, type ColumnTypes } from './avro-columns.ts';
import type { SqlExecutor } from './executor.ts';
import { sqlLiteral } from './sql.ts';
import { modelTables, type ModelTable, provenanceColumns } from './tables.ts';

/** What the columns of a table should be, from the Avro schemas and the table's entry in `modelTables`. */
function expectedColumns(
  schemas: SchemaSet,
  table: string,
  spec: ModelTable,
): { columns: ColumnTypes; exact: boolean } {
  const of = (schema: string): ColumnTypes => avroColumns(schemas.type(schema));
  if (table === 'meter_samples') {
    const event = of('vz.charger.ChargerEvent');
    const sampled = of('vz.charger.MeterSampled');
    const columns = of('vz.charger.SampledValue');
    for (const name of ['eventId', 'occurredAt', 'chargerId']) columns.set(name, event.get(name) ?? '?');
    for (const name of ['connectorId', 'evseId', 'transactionId']) columns.set(name, sampled.get(name) ?? '?');
    return { columns, exact: false };
  }
  if (table === 'anchor_leaves') {
    const columns = new Map([...of('vz.ledger.AnchorLeaf'), ['batchId', 'String'], ['leafIndex', 'Int64']]);
    return { columns, exact: false };
  }
  const columns = of(topics[spec.topic].valueSchema);
  for (const field of spec.omitted ?? []) {
    for (const column of [...columns.keys()]) {
      if (column === field || column.startsWith(`${field}.`)) columns.delete(column);
    }
  }
  for (const [column, type] of Object.entries(spec.retyped ?? {})) columns.set(column, type);
  if (spec.payloadUnion) return { columns: new Map([...columns, ['payloadType', 'String']]), exact: false };
  return { columns: new Map([...columns, ...provenanceColumns]), exact: true };
}

/**
 * Compares the tables of a migrated database with the Avro schemas (docs/analytics.md, "Conventions"): every
 * record-per-row table must have exactly the columns `avroColumns` gives, plus version and provenance; the others at
 * least the fields they take from their records. Returns the differences, one sentence each (empty: all agree).
 */
export async function checkTableColumns(executor: SqlExecutor, database: string): Promise<string[]> {
  const rows = await executor.rows<{ table: string; name: string; type: string }>(
    `SELECT table, name, type FROM system.columns WHERE database = ${sqlLiteral(database)} ` +
      `AND default_kind != 'MATERIALIZED'`,
  );
  const actual = new Map<string, ColumnTypes>();
  for (const { table, name, type } of rows) actual.set(table, (actual.get(table) ?? new Map()).set(name, type));
  const problems: string[] = [];
  const schemas = loadSchemaSet();
  for (const [table, spec] of Object.entries(modelTables) as [string, ModelTable][]) {
    const have = actual.get(table) ?? new Map<string, string>();
    const { columns, exact } = expectedColumns(schemas, table, spec);
    for (const [name, type] of columns) {
      if (have.get(name) !== type)
        problems.push(`${table}.${name}: expected ${type}, found ${have.get(name) ?? 'no column'}`);
    }
    if (exact) {
      for (const name of have.keys()) if (!columns.has(name)) problems.push(`${table}.${name}: not an Avro field`);
    }
  }
  return problems;
}
