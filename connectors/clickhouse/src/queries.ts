import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlExecutor } from './executor.ts';
import { fillTemplate, type SqlValue } from './sql.ts';

/** The folder of named dashboard and partner queries: `<name>.sql`, placeholders filled by `fillTemplate` only. */
export const queriesDir = join(import.meta.dirname, '..', 'queries');

/** The database the platform's model lives in (the examples in docs/analytics.md use it). */
export const defaultDatabase = 'vz';

const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/**
 * Every query, with the example values docs/analytics.md shows it with. A query's placeholders are exactly the keys of
 * its example (fillTemplate refuses a missing or an extra one), so the example also documents the parameters.
 */
export const queryCatalog = {
  energy_per_station_day: { from: day('2026-11-01'), to: day('2026-12-01') },
  metered_energy_per_station_hour: { chargerId: 'CP-0001', from: day('2026-11-02'), to: day('2026-11-03') },
  sessions_per_station_hour: { chargerId: 'CP-0001', from: day('2026-11-02'), to: day('2026-11-03') },
  top_stations: { from: day('2026-11-01'), to: day('2026-12-01'), limit: 10 },
  revenue_per_party_day: { role: 'CPO', from: day('2026-11-01'), to: day('2026-12-01') },
  revenue_per_asset_day: { from: day('2026-11-01'), to: day('2026-12-01') },
  vzp_per_account_day: { from: day('2026-11-01'), to: day('2026-12-01') },
  availability_share: { from: day('2026-11-02'), to: day('2026-11-03') },
  carbon_per_region: { from: day('2026-11-01'), to: day('2026-12-01') },
  carbon_per_account: { from: day('2026-11-01'), to: day('2026-12-01') },
  anchor_batch_of_record: { topic: 'charging.sessions', partition: 0, offset: 1234 },
  anchor_batch_leaves: { batchId: '42' },
} as const satisfies Record<string, Record<string, SqlValue>>;

export type QueryName = keyof typeof queryCatalog;

export const queryNames = Object.keys(queryCatalog) as QueryName[];

/** The query file's text: a leading `--` comment saying what it answers, then the SQL with placeholders. */
export function queryText(name: QueryName): string {
  return readFileSync(join(queriesDir, `${name}.sql`), 'utf8');
}

/**
 * The query ready to run: `{database}` and every value placeholder filled. The parameters are those of the query's
 * example in `queryCatalog`; a missing or an extra one is refused (at run time, by `fillTemplate`).
 */
export function renderQuery(name: QueryName, database: string, params: Record<string, SqlValue>): string {
  return fillTemplate(queryText(name), database, params);
}

export function runQuery<T = Record<string, unknown>>(
  executor: SqlExecutor,
  name: QueryName,
  database: string,
  params: Record<string, SqlValue>,
): Promise<T[]> {
  return executor.rows<T>(renderQuery(name, database, params));
}
