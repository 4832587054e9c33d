import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlExecutor } from './executor.ts';
import { fillTemplate, sqlIdentifier, sqlLiteral } from './sql.ts';

/** The folder of numbered SQL files: `NNN_<name>.sql`, applied in order. */
export const migrationsDir = join(import.meta.dirname, '..', 'migrations');

export interface Migration {
  version: number;
  name: string;
  /** sha256 (hex) of the file as written, `{database}` placeholder included. */
  checksum: string;
  /** The statements, still with the `{database}` placeholder. */
  statements: string[];
}

export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
}

/** The database and the migration files disagree: a file changed after it was applied, or files are missing. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  readonly retriable = false;
}

const fileNamePattern = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/**
 * Splits a migration file into statements: a statement ends with `;` at the end of a line. Comment-only pieces
 * (`--` lines) are dropped; a statement keeps its comments (both ClickHouse lanes accept them).
 */
export function splitStatements(text: string): string[] {
  return text
    .split(/;[ \t]*$/m)
    .map((piece) => piece.trim())
    .filter((piece) => piece.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--')));
}

/** Reads and checks the migration files: names `NNN_name.sql`, versions 1, 2, 3 ... without gaps or repeats. */
export function loadMigrations(dir: string = migrationsDir): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = fileNamePattern.exec(file);
      if (!match) throw new MigrationError(`migration file ${file} is not named NNN_<lower_case_name>.sql`);
      const text = readFileSync(join(dir, file), 'utf8');
      return {
        version: Number(match[1]),
        name: match[2] as string,
        checksum: createHash('sha256').update(text).digest('hex'),
        statements: splitStatements(text),
      };
    });
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrationError(
        `migration versions must run 1, 2, 3 ... without gaps: found ${migration.version} at position ${index + 1}`,
      );
    }
  });
  return migrations;
}

export interface ApplyResult {
  /** Versions applied by this run, in order (empty when the database was up to date). */
  applied: number[];
  /** Versions that were already applied. */
  skipped: number[];
}

/** The versions applied to `database`, in order; none when the database or its migrations table does not exist. */
export async function appliedMigrationVersions(executor: SqlExecutor, database: string): Promise<number[]> {
  const [table] = await executor.rows<{ n: string | number }>(
    `SELECT count() AS n FROM system.tables WHERE database = ${sqlLiteral(database)} AND name = 'schema_migrations'`,
  );
  if (Number(table?.n ?? 0) === 0) return [];
  const rows = await executor.rows<{ version: string | number }>(
    `SELECT version FROM ${sqlIdentifier(database)}.schema_migrations ORDER BY version`,
  );
  return rows.map((row) => Number(row.version));
}

/**
 * Brings `database` up to the migration files: creates the database and `schema_migrations` when missing, checks that
 * every recorded migration still has its file with the same checksum (a changed or vanished file is refused: write a
 * new migration instead), then applies the missing ones in order, recording each once all its statements succeeded.
 * A second run applies nothing. Statements are written to be re-runnable (`IF NOT EXISTS`, seeds into
 * ReplacingMergeTree tables), so a run that died half-way through a file can simply be repeated. Not safe for two
 * runners at the same instant (ClickHouse has no lock to take); deployables run it at start, one instance first.
 */
export async function applyMigrations(
  executor: SqlExecutor,
  database: string,
  migrations: Migration[] = loadMigrations(),
): Promise<ApplyResult> {
  const db = sqlIdentifier(database);
  await executor.command(`CREATE DATABASE IF NOT EXISTS ${db}`);
  await executor.command(
    `CREATE TABLE IF NOT EXISTS ${db}.schema_migrations (version UInt32, name String, checksum String, ` +
      `applied_at DateTime('UTC')) ENGINE = MergeTree ORDER BY version`,
  );
  const applied = await executor.rows<{ version: number | string; name: string; checksum: string }>(
    `SELECT version, name, checksum FROM ${db}.schema_migrations ORDER BY version`,
  );
  const known = new Map(migrations.map((migration) => [migration.version, migration]));
  for (const row of applied) {
    const version = Number(row.version);
    const file = known.get(version);
    if (!file) {
      throw new MigrationError(
        `${database} has migration ${version} (${row.name}) applied, but there is no such file: is this an older build?`,
      );
    }
    if (file.checksum !== row.checksum || file.name !== row.name) {
      throw new MigrationError(
        `migration ${version} (${file.name}) changed after it was applied to ${database} ` +
          `(applied ${row.name} sha256 ${row.checksum}, file sha256 ${file.checksum}); ` +
          'never edit an applied migration: add a new numbered file',
      );
    }
  }
  const done = new Set(applied.map((row) => Number(row.version)));
  const result: ApplyResult = { applied: [], skipped: [] };
  for (const migration of migrations) {
    if (done.has(migration.version)) {
      result.skipped.push(migration.version);
      continue;
    }
    for (const statement of migration.statements) {
      try {
        await executor.command(fillTemplate(statement, database));
      } catch (error) {
        throw new MigrationError(
          `migration ${migration.version} (${migration.name}) failed on ${database}: ${(error as Error).message}`,
          { cause: error },
        );
      }
    }
    const values = [migration.version, migration.name, migration.checksum].map((value) => sqlLiteral(value));
    await executor.command(
      `INSERT INTO ${db}.schema_migrations (version, name, checksum, applied_at) VALUES (${values.join(', ')}, now())`,
    );
    result.applied.push(migration.version);
  }
  return result;
}
