import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlExecutor } from './executor.ts';
import { insertValues } from './insert.ts';
import { fillTemplate, sqlIdentifier, sqlLiteral, type SqlValue } from './sql.ts';
import type { ModelTableName } from './tables.ts';

/**
 * Refreshed rollups (migration 007; docs/analytics.md, "Refreshed rollups"): per-day aggregates recomputed whole from
 * the base tables' latest states, a generation per refresh, read through a view that shows each day's newest
 * completed generation. ClickHouse 18.16 has neither refreshable materialized views nor a materialized view that could
 * sum without counting a re-delivered batch twice, so the refresh is ours: the sink marks the days it wrote
 * (`markRollupDays`) and refreshes the marked ones (`refreshRollups`).
 */

/** The folder of refresh statements: `<rollup>.sql` (an INSERT ... SELECT) and the `<name>.fragment.sql` they include. */
export const rollupsDir = join(import.meta.dirname, '..', 'rollups');

/**
 * Every rollup and what its days are marked by, in refresh order: a base table (by the sink), or a daily rollup
 * whose refreshed days mark their months (migration 008's monthly rollup).
 */
export const rollups = {
  station_sessions_daily: 'charging_sessions',
  account_sessions_daily: 'charging_sessions',
  revenue_party_daily: 'settlements',
  revenue_asset_daily: 'asset_revenue',
  vzp_account_daily: 'vzp_rewards',
  account_sessions_monthly: 'account_sessions_daily',
} as const satisfies Record<string, ModelTableName | 'account_sessions_daily'>;

export type RollupName = keyof typeof rollups;
export type RollupBaseTable = Extract<(typeof rollups)[RollupName], ModelTableName>;

/** The first day of the month of a 'YYYY-MM-DD' day: what a refreshed day of a daily rollup marks. */
const monthOf = (day: string): string => `${day.slice(0, 7)}-01`;

const isRollup = (name: string): name is RollupName => Object.hasOwn(rollups, name);

/** The daily rollups another rollup is computed from. */
const markedByRollups = new Set<string>(Object.values(rollups).filter(isRollup));

export const rollupNames = Object.keys(rollups) as RollupName[];

/** The window of a refresh reaches this far before its first day: how far back a session's start may move. */
export const windowDays = 31;

/**
 * A refresh recomputes at most this many days in one statement: the memory of a statement grows with the keys of its
 * days (at 345,000 sessions a day, a week's argMax states pass the server's 1 GB per-query limit), while the live
 * refresh seldom has more than today and yesterday pending. A rebuild goes a day at a time.
 */
export const maxDaysPerStatement = 1;

/** A generation without a completed refresh this old was left by a refresh that died; its partitions are dropped. */
const abandonedAfterMs = 10 * 60_000;

const dayMs = 86_400_000;

/** The days a ClickHouse `Date` holds on both lanes (18.16's ends in 2105). */
const firstDay = '1970-01-01';
const lastDay = '2105-12-31';

/** 'YYYY-MM-DD' of an epoch-ms time, UTC; undefined outside what a `Date` column holds. */
function utcDay(epochMs: number | bigint): string | undefined {
  const at = Number(epochMs);
  if (!Number.isFinite(at) || at < 0 || at >= Date.parse(`${lastDay}T00:00:00Z`) + dayMs) return undefined;
  return new Date(at).toISOString().slice(0, 10);
}

/** The day itself when `text` is a real calendar day a `Date` column holds, else undefined. */
function calendarDay(text: unknown): string | undefined {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text) || text < firstDay || text > lastDay)
    return undefined;
  const at = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(at) || utcDay(at) !== text ? undefined : text;
}

/**
 * The UTC days a row of a base table must mark: every day its key may have been counted on. A session and a settlement
 * name the day of their start and of their end (a start that arrives after its stop moves the session's start back;
 * its earlier state had started at that stop); an asset-revenue record its `day`; a reward the day it was granted.
 * Rows of other tables mark nothing, and neither does a value no `Date` can hold (ClickHouse refuses or wraps the row
 * itself; marking it would only make the marks' insert fail).
 */
export function rollupDaysOf(table: string, row: Readonly<Record<string, unknown>>): string[] {
  const time = (column: string): number | bigint | undefined => {
    const value = row[column];
    return typeof value === 'number' || typeof value === 'bigint' ? value : undefined;
  };
  const days = (...times: (number | bigint | undefined)[]): string[] => [
    ...new Set(times.map((at) => (at === undefined ? undefined : utcDay(at))).filter((day) => day !== undefined)),
  ];
  switch (table) {
    case 'charging_sessions':
      return days(time('startedAt'), time('endedAt'));
    case 'settlements':
      return days(time('startedAt') ?? time('occurredAt'), time('endedAt'));
    case 'asset_revenue':
      return [calendarDay(row.day)].filter((day) => day !== undefined);
    case 'vzp_rewards':
      return days(time('occurredAt'));
    default:
      return [];
  }
}

const baseTables = new Set<string>(Object.values(rollups).filter((base) => !isRollup(base)));

/** True when rows of `table` feed a rollup (and the sink must mark their days). */
export const feedsRollups = (table: string): boolean => baseTables.has(table);

/**
 * Records that ClickHouse holds new rows of these base tables on these days (`baseTable → days`). Called after the
 * rows were acknowledged and before their offsets are committed.
 */
export async function markRollupDays(
  executor: SqlExecutor,
  database: string,
  marks: ReadonlyMap<string, ReadonlySet<string>>,
  markedAt: number = Date.now(),
): Promise<void> {
  const rows = [...marks].flatMap(([baseTable, days]) => [...days].map((day) => ({ baseTable, day, markedAt })));
  if (rows.length > 0) await insertValues(executor, database, 'rollup_marks', rows);
}

/** The SQL day of a row of each base table: what `markAllRollupDays` lists. */
const baseDayExpression: Record<RollupBaseTable, string> = {
  charging_sessions: 'toDate(startedTime)',
  settlements: 'toDate(dayTime)',
  asset_revenue: 'day',
  vzp_rewards: 'toDate(occurredTime)',
};

/** Marks every day the base tables hold: a full rebuild (after a bulk load, a restore, or a changed rollup). */
export async function markAllRollupDays(executor: SqlExecutor, database: string): Promise<void> {
  const marks = new Map<string, Set<string>>();
  for (const [baseTable, expression] of Object.entries(baseDayExpression)) {
    const rows = await executor.rows<{ day: string }>(
      `SELECT DISTINCT toString(${expression}) AS day FROM ${sqlIdentifier(database)}.${sqlIdentifier(baseTable)}`,
    );
    marks.set(baseTable, new Set(rows.map((row) => row.day)));
  }
  await markRollupDays(executor, database, marks);
}

/** Per rollup, the days whose newest mark is not older than their newest completed generation, in order. */
export async function pendingRollupDays(executor: SqlExecutor, database: string): Promise<Map<RollupName, string[]>> {
  const db = sqlIdentifier(database);
  const marks = await executor.rows<{ baseTable: string; day: string; markedAt: string | number }>(
    `SELECT baseTable, toString(day) AS day, max(markedAt) AS markedAt FROM ${db}.rollup_marks GROUP BY baseTable, day`,
  );
  const refreshed = await completedGenerations(executor, database);
  const pending = new Map<RollupName, string[]>();
  for (const rollup of rollupNames) {
    const days = marks
      .filter((mark) => mark.baseTable === rollups[rollup])
      .filter((mark) => BigInt(mark.markedAt) >= (refreshed.get(rollup)?.get(mark.day) ?? -1n))
      .map((mark) => mark.day)
      .sort();
    if (days.length > 0) pending.set(rollup, days);
  }
  return pending;
}

/** Per rollup and day, the newest generation whose refresh completed. */
async function completedGenerations(
  executor: SqlExecutor,
  database: string,
): Promise<Map<string, Map<string, bigint>>> {
  // `rollupName`, not `rollup`: GROUP BY rollup would be read as GROUP BY ROLLUP(...).
  const rows = await executor.rows<{ rollup: string; day: string; generation: string | number }>(
    `SELECT rollupName AS rollup, toString(day) AS day, max(generation) AS generation ` +
      `FROM ${sqlIdentifier(database)}.rollup_refreshes GROUP BY rollupName, day`,
  );
  const generations = new Map<string, Map<string, bigint>>();
  for (const { rollup, day, generation } of rows) {
    generations.set(rollup, (generations.get(rollup) ?? new Map<string, bigint>()).set(day, BigInt(generation)));
  }
  return generations;
}

const includePattern = /\{include:([a-z_]+)\}/g;

/** The refresh statement of a rollup, its `{include:<fragment>}`s replaced by the fragments' text. */
export function rollupStatementTemplate(rollup: RollupName): string {
  return readFileSync(join(rollupsDir, `${rollup}.sql`), 'utf8').replace(includePattern, (_match, name: string) =>
    readFileSync(join(rollupsDir, `${name}.fragment.sql`), 'utf8').trim(),
  );
}

/** The refresh statement for these days (sorted 'YYYY-MM-DD'), writing generation `generation`. */
export function rollupStatement(
  rollup: RollupName,
  database: string,
  days: readonly string[],
  generation: number,
): string {
  const first = Date.parse(`${days[0]}T00:00:00Z`);
  const last = Date.parse(`${days.at(-1)}T00:00:00Z`);
  const values: Record<string, SqlValue> = {
    days: [...days],
    daysStart: new Date(first),
    daysEnd: new Date(last + dayMs),
    windowStart: new Date(Math.max(0, first - windowDays * dayMs)),
    generation,
  };
  const template = rollupStatementTemplate(rollup);
  // Each statement takes the values it names (fillTemplate refuses unused ones; not every rollup has a window).
  const used = Object.fromEntries(Object.entries(values).filter(([name]) => template.includes(`{${name}}`)));
  return fillTemplate(template, database, used);
}

export interface RollupRefresh {
  readonly rollup: RollupName;
  readonly days: readonly string[];
  readonly generation: number;
  readonly ms: number;
}

let lastGeneration = 0;

/** Epoch ms, strictly increasing within the process (two refreshes in one millisecond get distinct generations). */
function nextGeneration(now: number): number {
  lastGeneration = Math.max(now, lastGeneration + 1);
  return lastGeneration;
}

/**
 * Refreshes every pending day of every rollup (at most `maxDaysPerStatement` days a statement): the new generation's
 * rows, then its completion in rollup_refreshes, then the superseded generations' partitions dropped. Safe to run
 * from several processes at once (the newest completed generation wins) and to interrupt anywhere (an unfinished
 * generation is never shown, its days stay pending). Returns what it refreshed.
 */
export async function refreshRollups(
  executor: SqlExecutor,
  database: string,
  now: () => number = Date.now,
  onRefreshed: (refresh: RollupRefresh) => void = () => undefined,
): Promise<RollupRefresh[]> {
  const refreshes: RollupRefresh[] = [];
  let pending = await pendingRollupDays(executor, database);
  for (const rollup of rollupNames) {
    const days = pending.get(rollup) ?? [];
    for (let index = 0; index < days.length; index += maxDaysPerStatement) {
      const chunk = days.slice(index, index + maxDaysPerStatement);
      const started = performance.now();
      const generation = nextGeneration(now());
      await executor.command(rollupStatement(rollup, database, chunk, generation));
      await insertValues(
        executor,
        database,
        'rollup_refreshes',
        chunk.map((day) => ({ rollupName: rollup, day, generation })),
      );
      if (markedByRollups.has(rollup)) {
        await markRollupDays(executor, database, new Map([[rollup, new Set(chunk.map(monthOf))]]), now());
      }
      const refresh = { rollup, days: chunk, generation, ms: Math.round(performance.now() - started) };
      refreshes.push(refresh);
      onRefreshed(refresh);
    }
    if (days.length === 0) continue;
    await dropSupersededGenerations(executor, database, rollup, now());
    // Read again after a rollup others are computed from: the monthly rollup sees, in this same round, the months its
    // daily rollup has just marked.
    if (markedByRollups.has(rollup)) pending = await pendingRollupDays(executor, database);
  }
  return refreshes;
}

/**
 * Drops the partitions of a rollup's generations that no reader will pick: older than their day's newest completed
 * generation, or never completed and abandoned (`abandonedAfterMs`). A query already reading a dropped partition
 * finishes with it (ClickHouse keeps a part while a query holds it).
 */
export async function dropSupersededGenerations(
  executor: SqlExecutor,
  database: string,
  rollup: RollupName,
  now: number,
): Promise<number> {
  const table = `${sqlIdentifier(database)}.${sqlIdentifier(`${rollup}_generations`)}`;
  const completed = (await completedGenerations(executor, database)).get(rollup) ?? new Map<string, bigint>();
  const partitions = await executor.rows<{ id: string }>(
    `SELECT DISTINCT partition_id AS id FROM system.parts WHERE database = ${sqlLiteral(database)} ` +
      `AND table = ${sqlLiteral(`${rollup}_generations`)} AND active`,
  );
  let dropped = 0;
  for (const { id } of partitions) {
    // Partition ids of PARTITION BY (day, generation) read 'YYYYMMDD-<generation>' on both lanes.
    const match = /^(\d{4})(\d{2})(\d{2})-(\d+)$/.exec(id);
    if (match === null) continue;
    const day = `${match[1]}-${match[2]}-${match[3]}`;
    const generation = BigInt(match[4] as string);
    const newest = completed.get(day);
    const superseded = newest !== undefined && generation < newest;
    const abandoned = (newest === undefined || generation > newest) && generation < BigInt(now - abandonedAfterMs);
    if (!superseded && !abandoned) continue;
    await executor.command(`ALTER TABLE ${table} DROP PARTITION ID ${sqlLiteral(id)}`);
    dropped += 1;
  }
  return dropped;
}
