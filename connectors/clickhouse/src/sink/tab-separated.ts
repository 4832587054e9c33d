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
/** TabSeparated's escapes (the quote too: inside arrays strings are quoted, and `\'` reads as `'` everywhere). */
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
const escapedChars: Record<string, string> = Object.fromEntries(
  [...escapes].map(([byte, letter]) => [String.fromCharCode(byte), `\\${String.fromCharCode(letter)}`]),
);
const needsEscape = /[\\\t\n\r\0\b\f']/;
const needsEscapeAll = /[\\\t\n\r\0\b\f']/g;

function escapedString(value: string): string {
  return needsEscape.test(value) ? value.replace(needsEscapeAll, (char) => escapedChars[char] ?? char) : value;
}

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

/**
 * A row is built as text, and as bytes only around a Buffer value (a raw payload): `parts` holds the text so far and
 * the escaped Buffers in order.
 */
class RowWriter {
  readonly parts: (string | Buffer)[] = [];
  text = '';

  bytes(value: Buffer): void {
    this.parts.push(this.text, value);
    this.text = '';
  }

  done(): Buffer {
    if (this.parts.length === 0) return Buffer.from(this.text, 'utf8');
    this.parts.push(this.text);
    return Buffer.concat(this.parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part)));
  }
}

function writeValue(value: CellValue, quoted: boolean, out: RowWriter): void {
  if (value === null) {
    out.text += quoted ? 'NULL' : '\\N';
  } else if (typeof value === 'string') {
    out.text += quoted ? `'${escapedString(value)}'` : escapedString(value);
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
    out.text += Number.isSafeInteger(value) || !Number.isInteger(value) ? String(value) : BigInt(value).toString();
  } else if (typeof value === 'bigint') {
    out.text += value.toString();
  } else if (typeof value === 'boolean') {
    out.text += value ? '1' : '0';
  } else if (Buffer.isBuffer(value)) {
    if (quoted) out.text += "'";
    out.bytes(escapedBytes(value));
    if (quoted) out.text += "'";
  } else if (Array.isArray(value)) {
    out.text += '[';
    (value as readonly CellValue[]).forEach((item, index) => {
      if (index > 0) out.text += ',';
      writeValue(item, true, out);
    });
    out.text += ']';
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
  const out = new RowWriter();
  for (let index = 0; index < columns.length; index += 1) {
    const column = columns[index] as InsertColumn;
    if (index > 0) out.text += '\t';
    const value = row[column.name];
    writeValue(value === undefined ? defaultOf(column.type) : value, false, out);
  }
  out.text += '\n';
  return out.done();
}
