import type { ClickHouseClient } from '@clickhouse/client';

/**
 * What the migration runner and the queries need from a ClickHouse: run a statement, read rows. Two implementations:
 * the server through the official HTTP client (below) and the in-process current engine through chdb
 * (`test/support/chdb-executor.ts`, tests), so the same SQL files run on both lanes.
 */
export interface SqlExecutor {
  /** Runs a statement that returns no rows (DDL, INSERT ... VALUES). */
  command(sql: string): Promise<void>;
  /** Runs a SELECT and returns its rows as JSON objects (JSONEachRow: 64-bit integers arrive as strings). */
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
}

/**
 * The server lane, through `@clickhouse/client` over HTTP. Checked against 18.16: `command` and `query` with
 * JSONEachRow work as they are (the client sends no setting 18.16 refuses unless asked to); only `query_params` must
 * never be used, since 18.16 has no server-side parameters (values are written by `sqlLiteral`).
 */
export function clickhouseExecutor(client: ClickHouseClient): SqlExecutor {
  return {
    command: async (sql) => {
      await client.command({ query: sql });
    },
    rows: async <T>(sql: string) => {
      const result = await client.query({ query: sql, format: 'JSONEachRow' });
      return result.json<T>();
    },
  };
}
