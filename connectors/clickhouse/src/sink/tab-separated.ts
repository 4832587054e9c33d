import type { CellValue, Row } from './rows.ts';

/**
 * Rows as ClickHouse `TabSeparated`, built as bytes: the one format here that carries a String column's bytes exactly
 * (docs/analytics.md: JSON has no bytes, and `\u00ff` arrives as the UTF-8 character). Strings are their UTF-8 bytes,
 * Buffers their own bytes, both with TabSeparated's backslash escapes for backslash, tab, newline, carriage return,
 * NUL, backspace, form feed and the quote; NULL is `\N`; numbers as decimal text (bigints and longs beyond 2^53 stay
 * exact, there is no JSON number in between); booleans 1/0; arrays `[a,b]` with strings quoted.
 */

/** A column the sink writes: its name and ClickHouse type (from `system.columns`, materialized ones left out). */
export interface InsertColumn {
  readonly name: string;
  readonly type: string;
}

const BACKSLASH = 0x5c;
const escapes = new Map<number, number>([
  [0x5c, 0x5c], // \\
  [0x09, 0x74], // \t
  [0x0a, 0x6e], // \n
  [0x0d, 0x72], // \r
  [0x00, 0x30], // \0
  [0x08, 0x62], // \b
  [0x0c, 0x66], // \f
  [0x27, 0x27], // \'
]);

function escapedBytes(bytes: Buffer): Buffer {
  let extra = 0;
  for (const byte of bytes) if (escapes.has(byte)) extra += 1;
  if (extra === 0) return bytes;
  const out = Buffer.allocUnsafe(bytes.length + extra);
  let at = 0;
  for (const byte of bytes) {
    const escaped = escapes.get(byte);
    if (escaped === undefined) {
      out[at++] = byte;
    } else {
      out[at++] = BACKSLASH;
      out[at++] = escaped;
    }
  }
  return out;
}

const QUOTE = Buffer.from("'");

function pushValue(value: CellValue, quoted: boolean, out: Buffer[]): void {
  if (value === null) {
    out.push(Buffer.from(quoted ? 'NULL' : '\\N'));
  } else if (Buffer.isBuffer(value) || typeof value === 'string') {
    const escaped = escapedBytes(Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8'));
    if (quoted) out.push(QUOTE, escaped, QUOTE);
    else out.push(escaped);
  } else if (Array.isArray(value)) {
    out.push(Buffer.from('['));
    (value as readonly CellValue[]).forEach((item, index) => {
      if (index > 0) out.push(Buffer.from(','));
      pushValue(item, true, out);
    });
    out.push(Buffer.from(']'));
  } else if (typeof value === 'boolean') {
    out.push(Buffer.from(value ? '1' : '0'));
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
    out.push(Buffer.from(Number.isInteger(value) ? BigInt(value).toString() : String(value)));
  } else if (typeof value === 'bigint') {
    out.push(Buffer.from(value.toString()));
  } else {
    throw new TypeError(`cannot write a ${typeof value}`);
  }
}

/** What a column gets when a row does not give it: NULL, an empty array, or the type's zero. */
function defaultOf(type: string): CellValue {
  if (type.startsWith('Nullable(')) return null;
  if (type.startsWith('Array(')) return [];
  if (type === 'String' || type.startsWith('FixedString')) return '';
  if (type === 'Date') return '1970-01-01';
  return 0;
}

/** One row, every column in order, ended by a newline. Keys of the row that are no column are left out. */
export function tabSeparatedRow(columns: readonly InsertColumn[], row: Row): Buffer {
  const out: Buffer[] = [];
  columns.forEach((column, index) => {
    if (index > 0) out.push(Buffer.from('\t'));
    const value = Object.hasOwn(row, column.name) ? (row[column.name] as CellValue) : defaultOf(column.type);
    pushValue(value, false, out);
  });
  out.push(Buffer.from('\n'));
  return Buffer.concat(out);
}
