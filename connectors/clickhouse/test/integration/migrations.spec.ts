import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { SqlExecutor } from '../../src/executor.ts';
import { applyMigrations, loadMigrations } from '../../src/migrations.ts';
import { checkTableColumns } from '../../src/model-check.ts';
import { sqlLiteral } from '../../src/sql.ts';
import { openServerLane, type ServerLane } from './server.ts';

// The server lane: the same migration files and runner as src/migrations.spec.ts (chdb), on the platform's 18.16.
let lane: ServerLane;
let server: SqlExecutor;
let database: string;

beforeAll(async () => {
  lane = await openServerLane(import.meta.filename);
  ({ server, database } = lane);
});

afterAll(async () => {
  await lane.close();
});

describe('applyMigrations on ClickHouse 18.16', () => {
  it('runs on the 18.16 server', async () => {
    expect(await server.rows('SELECT version() AS v')).toEqual([{ v: expect.stringMatching(/^18\.16\./) }]);
  });

  it('applies every migration file, records each, and applies nothing the second time', async () => {
    const migrations = loadMigrations();
    expect(await applyMigrations(server, database)).toEqual({ applied: migrations.map((m) => m.version), skipped: [] });
    const recorded = await server.rows<{ version: number; name: string; checksum: string }>(
      `SELECT version, name, checksum FROM ${database}.schema_migrations ORDER BY version`,
    );
    expect(recorded).toEqual(migrations.map(({ version, name, checksum }) => ({ version, name, checksum })));
    expect(await applyMigrations(server, database)).toEqual({ applied: [], skipped: migrations.map((m) => m.version) });
    const tables = await server.rows<{ name: string }>(
      `SELECT name FROM system.tables WHERE database = ${sqlLiteral(database)} ORDER BY name`,
    );
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining([
        'schema_migrations',
        'raw_frames',
        'charger_events',
        'meter_samples',
        'charging_sessions',
      ]),
    );
  });
});

describe('the migrated tables on ClickHouse 18.16', () => {
  it('have the columns the Avro schemas give, named and typed by the rule', async () => {
    await applyMigrations(server, database);
    expect(await checkTableColumns(server, database)).toEqual([]);
  });
});

describe('sqlLiteral round trip through ClickHouse 18.16', () => {
  it('returns a sample of arbitrary strings unchanged', async () => {
    const samples = fc.sample(
      fc.oneof(
        fc.string({ unit: 'binary' }),
        fc
          .array(fc.constantFrom("'", '\\', '\n', '\r', '\t', '\0', '\x7f', '\x01', '😀', 'ü', 'x'), { maxLength: 16 })
          .map((parts) => parts.join('')),
      ),
      { numRuns: 200, seed: 7 },
    );
    const fixed = ["it's", 'a\\b', "\\'", 'line\nbreak', 'nul\0byte', 'Zürich 충전 ⚡ 😀', "x'; DROP TABLE t; --"];
    const values = [...fixed, ...samples];
    // One query, one row per value; hex() so the check does not depend on how the output format escapes.
    const selects = values.map((value, index) => `SELECT ${index} AS i, hex(${sqlLiteral(value)}) AS h`);
    const rows = await server.rows<{ i: number | string; h: string }>(
      `SELECT i, h FROM (${selects.join(' UNION ALL ')}) ORDER BY i`,
    );
    expect(rows.map((row) => Buffer.from(row.h, 'hex').toString('utf8'))).toEqual(values);
  });

  it('writes numbers, bigints, dates and arrays 18.16 reads back the same', async () => {
    const [row] = await server.rows<Record<string, unknown>>(
      `SELECT toString(${sqlLiteral(-(2n ** 63n))}) AS i, toString(${sqlLiteral(2n ** 64n - 1n)}) AS u, ` +
        `toString(${sqlLiteral(-1.25)}) AS f, toUnixTimestamp(${sqlLiteral(new Date('2026-11-22T01:02:03Z'))}) AS d, ` +
        `${sqlLiteral(['a', "b'"])} AS a, isNull(${sqlLiteral(null)}) AS n, 5-${sqlLiteral(-1)} AS s`,
    );
    expect(row).toMatchObject({ i: '-9223372036854775808', u: '18446744073709551615', f: '-1.25', a: ['a', "b'"] });
    expect(Number(row?.d)).toBe(Date.UTC(2026, 10, 22, 1, 2, 3) / 1000);
    expect(Number(row?.n)).toBe(1);
    expect(Number(row?.s)).toBe(6);
  });
});
