import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { chdbLane } from '../test/support/chdb-lane.ts';
import { fillTemplate, sqlIdentifier, sqlLiteral, type SqlValue, SqlValueError } from './sql.ts';

describe('sqlLiteral', () => {
  it.each<[string, SqlValue, string]>([
    ['plain string', 'abc', "'abc'"],
    ['empty string', '', "''"],
    ['single quote', "it's", "'it\\'s'"],
    ['backslash', 'a\\b', "'a\\\\b'"],
    ['quote after backslash', "\\'", "'\\\\\\''"],
    ['newline, tab, CR', 'a\nb\tc\rd', "'a\\nb\\tc\\rd'"],
    ['NUL', 'a\0b', "'a\\0b'"],
    ['other control chars', '\x01\x1f\x7f\b\f', "'\\x01\\x1f\\x7f\\b\\f'"],
    ['unicode passes through', 'Zürich 충전 ⚡ 😀', "'Zürich 충전 ⚡ 😀'"],
    ['comment and statement tokens stay inside the quotes', "x'; DROP TABLE t; --", "'x\\'; DROP TABLE t; --'"],
    ['integer', 42, '42'],
    ['negative integer is parenthesized', -7, '(-7)'],
    ['negative zero', -0, '0'],
    ['float', 1.5, '1.5'],
    ['tiny float', 1e-7, '1e-7'],
    ['bigint', 9007199254740993n, '9007199254740993'],
    ['UInt64 max', 2n ** 64n - 1n, '18446744073709551615'],
    ['Int64 min', -(2n ** 63n), '(-9223372036854775808)'],
    ['true', true, '1'],
    ['false', false, '0'],
    ['null', null, 'NULL'],
    ['date, whole seconds in UTC', new Date('2026-11-22T01:02:03.999Z'), "toDateTime('2026-11-22 01:02:03', 'UTC')"],
    ['epoch', new Date(0), "toDateTime('1970-01-01 00:00:00', 'UTC')"],
    ['array', ['a', 1, null], "['a', 1, NULL]"],
    ['empty array', [], '[]'],
    ['nested array', [[1], [-2]], '[[1], [(-2)]]'],
  ])('%s', (_name, value, expected) => {
    expect(sqlLiteral(value)).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['bigint above UInt64', 2n ** 64n],
    ['bigint below Int64', -(2n ** 63n) - 1n],
    ['lone high surrogate', 'a\ud800b'],
    ['lone low surrogate', '\udc00'],
    ['invalid date', new Date(Number.NaN)],
    ['date before 1970', new Date('1969-12-31T23:59:59Z')],
    ['date after 2106', new Date('2106-02-07T06:28:16Z')],
    ['undefined', undefined],
    ['object', { a: 1 }],
    ['array with a bad element', [1, Number.NaN]],
  ])('refuses %s', (_name, value) => {
    expect(() => sqlLiteral(value as SqlValue)).toThrow(SqlValueError);
  });
});

describe('sqlIdentifier', () => {
  it.each(['vz', 'test_abc_123', '_x', 'Table1'])('accepts %s', (name) => {
    expect(sqlIdentifier(name)).toBe(name);
  });
  it.each(['', '1abc', 'a-b', 'a.b', 'a b', '`x`', 'x;DROP', 'é', 'a'.repeat(64)])('refuses %j', (name) => {
    expect(() => sqlIdentifier(name)).toThrow(SqlValueError);
  });
});

describe('fillTemplate', () => {
  it('fills the database as an identifier and values as literals, in one pass', () => {
    expect(fillTemplate('SELECT {a}, {b} FROM {database}.t', 'vz', { a: '{b}', b: -1 })).toBe(
      "SELECT '{b}', (-1) FROM vz.t",
    );
  });
  it('refuses a placeholder without a value, a value without a placeholder, and a bad database', () => {
    expect(() => fillTemplate('SELECT {a}', 'vz')).toThrow(/no value for placeholder \{a\}/);
    expect(() => fillTemplate('SELECT 1', 'vz', { a: 1 })).toThrow(/values without a placeholder: a/);
    expect(() => fillTemplate('SELECT * FROM {database}.t', 'vz; DROP')).toThrow(SqlValueError);
  });
});

// The same strings through a current ClickHouse engine (chdb): what goes in as a literal comes back unchanged.
describe('sqlLiteral round trip through chdb', () => {
  const chdb = chdbLane();

  const roundTrip = async (value: string): Promise<string> => {
    // hex() of the value, so the check does not depend on how the output format escapes what it prints.
    const [row] = await chdb().rows<{ h: string }>(`SELECT hex(${sqlLiteral(value)}) AS h`);
    return Buffer.from(row?.h ?? '', 'hex').toString('utf8');
  };

  it('returns arbitrary strings unchanged (quotes, backslashes, control characters, NUL, unicode)', async () => {
    const tricky = fc.constantFrom(
      "'",
      '\\',
      '\n',
      '\r',
      '\t',
      '\0',
      '\x7f',
      '"',
      '`',
      '--',
      '/*',
      '{x}',
      ';',
      '😀',
      'ü',
    );
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.array(fc.oneof(tricky, fc.string()), { maxLength: 20 }).map((parts) => parts.join('')),
    );
    await fc.assert(
      fc.asyncProperty(text, async (value) => {
        expect(await roundTrip(value)).toBe(value);
      }),
      { numRuns: 300 },
    );
    // 300 queries through the in-process engine: seconds on a loaded 2-core machine, more than Jest's default 5 s.
  }, 120_000);

  it('returns numbers, bigints, dates and arrays unchanged', async () => {
    const [row] = await chdb().rows<Record<string, unknown>>(
      `SELECT toString(${sqlLiteral(-(2n ** 63n))}) AS i, toString(${sqlLiteral(2n ** 64n - 1n)}) AS u, ` +
        `toString(${sqlLiteral(-1.25)}) AS f, toUnixTimestamp(${sqlLiteral(new Date('2026-11-22T01:02:03Z'))}) AS d, ` +
        `${sqlLiteral(['a', "b'"])} AS a, isNull(${sqlLiteral(null)}) AS n, 5-${sqlLiteral(-1)} AS s`,
    );
    expect(row).toEqual({
      i: '-9223372036854775808',
      u: '18446744073709551615',
      f: '-1.25',
      d: expect.anything(),
      a: ['a', "b'"],
      n: 1,
      s: expect.anything(),
    });
    expect(Number(row?.d)).toBe(Date.UTC(2026, 10, 22, 1, 2, 3) / 1000);
    expect(Number(row?.s)).toBe(6);
  });
});
