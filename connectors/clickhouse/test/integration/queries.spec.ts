import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SqlExecutor } from '../../src/executor.ts';
import { applyMigrations } from '../../src/migrations.ts';
import { asStrings, queryCases, seedModel } from '../support/model-fixture.ts';
import { sqlIdentifier } from '../../src/sql.ts';
import { queryCatalog, queryNames, renderQuery, runQuery } from '../../src/queries.ts';
import { markAllRollupDays, refreshRollups } from '../../src/rollups.ts';
import { openServerLane, type ServerLane } from './server.ts';

// The 18.16 lane of the queries: the same seed and hand-computed answers as src/queries.spec.ts (chdb).
let lane: ServerLane;
let server: SqlExecutor;
let database: string;

beforeAll(async () => {
  lane = await openServerLane(import.meta.filename);
  ({ server, database } = lane);
  await applyMigrations(server, database);
  await seedModel(server, database);
});

afterAll(async () => {
  await lane.close();
});

describe('queries on ClickHouse 18.16', () => {
  it.each(queryCases)('$name answers the hand-computed rows', async ({ name, params, expected }) => {
    expect(asStrings(await runQuery(server, name, database, params))).toEqual(expected);
  });

  it('runs the documented examples as they are', async () => {
    for (const name of queryNames) await server.rows(renderQuery(name, database, queryCatalog[name]));
  });

  it('gives the same answers after ClickHouse merged the duplicates away', async () => {
    for (const table of [
      'charging_sessions',
      'settlements',
      'asset_revenue',
      'vzp_rewards',
      'charger_events',
      'meter_samples',
      'anchors',
      'anchor_leaves',
    ]) {
      await server.command(`OPTIMIZE TABLE ${sqlIdentifier(database)}.${sqlIdentifier(table)} FINAL`);
    }
    for (const { name, params, expected } of queryCases) {
      expect(asStrings(await runQuery(server, name, database, params))).toEqual(expected);
    }
    // And the rollups rebuilt from the merged tables say the same.
    await markAllRollupDays(server, database);
    expect((await refreshRollups(server, database)).length).toBeGreaterThan(0);
    for (const { name, params, expected } of queryCases) {
      expect(asStrings(await runQuery(server, name, database, params))).toEqual(expected);
    }
  });
});

// The sink's path: the same seed written as JSONEachRow through @clickhouse/client's insert (one row per record,
// Nested columns as parallel arrays under dotted names, materialized columns left to the server).
describe('queries on ClickHouse 18.16, seeded through the client as JSONEachRow', () => {
  let jsonDatabase: string;

  beforeAll(async () => {
    jsonDatabase = sqlIdentifier(`${database}_json`);
    await applyMigrations(server, jsonDatabase);
    await seedModel(server, jsonDatabase, async (table, rows) => {
      await lane.client.insert({
        table: `${jsonDatabase}.${sqlIdentifier(table)}`,
        values: rows,
        format: 'JSONEachRow',
      });
    });
  });

  afterAll(async () => {
    await server.command(`DROP DATABASE IF EXISTS ${jsonDatabase}`);
  });

  it.each(queryCases)('$name answers the hand-computed rows', async ({ name, params, expected }) => {
    expect(asStrings(await runQuery(server, name, jsonDatabase, params))).toEqual(expected);
  });
});
