import { describe, expect, it } from '@jest/globals';
import { chdbLane } from '../test/support/chdb-lane.ts';
import { insertValues } from './insert.ts';
import { rewardRow } from '../test/support/model-fixture.ts';
import { applyMigrations } from './migrations.ts';
import {
  dropSupersededGenerations,
  markRollupDays,
  pendingRollupDays,
  refreshRollups,
  rollupDaysOf,
  rollupStatement,
} from './rollups.ts';

const ms = (iso: string): number => Date.parse(iso);

describe('rollupDaysOf', () => {
  it.each([
    [
      'a session: its start',
      'charging_sessions',
      { startedAt: ms('2026-11-02T08:00:00Z'), endedAt: null },
      ['2026-11-02'],
    ],
    [
      'a session: its start and its end (the day an earlier state may have started on)',
      'charging_sessions',
      { startedAt: ms('2026-11-03T23:00:00Z'), endedAt: BigInt(ms('2026-11-04T00:30:00Z')) },
      ['2026-11-03', '2026-11-04'],
    ],
    [
      'a settlement: its start and end',
      'settlements',
      { startedAt: ms('2026-11-03T23:00:00Z'), occurredAt: 1, endedAt: ms('2026-11-04T00:30:00Z') },
      ['2026-11-03', '2026-11-04'],
    ],
    [
      'a settlement without a start: its time',
      'settlements',
      { startedAt: null, occurredAt: ms('2026-11-05T10:00:00Z'), endedAt: null },
      ['2026-11-05'],
    ],
    ['an asset-revenue record: its day', 'asset_revenue', { day: '2026-11-02', occurredAt: 0 }, ['2026-11-02']],
    ['a reward: when it was granted', 'vzp_rewards', { occurredAt: ms('2026-11-02T23:59:59Z') }, ['2026-11-02']],
    ['a table no rollup reads', 'meter_samples', { occurredAt: ms('2026-11-02T00:00:00Z') }, []],
    ['an asset-revenue day that is no calendar day', 'asset_revenue', { day: '2026-02-30' }, []],
    ['an asset-revenue day that is no day at all', 'asset_revenue', { day: 'not-a-day' }, []],
    ['a time no Date column holds', 'vzp_rewards', { occurredAt: ms('2200-01-01T00:00:00Z') }, []],
    ['a time before 1970', 'charging_sessions', { startedAt: -1, endedAt: ms('2026-11-02T00:00:00Z') }, ['2026-11-02']],
  ])('%s', (_what, table, row, days) => {
    expect(rollupDaysOf(table, row)).toEqual(days);
  });
});

describe('refreshed rollups on a current ClickHouse (chdb)', () => {
  const chdb = chdbLane();
  const database = 'rollups';
  const shown = async (): Promise<unknown[]> =>
    chdb().rows(`SELECT toString(day) AS day, recipientId, amount FROM ${database}.vzp_account_daily ORDER BY day`);

  it('refreshes marked days only, shows a generation once it completed, and drops the superseded ones', async () => {
    await applyMigrations(chdb(), database);
    await insertValues(chdb(), database, 'vzp_rewards', [
      rewardRow('r1', 'acc-1', '2026-11-02T10:00:00Z', 5, 1),
      rewardRow('r2', 'acc-1', '2026-11-03T10:00:00Z', 7, 2),
    ]);
    expect(await refreshRollups(chdb(), database)).toEqual([]); // nothing marked, nothing refreshed
    await markRollupDays(chdb(), database, new Map([['vzp_rewards', new Set(['2026-11-02'])]]), 1_000);
    expect(await pendingRollupDays(chdb(), database)).toEqual(new Map([['vzp_account_daily', ['2026-11-02']]]));
    const [first] = await refreshRollups(chdb(), database, () => 2_000);
    expect(first).toMatchObject({ rollup: 'vzp_account_daily', days: ['2026-11-02'], generation: 2_000 });
    expect(await shown()).toEqual([{ day: '2026-11-02', recipientId: 'acc-1', amount: 5 }]);
    expect(await pendingRollupDays(chdb(), database)).toEqual(new Map());

    // A re-delivered reward and a new one on the same day: marked later, refreshed into a newer generation.
    await insertValues(chdb(), database, 'vzp_rewards', [
      rewardRow('r1', 'acc-1', '2026-11-02T10:00:00Z', 5, 1),
      rewardRow('r3', 'acc-1', '2026-11-02T11:00:00Z', 1, 3),
    ]);
    await markRollupDays(chdb(), database, new Map([['vzp_rewards', new Set(['2026-11-02'])]]), 3_000);
    await refreshRollups(chdb(), database, () => 4_000);
    expect(await shown()).toEqual([{ day: '2026-11-02', recipientId: 'acc-1', amount: 6 }]);
    const partitions = await chdb().rows<{ id: string }>(
      `SELECT DISTINCT partition_id AS id FROM system.parts WHERE database = '${database}' ` +
        `AND table = 'vzp_account_daily_generations' AND active ORDER BY id`,
    );
    expect(partitions).toEqual([{ id: '20261102-4000' }]); // generation 2000 was dropped

    // A refresh that died after writing its rows (no completion recorded) is never shown, and dropped once abandoned;
    // an older generation completing after a newer one is not shown either.
    await chdb().command(rollupStatement('vzp_account_daily', database, ['2026-11-02'], 5_000));
    expect(await shown()).toEqual([{ day: '2026-11-02', recipientId: 'acc-1', amount: 6 }]);
    await insertValues(chdb(), database, 'rollup_refreshes', [
      { rollupName: 'vzp_account_daily', day: '2026-11-02', generation: 3_500 },
    ]);
    expect(await shown()).toEqual([{ day: '2026-11-02', recipientId: 'acc-1', amount: 6 }]);
    expect(await dropSupersededGenerations(chdb(), database, 'vzp_account_daily', 5_000 + 60_000)).toBe(0);
    expect(await dropSupersededGenerations(chdb(), database, 'vzp_account_daily', 5_000 + 11 * 60_000)).toBe(1);
    expect(await shown()).toEqual([{ day: '2026-11-02', recipientId: 'acc-1', amount: 6 }]);
  });
});
