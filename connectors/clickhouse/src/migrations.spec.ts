import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { chdbLane } from '../test/support/chdb-lane.ts';
import {
  appliedMigrationVersions,
  applyMigrations,
  loadMigrations,
  MigrationError,
  splitStatements,
} from './migrations.ts';

function migrationFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vz-migrations-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('splitStatements', () => {
  it('splits at ; at the end of a line, keeps comments inside statements, drops comment-only pieces', () => {
    const text =
      "-- header\n\nCREATE TABLE a (x String DEFAULT ';') ENGINE = Log;\n-- between\nSELECT 1 ;  \n-- trailing\n";
    expect(splitStatements(text)).toEqual([
      "-- header\n\nCREATE TABLE a (x String DEFAULT ';') ENGINE = Log",
      '-- between\nSELECT 1',
    ]);
  });
});

describe('loadMigrations', () => {
  it('reads the project migrations in order, numbered from 1 without gaps', () => {
    const migrations = loadMigrations();
    expect(migrations.length).toBeGreaterThanOrEqual(3);
    expect(migrations.map((migration) => migration.version)).toEqual(migrations.map((_m, index) => index + 1));
    for (const migration of migrations) {
      expect(migration.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(migration.statements.length).toBeGreaterThan(0);
    }
  });
  it('refuses a gap, a repeat and a badly named file', () => {
    expect(() => loadMigrations(migrationFolder({ '001_a.sql': 'SELECT 1;', '003_c.sql': 'SELECT 1;' }))).toThrow(
      /without gaps/,
    );
    expect(() => loadMigrations(migrationFolder({ '001_a.sql': 'SELECT 1;', '001_b.sql': 'SELECT 1;' }))).toThrow(
      /without gaps/,
    );
    expect(() => loadMigrations(migrationFolder({ '1_a.sql': 'SELECT 1;' }))).toThrow(/NNN_<lower_case_name>/);
  });
});

// The current-ClickHouse lane (chdb). The same runner against the 18.16 server: test/integration/migrations.spec.ts.
describe('applyMigrations on a current ClickHouse (chdb)', () => {
  const chdb = chdbLane();

  it('applies every project migration, records each, and applies nothing the second time', async () => {
    const migrations = loadMigrations();
    expect(await appliedMigrationVersions(chdb(), 'model_a')).toEqual([]); // no database yet: a new model
    const first = await applyMigrations(chdb(), 'model_a');
    expect(await appliedMigrationVersions(chdb(), 'model_a')).toEqual(migrations.map((m) => m.version));
    expect(first).toEqual({ applied: migrations.map((m) => m.version), skipped: [] });
    const recorded = await chdb().rows<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM model_a.schema_migrations ORDER BY version',
    );
    expect(recorded).toEqual(migrations.map(({ version, name, checksum }) => ({ version, name, checksum })));
    const second = await applyMigrations(chdb(), 'model_a');
    expect(second).toEqual({ applied: [], skipped: migrations.map((m) => m.version) });
    expect(await chdb().rows('SELECT count() AS n FROM model_a.schema_migrations')).toEqual([{ n: migrations.length }]);
  });

  it('applies only the missing ones, in order', async () => {
    const one = { '001_first.sql': 'CREATE TABLE IF NOT EXISTS {database}.t1 (x UInt8) ENGINE = Log;\n' };
    const two = { ...one, '002_second.sql': 'CREATE TABLE IF NOT EXISTS {database}.t2 (x UInt8) ENGINE = Log;\n' };
    expect(await applyMigrations(chdb(), 'model_b', loadMigrations(migrationFolder(one)))).toEqual({
      applied: [1],
      skipped: [],
    });
    expect(await applyMigrations(chdb(), 'model_b', loadMigrations(migrationFolder(two)))).toEqual({
      applied: [2],
      skipped: [1],
    });
  });

  it('refuses, with a clear error, when an applied file changed or vanished', async () => {
    const original = { '001_first.sql': 'CREATE TABLE IF NOT EXISTS {database}.t1 (x UInt8) ENGINE = Log;\n' };
    await applyMigrations(chdb(), 'model_c', loadMigrations(migrationFolder(original)));
    const edited = { '001_first.sql': 'CREATE TABLE IF NOT EXISTS {database}.t1 (x UInt16) ENGINE = Log;\n' };
    const refused = applyMigrations(chdb(), 'model_c', loadMigrations(migrationFolder(edited)));
    await expect(refused).rejects.toThrow(MigrationError);
    await expect(refused).rejects.toThrow(/migration 1 \(first\) changed after it was applied to model_c/);
    await expect(applyMigrations(chdb(), 'model_c', [])).rejects.toThrow(
      /has migration 1 \(first\) applied, but there is no such file/,
    );
  });

  it('does not record a migration whose statement failed, and names it', async () => {
    const broken = { '001_broken.sql': 'CREATE TABLE {database}.t (x NoSuchType) ENGINE = Log;\n' };
    await expect(applyMigrations(chdb(), 'model_d', loadMigrations(migrationFolder(broken)))).rejects.toThrow(
      /migration 1 \(broken\) failed on model_d/,
    );
    expect(await chdb().rows('SELECT count() AS n FROM model_d.schema_migrations')).toEqual([{ n: 0 }]);
  });
});
