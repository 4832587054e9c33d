import type { SqlExecutor } from './executor.ts';
import { sqlIdentifier, sqlLiteral, type SqlValue } from './sql.ts';

/** A column name, or `nested.field` for a column of a Nested structure; each part checked by `sqlIdentifier`. */
function columnName(name: string): string {
  return name.split('.').map(sqlIdentifier).join('.');
}

/**
 * `INSERT ... VALUES` of these rows, every value written by `sqlLiteral`; columns a row leaves out get their defaults
 * ('' / 0 / NULL / []). 18.16 has no `DEFAULT` in VALUES, so rows are grouped by the columns they give, one INSERT a
 * group (a group is one insert block; rows with the same columns in one call land together). For seeds, fixtures and
 * small writes; bulk loading belongs to a binary or JSON format.
 */
export async function insertValues(
  executor: SqlExecutor,
  database: string,
  table: string,
  rows: readonly Record<string, SqlValue>[],
): Promise<void> {
  const groups = new Map<string, Record<string, SqlValue>[]>();
  for (const row of rows) {
    const key = Object.keys(row).join(',');
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const group of groups.values()) {
    const columns = Object.keys(group[0] ?? {});
    const tuples = group.map((row) => `(${columns.map((column) => sqlLiteral(row[column] as SqlValue)).join(', ')})`);
    await executor.command(
      `INSERT INTO ${sqlIdentifier(database)}.${sqlIdentifier(table)} (${columns.map(columnName).join(', ')}) ` +
        `VALUES ${tuples.join(', ')}`,
    );
  }
}
