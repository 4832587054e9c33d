import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import {
  applyMigrations,
  clickhouseExecutor,
  insertValues,
  markRollupDays,
  type SqlExecutor,
} from '@vz/connector-clickhouse';
import { rewardRow } from '@vz/connector-clickhouse/testing';
import { createIsolation, type Isolation } from '@vz/testing';

// `vz rollups status|rebuild` against the platform's ClickHouse 18.16, on this file's own database.

const cli = join(import.meta.dirname, '..', '..', 'src', 'cli.ts');
let isolation: Isolation;
let client: ClickHouseClient;
let server: SqlExecutor;
let database: string;

function vz(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    [cli, 'rollups', ...args, '--clickhouse', isolation.endpoints.clickhouse.url, '--database', database],
    { encoding: 'utf8' },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  database = isolation.clickhouseDatabase;
  const { url, user, password } = isolation.endpoints.clickhouse;
  client = createClient({ url, username: user, password, log: { level: ClickHouseLogLevel.OFF } });
  server = clickhouseExecutor(client);
  await applyMigrations(server, database);
});

afterAll(async () => {
  await client?.close();
  await isolation?.close();
});

describe('vz rollups', () => {
  it('lists the pending days, and rebuilds every rollup from the base tables', async () => {
    await insertValues(server, database, 'vzp_rewards', [
      rewardRow('r1', 'acc-1', '2026-11-02T10:00:00Z', 5, 1),
      rewardRow('r2', 'acc-1', '2026-11-03T10:00:00Z', 7, 2),
      rewardRow('r1', 'acc-1', '2026-11-02T10:00:00Z', 5, 1), // delivered twice
    ]);
    await markRollupDays(server, database, new Map([['vzp_rewards', new Set(['2026-11-02'])]]));

    const status = vz('status');
    expect(status.status).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({ vzp_account_daily: ['2026-11-02'] });

    // A rebuild marks every day the base tables hold (2026-11-03 was never marked) and refreshes them all.
    const rebuild = vz('rebuild');
    expect(rebuild.status).toBe(0);
    expect(rebuild.stderr).toContain('rebuilding 2 rollup days');
    expect(JSON.parse(rebuild.stdout)).toEqual({});
    expect(
      await server.rows(
        `SELECT toString(day) AS day, recipientId, toString(amount) AS amount FROM ${database}.vzp_account_daily ORDER BY day`,
      ),
    ).toEqual([
      { day: '2026-11-02', recipientId: 'acc-1', amount: '5' },
      { day: '2026-11-03', recipientId: 'acc-1', amount: '7' },
    ]);
  });
});
