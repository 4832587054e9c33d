import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import { sqlIdentifier, sqlLiteral } from '../sql.ts';
import type { InsertColumn } from './tab-separated.ts';

/**
 * ClickHouse error codes that say "this data is wrong", not "the server is unwell": an insert failing with one of them
 * fails again with the same rows, so its rows are bisected and the guilty ones dead-lettered. Any other failure
 * (connection refused or reset, timeout, 5xx without one of these codes, too many parts, memory) is retried.
 */
const rejectedDataCodes = new Set([
  6, // CANNOT_PARSE_TEXT
  25, // CANNOT_PARSE_ESCAPE_SEQUENCE
  26, // CANNOT_PARSE_QUOTED_STRING
  27, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
  32, // ATTEMPT_TO_READ_AFTER_EOF
  33, // CANNOT_READ_ALL_DATA
  38, // CANNOT_PARSE_DATE
  41, // CANNOT_PARSE_DATETIME
  53, // TYPE_MISMATCH
  69, // ARGUMENT_OUT_OF_BOUND
  70, // CANNOT_CONVERT_TYPE
  72, // CANNOT_PARSE_NUMBER
  117, // INCORRECT_DATA
  130, // CANNOT_READ_ARRAY_FROM_TEXT
  131, // TOO_LARGE_STRING_SIZE
  190, // SIZES_OF_ARRAYS_DOESNT_MATCH
  321, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
  349, // CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN
]);

/** The server's exception code in an error the client threw (18.16's text is not parsed by the client: read it). */
export function serverErrorCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^\d+$/.test(code)) return Number(code);
  const match = /^Code: (\d+)[,.]/.exec(error instanceof Error ? error.message : '');
  return match === null ? undefined : Number(match[1]);
}

export function isRejectedData(error: unknown): boolean {
  const code = serverErrorCode(error);
  return code !== undefined && rejectedDataCodes.has(code);
}

/** A record ClickHouse refused: `code` (CLICKHOUSE_<n>) and the server's message go into its dead letter. */
export class RejectedByClickHouse extends Error {
  override readonly name = 'RejectedByClickHouse';
  readonly code: string;
  readonly retriable = false;

  constructor(cause: unknown) {
    const message = cause instanceof Error ? cause.message : String(cause);
    super(message.trim(), { cause });
    this.code = `CLICKHOUSE_${serverErrorCode(cause) ?? 'UNKNOWN'}`;
  }
}

/** One encoded row and whatever the caller needs to know which record it came from. */
export interface EncodedRow<Origin> {
  readonly bytes: Buffer;
  readonly origin: Origin;
}

/** The columns of every table of the database the sink can write: materialized and alias columns left out. */
export async function insertColumns(client: ClickHouseClient, database: string): Promise<Map<string, InsertColumn[]>> {
  const result = await client.query({
    query:
      `SELECT table, name, type FROM system.columns WHERE database = ${sqlLiteral(database)} ` +
      `AND default_kind NOT IN ('MATERIALIZED', 'ALIAS')`,
    format: 'JSONEachRow',
  });
  const columns = new Map<string, InsertColumn[]>();
  for (const { table, name, type } of await result.json<{ table: string; name: string; type: string }>()) {
    columns.set(table, [...(columns.get(table) ?? []), { name, type }]);
  }
  return columns;
}

/**
 * Inserts TabSeparated rows into one table. Rows ClickHouse rejects are found by bisecting the insert (a half that
 * fails again is split again, down to one row) and returned with the server's error; the others are inserted. Any
 * other failure is thrown as it is, for the caller to retry (rows already inserted by then come again: the tables
 * replace them by version).
 */
export async function insertBisecting<Origin>(
  client: ClickHouseClient,
  database: string,
  table: string,
  columns: readonly InsertColumn[],
  rows: readonly EncodedRow<Origin>[],
): Promise<{ origin: Origin; error: RejectedByClickHouse }[]> {
  if (rows.length === 0) return [];
  try {
    await client.insert({
      table: `${sqlIdentifier(database)}.${sqlIdentifier(table)}`,
      values: Readable.from([Buffer.concat(rows.map((row) => row.bytes))], { objectMode: false }),
      format: 'TabSeparated',
      columns: columns.map((column) => column.name) as [string, ...string[]],
    });
    return [];
  } catch (error) {
    if (!isRejectedData(error)) throw error;
    if (rows.length === 1) return rows.map((row) => ({ origin: row.origin, error: new RejectedByClickHouse(error) }));
    const half = Math.ceil(rows.length / 2);
    return [
      ...(await insertBisecting(client, database, table, columns, rows.slice(0, half))),
      ...(await insertBisecting(client, database, table, columns, rows.slice(half))),
    ];
  }
}
