import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ClickHouseClient } from '@clickhouse/client';
import { clickhouseExecutor, type SqlExecutor } from '../../src/executor.ts';
import { applyMigrations } from '../../src/migrations.ts';
import { asStrings, queryCases, seedModel } from '../support/model-fixture.ts';
import { runQuery } from '../../src/queries.ts';
import { sqlIdentifier, sqlLiteral } from '../../src/sql.ts';
import { openServerLane, serverClient, type ServerLane } from './server.ts';

// The read-only analyst (deploy/local users.xml: profile readonly, readonly=1) against the model on 18.16.
let lane: ServerLane;
let analystClient: ClickHouseClient;
let analyst: SqlExecutor;
let db: string;

beforeAll(async () => {
  lane = await openServerLane(import.meta.filename);
  await applyMigrations(lane.server, lane.database);
  await seedModel(lane.server, lane.database);
  analystClient = serverClient(lane.isolation, 'analyst');
  analyst = clickhouseExecutor(analystClient);
  db = sqlIdentifier(lane.database);
});

afterAll(async () => {
  await analystClient.close();
  await lane.close();
});

describe('the analyst user', () => {
  it('reads every table and view of the model', async () => {
    const tables = await lane.server.rows<{ name: string }>(
      `SELECT name FROM system.tables WHERE database = ${sqlLiteral(lane.database)} AND name NOT LIKE '.inner%' ORDER BY name`,
    );
    expect(tables.length).toBeGreaterThan(20);
    for (const { name } of tables) {
      await expect(analyst.rows(`SELECT count() AS n FROM ${db}.${sqlIdentifier(name)}`)).resolves.toHaveLength(1);
    }
  });

  it('runs the dashboard and partner queries', async () => {
    for (const { name, params, expected } of queryCases) {
      expect(asStrings(await runQuery(analyst, name, lane.database, params))).toEqual(expected);
    }
  });

  it.each([
    [
      'an INSERT',
      "INSERT INTO {db}.grid_intensity (region, gridGPerKwh, iceEquivalentGPerKwh, source, version) VALUES ('X', 1, 2, 'x', 9)",
      /Cannot insert into table in readonly mode/,
    ],
    ['a CREATE', 'CREATE TABLE {db}.mine (x UInt8) ENGINE = Log', /Cannot (create|execute).*in readonly mode/],
    ['a DROP', 'DROP TABLE {db}.grid_intensity', /Cannot drop table in readonly mode/],
    ['an ALTER', 'ALTER TABLE {db}.grid_intensity DELETE WHERE 1', /readonly mode/],
    ['a setting change', 'SET readonly = 0', /Cannot execute SET query in readonly mode/],
  ])('is refused %s with the server message', async (_what, statement, message) => {
    await expect(analyst.command(statement.replace('{db}', db))).rejects.toThrow(message);
  });

  it('changed nothing by trying', async () => {
    expect(await lane.server.rows(`SELECT region FROM ${db}.grid_intensity FINAL WHERE region = 'X'`)).toEqual([]);
    expect(
      await lane.server.rows(
        `SELECT name FROM system.tables WHERE database = ${sqlLiteral(lane.database)} AND name = 'mine'`,
      ),
    ).toEqual([]);
  });
});
