/**
 * The one place values become SQL text (docs/design.md, Local platform).
 *
 * Why this exists: the platform's ClickHouse server is 18.16, which has no server-side query parameters
 * (`{name:Type}` placeholders bound by the server arrived in 19.x). The official client's `query_params` send exactly
 * those, so against 18.16 they fail; every value that goes into a statement is therefore written as a literal here,
 * by one tested function, and never concatenated raw. Identifiers are never taken from input: `sqlIdentifier` only
 * accepts plain names that match a fixed pattern, and callers pass names from code (the database name from
 * configuration, table names from the migration files).
 */

/** A value `sqlLiteral` can write. `Date` becomes a `DateTime` in UTC (whole seconds; see `sqlLiteral`). */
export type SqlValue = string | number | bigint | boolean | null | Date | readonly SqlValue[];

/** A value that cannot be written as a ClickHouse literal (non-finite number, lone surrogate, out-of-range date...). */
export class SqlValueError extends Error {
  override readonly name = 'SqlValueError';
  readonly retriable = false;
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;
/** DateTime (UInt32 seconds) covers 1970-01-01 00:00:00 .. 2106-02-07 06:28:15 UTC. */
const DATETIME_MAX_SECONDS = 2 ** 32 - 1;

const namedEscapes: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\0': '\\0',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * A ClickHouse string literal: single-quoted, backslash escapes for the quote, the backslash and the control
 * characters (NUL included, so nothing truncates the statement), every other control character (C0 and DEL) as
 * `\xHH`. Other characters pass through and travel as UTF-8 in the request body. A lone UTF-16 surrogate has no UTF-8
 * form (it would silently become U+FFFD and not round-trip), so it is refused.
 */
function stringLiteral(value: string): string {
  if (!value.isWellFormed())
    throw new SqlValueError('string contains a lone UTF-16 surrogate: not representable in UTF-8');
  const escaped = value.replace(/[\\'\x00-\x1f\x7f]/g, (char) => {
    return namedEscapes[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return `'${escaped}'`;
}

/** Negative numbers are parenthesized: `a-{x}` with x = -1 must not become `a--1`, which starts a comment. */
const signed = (text: string): string => (text.startsWith('-') ? `(${text})` : text);

function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new SqlValueError(`number is not finite: ${value}`);
  // Object.is: -0 is written as 0 (ClickHouse would read -0 as a Float64 anyway).
  return signed(Object.is(value, -0) ? '0' : String(value));
}

function bigintLiteral(value: bigint): string {
  if (value < INT64_MIN || value > UINT64_MAX) {
    throw new SqlValueError(`bigint ${value} is outside Int64 / UInt64`);
  }
  return signed(value.toString());
}

/** `toDateTime('YYYY-MM-DD hh:mm:ss', 'UTC')`: the string form parses the same on 18.16 and current ClickHouse. */
function dateLiteral(value: Date): string {
  const ms = value.getTime();
  if (!Number.isFinite(ms)) throw new SqlValueError('invalid Date');
  const seconds = Math.floor(ms / 1000);
  if (seconds < 0 || seconds > DATETIME_MAX_SECONDS) {
    throw new SqlValueError(`date ${value.toISOString()} is outside ClickHouse DateTime (1970..2106)`);
  }
  const text = new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
  return `toDateTime('${text}', 'UTC')`;
}

/**
 * A value as a ClickHouse SQL literal, accepted by 18.16 and current ClickHouse alike:
 * - string: quoted and escaped (see `stringLiteral`); lone surrogates refused.
 * - number: finite only; negative ones parenthesized. bigint: Int64 .. UInt64 range.
 * - boolean: `1` / `0` (18.16 has no Bool type). null: `NULL`.
 * - Date: `toDateTime(..., 'UTC')`, truncated to the second (DateTime has no sub-second part on 18.16, which lacks
 *   DateTime64); compare epoch-millisecond columns with numbers instead when milliseconds matter.
 * - array: `[a, b, ...]` of the above, recursively.
 */
export function sqlLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (Array.isArray(value)) return `[${value.map((item: SqlValue) => sqlLiteral(item)).join(', ')}]`;
  if (value instanceof Date) return dateLiteral(value);
  switch (typeof value) {
    case 'string':
      return stringLiteral(value);
    case 'number':
      return numberLiteral(value);
    case 'bigint':
      return bigintLiteral(value);
    case 'boolean':
      return value ? '1' : '0';
    default:
      throw new SqlValueError(`cannot write a ${typeof value} as SQL`);
  }
}

const identifierPattern = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * A database, table or column name, checked against a fixed pattern (letters, digits, underscore; not starting with a
 * digit; at most 63 characters) and written bare. It refuses anything else rather than quoting it: identifiers come
 * from code and configuration, never from a request.
 */
export function sqlIdentifier(name: string): string {
  if (!identifierPattern.test(name)) {
    throw new SqlValueError(`not an allowed SQL identifier: ${JSON.stringify(name)} (${identifierPattern})`);
  }
  return name;
}

const placeholderPattern = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Fills a SQL template: `{database}` with `sqlIdentifier(database)`, every other `{name}` with `sqlLiteral` of
 * `values[name]`. One pass over the template, so text a value brings in is never scanned again. A placeholder without
 * a value, or a value without a placeholder, is an error (a typo must not silently change a query).
 */
export function fillTemplate(template: string, database: string, values: Record<string, SqlValue> = {}): string {
  const unused = new Set(Object.keys(values));
  const filled = template.replace(placeholderPattern, (_match, name: string) => {
    if (name === 'database') return sqlIdentifier(database);
    if (!Object.hasOwn(values, name)) throw new SqlValueError(`no value for placeholder {${name}}`);
    unused.delete(name);
    return sqlLiteral(values[name] as SqlValue);
  });
  if (unused.size > 0) throw new SqlValueError(`values without a placeholder: ${[...unused].join(', ')}`);
  return filled;
}
