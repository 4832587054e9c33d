import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chdbExecutor, type ChdbExecutor } from '../test/support/chdb-executor.ts';
import { applyMigrations } from './migrations.ts';
import { asStrings, queryCases, seedModel } from '../test/support/model-fixture.ts';
import { queryCatalog, queryNames, renderQuery, runQuery } from './queries.ts';

// The current-ClickHouse lane of the queries; the 18.16 lane is test/integration/queries.spec.ts, same seed, same answers.
let chdb: ChdbExecutor;
const database = 'model';

beforeAll(async () => {
  chdb = chdbExecutor();
  await applyMigrations(chdb, database);
  await seedModel(chdb, database);
});

afterAll(async () => {
  await chdb.close();
});

describe('queries on a current ClickHouse (chdb)', () => {
  it('has a case for every query of the catalog, and a file for every case', () => {
    expect([...new Set(queryCases.map((c) => c.name))].sort()).toEqual([...queryNames].sort());
    for (const name of queryNames) expect(() => renderQuery(name, database, queryCatalog[name])).not.toThrow();
  });

  it.each(queryCases)('$name answers the hand-computed rows', async ({ name, params, expected }) => {
    expect(asStrings(await runQuery(chdb, name, database, params))).toEqual(expected);
  });

  it('runs the documented examples as they are', async () => {
    for (const name of queryNames) await chdb.rows(renderQuery(name, database, queryCatalog[name]));
  });
});
