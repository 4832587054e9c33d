import {
  insertValues,
  markRollupDays,
  refreshRollups,
  rollupDaysOf,
  type QueryName,
  type SqlExecutor,
  type SqlValue,
} from '../../src/index.ts';

/**
 * A small model with hand-computed answers, shared by the two lanes (src/queries.spec.ts on chdb,
 * test/integration/queries.spec.ts on 18.16). It is seeded as a sink would write it, including what a sink does
 * wrong-but-allowed: a batch delivered twice (identical rows), and superseded states (an ACTIVE session before its
 * COMPLETED record, a session completed again with late meter values, a settlement revision, a station that moved,
 * a session and its settlement whose start arrived after their stop and moved them to the day before). After each
 * delivery the rollups' days are marked from the rows, as the sink marks them, and refreshed.
 */

type Row = Record<string, SqlValue>;

const ms = (iso: string): number => Date.parse(iso);
const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/** Where a row came from; `version` is the offset (the rule for state tables) unless the caller overrides it. */
function from(topic: string, offset: number, version: number = offset): Row {
  return { version, _topic: topic, _partition: 0, _offset: offset };
}

const stations: Row[] = [
  {
    eventId: 'st-A/1',
    occurredAt: ms('2026-10-01T00:00:00Z'),
    stationId: 'st-A',
    country: 'NLD',
    ...from('registry.stations', 1),
  },
  {
    eventId: 'st-A/2',
    occurredAt: ms('2026-10-05T00:00:00Z'),
    stationId: 'st-A',
    country: 'DEU',
    ...from('registry.stations', 2),
  },
  {
    eventId: 'st-B/1',
    occurredAt: ms('2026-10-01T00:00:00Z'),
    stationId: 'st-B',
    country: 'FRA',
    ...from('registry.stations', 3),
  },
];

function session(
  sessionId: string,
  chargerId: string,
  stationId: string | null,
  accountId: string | null,
  startedAt: string,
  status: string,
  energyWh: number,
  offset: number,
  endedAt: string | null = null,
): Row {
  return {
    eventId: `${sessionId}/${offset}`,
    occurredAt: ms(startedAt) + offset,
    sessionId: `${chargerId}:${sessionId}`, // as the sessions stream names them (sessionIdOf)
    chargerId,
    stationId,
    accountId,
    transactionId: sessionId,
    status,
    startedAt: ms(startedAt),
    endedAt: endedAt === null ? null : ms(endedAt),
    energyWh,
    ...from('charging.sessions', offset),
  };
}

const sessionsFirst: Row[] = [
  session('s1', 'cp-1', 'st-A', 'acc-1', '2026-11-02T08:10:00Z', 'ACTIVE', 1_000, 10),
  session('s1', 'cp-1', 'st-A', 'acc-1', '2026-11-02T08:10:00Z', 'COMPLETED', 12_000, 11),
  session('s2', 'cp-1', 'st-A', 'acc-2', '2026-11-02T09:30:00Z', 'COMPLETED', 8_000, 20),
  session('s3', 'cp-2', 'st-B', 'acc-1', '2026-11-02T08:45:00Z', 'COMPLETED', 20_000, 30),
  session('s4', 'cp-2', 'st-B', 'acc-2', '2026-11-03T10:00:00Z', 'ACTIVE', 5_000, 40),
  session('s5', 'cp-3', null, null, '2026-11-03T11:00:00Z', 'COMPLETED', 4_000, 50),
  // A stop without its start: started (for now) and ended at the stop, 0 Wh.
  session('s6', 'cp-3', null, null, '2026-11-04T00:30:00Z', 'COMPLETED', 0, 60, '2026-11-04T00:30:00Z'),
];
/** The second delivery: s1's COMPLETED again (a re-delivered batch), and s3 completed again with late meter values. */
const sessionsSecond: Row[] = [
  session('s1', 'cp-1', 'st-A', 'acc-1', '2026-11-02T08:10:00Z', 'COMPLETED', 12_000, 11),
  session('s3', 'cp-2', 'st-B', 'acc-1', '2026-11-02T08:45:00Z', 'COMPLETED', 21_000, 31),
  // s6's start arrived: the session started the day before its stop, 3 kWh.
  session('s6', 'cp-3', null, null, '2026-11-03T23:00:00Z', 'COMPLETED', 3_000, 61, '2026-11-04T00:30:00Z'),
];

function settlement(
  sessionId: string,
  startedAt: string,
  revision: number,
  splits: [string, string, number][],
  offset: number,
  endedAt: string | null = null,
): Row {
  return {
    eventId: revision === 0 ? `settlement:${sessionId}` : `settlement:${sessionId}:${revision}`,
    occurredAt: ms(startedAt) + 3_600_000,
    sessionId,
    chargerId: 'cp',
    revision,
    totalMinor: splits.reduce((sum, [, , amount]) => sum + amount, 0),
    totalCurrency: 'EUR',
    'splits.role': splits.map(([role]) => role),
    'splits.partyId': splits.map(([, partyId]) => partyId),
    'splits.amountMinor': splits.map(([, , amount]) => amount),
    'splits.amountCurrency': splits.map(() => 'EUR'),
    'splits.basisPoints': splits.map(() => 0),
    'splits.walletAddress': splits.map(() => null),
    startedAt: ms(startedAt),
    endedAt: endedAt === null ? null : ms(endedAt),
    ...from('billing.settlements', offset, revision),
  };
}

const s1Settlement = settlement(
  's1',
  '2026-11-02T08:10:00Z',
  0,
  [
    ['CPO', 'cpo-1', 300],
    ['MSP', 'msp-1', 100],
    ['PLATFORM', 'vz', 50],
  ],
  100,
);
const settlementsFirst: Row[] = [
  s1Settlement,
  settlement(
    's3',
    '2026-11-02T08:45:00Z',
    0,
    [
      ['CPO', 'cpo-1', 500],
      ['MSP', 'msp-2', 200],
      ['PLATFORM', 'vz', 100],
    ],
    101,
  ),
  settlement(
    's2',
    '2026-11-02T09:30:00Z',
    0,
    [
      ['CPO', 'cpo-2', 250],
      ['MSP', 'msp-1', 80],
      ['PLATFORM', 'vz', 20],
    ],
    102,
  ),
  settlement('s6', '2026-11-04T00:30:00Z', 0, [['CPO', 'cpo-3', 100]], 104, '2026-11-04T00:30:00Z'),
];
const settlementsSecond: Row[] = [
  s1Settlement,
  settlement(
    's3',
    '2026-11-02T08:45:00Z',
    1,
    [
      ['CPO', 'cpo-1', 520],
      ['MSP', 'msp-2', 210],
      ['PLATFORM', 'vz', 100],
      ['INVESTOR', 'inv-1', 30],
    ],
    103,
  ),
  settlement('s6', '2026-11-03T23:00:00Z', 1, [['CPO', 'cpo-3', 150]], 105, '2026-11-04T00:30:00Z'),
];

function assetRevenue(
  eventId: string,
  assetId: string,
  sessionId: string,
  dayIso: string,
  charged: number,
  investorPool: number,
  offset: number,
): Row {
  return {
    eventId,
    occurredAt: ms(`${dayIso}T12:00:00Z`),
    assetId,
    sessionId,
    day: dayIso, // as in Avro: 'YYYY-MM-DD'
    currency: 'EUR',
    charged,
    investorPool,
    ...from('billing.asset-revenue', offset),
  };
}
const ar1 = assetRevenue('asset-revenue:settlement:s1', 'asset-1', 's1', '2026-11-02', 450, 0, 200);
const assetRevenueFirst: Row[] = [
  ar1,
  assetRevenue('asset-revenue:settlement:s3', 'asset-1', 's3', '2026-11-02', 800, 0, 201),
  assetRevenue('asset-revenue:settlement:s5', 'asset-2', 's5', '2026-11-03', 100, 10, 202),
];
const assetRevenueSecond: Row[] = [
  ar1,
  assetRevenue('asset-revenue:settlement:s3:1', 'asset-1', 's3', '2026-11-02', 30, 30, 203),
];

/** A vzp_rewards row as the sink writes it (version = offset). */
export function rewardRow(eventId: string, recipientId: string, at: string, amount: number, offset: number): Row {
  return {
    eventId,
    occurredAt: ms(at),
    recipientId,
    amount,
    decimals: 6,
    reason: 'CHARGING',
    ...from('rewards.vzp', offset),
  };
}
const r1 = rewardRow('reward:s1', 'acc-1', '2026-11-02T10:00:00Z', 12_000_000, 300);
const rewardsFirst: Row[] = [
  r1,
  rewardRow('reward:s3', 'acc-1', '2026-11-02T12:00:00Z', 21_000_000, 301),
  rewardRow('reward:s2', 'acc-2', '2026-11-02T11:00:00Z', 8_000_000, 302),
  rewardRow('reward:promo', 'acc-1', '2026-11-03T01:00:00Z', 1_000_000, 303),
];
const rewardsSecond: Row[] = [r1];

function statusChanged(eventId: string, chargerId: string, at: string, status: string, offset: number): Row {
  return {
    eventId,
    occurredAt: ms(at),
    chargerId,
    payloadType: 'StatusChanged',
    connectorId: 1,
    status,
    payload: '{}',
    ...from('charger.events', offset),
  };
}
const e3 = statusChanged('f3/0', 'cp-1', '2026-11-02T12:00:00Z', 'AVAILABLE', 402);
const chargerEventsFirst: Row[] = [
  statusChanged('f1/0', 'cp-1', '2026-11-02T00:00:00Z', 'AVAILABLE', 400),
  statusChanged('f2/0', 'cp-1', '2026-11-02T06:00:00Z', 'CHARGING', 401),
  e3,
  statusChanged('f4/0', 'cp-1', '2026-11-02T18:00:00Z', 'FAULTED', 403),
  statusChanged('f5/0', 'cp-2', '2026-11-01T00:00:00Z', 'AVAILABLE', 404),
  // The charge point as a whole (connector 0): not an outlet, left out of the availability share.
  { ...statusChanged('f7/0', 'cp-1', '2026-11-02T03:00:00Z', 'UNAVAILABLE', 406), connectorId: 0 },
];
const chargerEventsSecond: Row[] = [
  e3,
  {
    eventId: 'f6/0',
    occurredAt: ms('2026-11-02T07:00:00Z'),
    chargerId: 'cp-1',
    payloadType: 'HeartbeatReceived',
    connectorId: null,
    status: null,
    payload: '{}',
    ...from('charger.events', 405),
  },
];

function sample(
  eventId: string,
  sampleIndex: number,
  at: string,
  transactionId: string | null,
  value: number,
  measurand = 'ENERGY_ACTIVE_IMPORT_REGISTER',
  unit = 'WH',
): Row {
  return {
    eventId,
    sampleIndex,
    occurredAt: ms(at),
    chargerId: 'cp-1',
    connectorId: 1,
    transactionId,
    measurand,
    value,
    unit,
    ...from('charger.events', 500),
  };
}
const m3 = sample('m3/0', 0, '2026-11-02T09:05:00Z', 'tx-1', 18_000);
const meterSamplesFirst: Row[] = [
  sample('m1/0', 0, '2026-11-02T08:10:00Z', 'tx-1', 10_000),
  sample('m2/0', 0, '2026-11-02T08:40:00Z', 'tx-1', 15_000),
  sample('m2/0', 1, '2026-11-02T08:40:00Z', 'tx-1', 7_400, 'POWER_ACTIVE_IMPORT', 'W'),
  m3,
  sample('m4/0', 0, '2026-11-02T09:50:00Z', 'tx-1', 22_000),
  sample('m5/0', 0, '2026-11-02T09:30:00Z', 'tx-2', 50_000),
  sample('m6/0', 0, '2026-11-02T09:45:00Z', 'tx-2', 51_000),
  sample('m7/0', 0, '2026-11-02T09:59:00Z', null, 99_000),
];
const meterSamplesSecond: Row[] = [m3, sample('m4/0', 0, '2026-11-02T09:50:00Z', 'tx-1', 22_000)];

const hash = (n: number): string => `0x${n.toString(16).padStart(64, '0')}`;
function anchor(state: 'sealed' | 'anchored', offset: number): Row {
  const anchored = state === 'anchored';
  return {
    eventId: `7:${state}`,
    occurredAt: ms(anchored ? '2026-11-02T13:00:05Z' : '2026-11-02T13:00:00Z'),
    batchId: '7',
    merkleRoot: hash(7),
    leafCount: 3,
    'ranges.topic': ['billing.settlements', 'charging.sessions'],
    'ranges.partition': [0, 2],
    'ranges.fromOffset': [100, 10],
    'ranges.toOffset': [100, 11],
    chainId: 31337,
    txHash: anchored ? hash(0xabc) : null,
    blockNumber: anchored ? 12 : null,
    anchoredAt: anchored ? ms('2026-11-02T13:00:05Z') : null,
    ...from('ledger.anchors', offset),
  };
}
function leaf(leafIndex: number, topic: string, partition: number, offset: number): Row {
  return {
    batchId: '7',
    leafIndex,
    topic,
    partition,
    offset,
    valueHash: hash(1000 + leafIndex),
    eventId: '7:leaves:0',
    occurredAt: ms('2026-11-02T13:00:00Z'),
    chunkIndex: 0,
    ...from('ledger.anchor-leaves', 0),
  };
}
const leaves = [
  leaf(0, 'billing.settlements', 0, 100),
  leaf(1, 'charging.sessions', 2, 10),
  leaf(2, 'charging.sessions', 2, 11),
];

/** The test's own factor for DEU, a later version than the seeded placeholder: how a deployment sets its figures. */
const gridOverride: Row[] = [
  { region: 'DEU', gridGPerKwh: 400, iceEquivalentGPerKwh: 800, source: 'test', version: 2 },
];

/** Writes rows into a table: `insertValues` (SQL literals), or a sink's own path (JSONEachRow through the client). */
export type RowWriter = (table: string, rows: Row[]) => Promise<void>;

/** Seeds `database` (migrated) in two deliveries, the second repeating part of the first. */
export async function seedModel(
  executor: SqlExecutor,
  database: string,
  write: RowWriter = (table, rows) => insertValues(executor, database, table, rows),
): Promise<void> {
  const deliveries: Record<string, Row[]>[] = [
    {
      stations,
      charging_sessions: sessionsFirst,
      settlements: settlementsFirst,
      asset_revenue: assetRevenueFirst,
      vzp_rewards: rewardsFirst,
      charger_events: chargerEventsFirst,
      meter_samples: meterSamplesFirst,
      grid_intensity: gridOverride,
      anchors: [anchor('sealed', 0)],
      anchor_leaves: leaves,
    },
    {
      charging_sessions: sessionsSecond,
      settlements: settlementsSecond,
      asset_revenue: assetRevenueSecond,
      vzp_rewards: rewardsSecond,
      charger_events: chargerEventsSecond,
      meter_samples: meterSamplesSecond,
      anchors: [anchor('anchored', 1)],
      anchor_leaves: leaves.slice(1),
    },
  ];
  for (const delivery of deliveries) {
    const marks = new Map<string, Set<string>>();
    for (const [table, rows] of Object.entries(delivery)) {
      await write(table, rows);
      for (const row of rows) {
        for (const day of rollupDaysOf(table, row)) marks.set(table, (marks.get(table) ?? new Set()).add(day));
      }
    }
    await markRollupDays(executor, database, marks);
    await refreshRollups(executor, database);
  }
}

export interface QueryCase {
  name: QueryName;
  params: Record<string, SqlValue>;
  /** Rows as strings (the two lanes print 64-bit integers differently), hand-computed from the seed above. */
  expected: Record<string, string>[];
}

const november = { from: day('2026-11-01'), to: day('2026-12-01') };

/** carbon_per_account over the seed: the same for November (monthly rollup) and for its days 2 to 4 (daily). */
const carbonPerAccount = [
  { accountId: '', sessions: '2', energyWh: '7000', carbonAvoidedG: '2450' },
  { accountId: 'acc-1', sessions: '2', energyWh: '33000', carbonAvoidedG: '20340' },
  { accountId: 'acc-2', sessions: '1', energyWh: '8000', carbonAvoidedG: '3200' },
];

/** Every query of the catalog with its answer over the seeded model. Factors: DEU 800-400, FRA 800-60, '*' 800-450. */
export const queryCases: QueryCase[] = [
  {
    name: 'energy_per_station_day',
    params: { from: day('2026-11-02'), to: day('2026-11-05') },
    expected: [
      { day: '2026-11-02', chargerId: 'cp-1', stationId: 'st-A', sessions: '2', energyWh: '20000' },
      { day: '2026-11-02', chargerId: 'cp-2', stationId: 'st-B', sessions: '1', energyWh: '21000' },
      { day: '2026-11-03', chargerId: 'cp-3', stationId: '', sessions: '2', energyWh: '7000' },
    ],
  },
  {
    name: 'metered_energy_per_station_hour',
    params: { chargerId: 'cp-1', from: day('2026-11-02'), to: day('2026-11-03') },
    expected: [
      { hour: '2026-11-02 08:00:00', energyWh: '5000' },
      { hour: '2026-11-02 09:00:00', energyWh: '8000' },
    ],
  },
  {
    name: 'sessions_per_station_hour',
    params: { chargerId: 'cp-1', from: day('2026-11-02'), to: day('2026-11-03') },
    expected: [
      { hour: '2026-11-02 08:00:00', sessions: '1', energyWh: '12000' },
      { hour: '2026-11-02 09:00:00', sessions: '1', energyWh: '8000' },
    ],
  },
  {
    name: 'top_stations',
    params: { ...november, limit: 2 },
    expected: [
      { chargerId: 'cp-2', stationId: 'st-B', sessions: '1', energyWh: '21000' },
      { chargerId: 'cp-1', stationId: 'st-A', sessions: '2', energyWh: '20000' },
    ],
  },
  {
    name: 'revenue_per_party_day',
    params: { role: 'CPO', ...november },
    expected: [
      { day: '2026-11-02', partyId: 'cpo-1', currency: 'EUR', amountMinor: '820', settlements: '2' },
      { day: '2026-11-02', partyId: 'cpo-2', currency: 'EUR', amountMinor: '250', settlements: '1' },
      { day: '2026-11-03', partyId: 'cpo-3', currency: 'EUR', amountMinor: '150', settlements: '1' },
    ],
  },
  {
    name: 'revenue_per_asset_day',
    params: november,
    expected: [
      {
        assetId: 'asset-1',
        day: '2026-11-02',
        currency: 'EUR',
        chargedMinor: '1280',
        investorPoolMinor: '30',
        sessions: '2',
      },
      {
        assetId: 'asset-2',
        day: '2026-11-03',
        currency: 'EUR',
        chargedMinor: '100',
        investorPoolMinor: '10',
        sessions: '1',
      },
    ],
  },
  {
    name: 'vzp_per_account_day',
    params: november,
    expected: [
      { recipientId: 'acc-1', day: '2026-11-02', amount: '33000000', rewards: '2' },
      { recipientId: 'acc-1', day: '2026-11-03', amount: '1000000', rewards: '1' },
      { recipientId: 'acc-2', day: '2026-11-02', amount: '8000000', rewards: '1' },
    ],
  },
  {
    name: 'availability_share',
    params: { from: day('2026-11-02'), to: day('2026-11-03') },
    expected: [
      { chargerId: 'cp-1', status: 'AVAILABLE', ms: '43200000', share: '0.5' },
      { chargerId: 'cp-1', status: 'CHARGING', ms: '21600000', share: '0.25' },
      { chargerId: 'cp-1', status: 'FAULTED', ms: '21600000', share: '0.25' },
      { chargerId: 'cp-2', status: 'AVAILABLE', ms: '86400000', share: '1' },
    ],
  },
  {
    name: 'carbon_per_region',
    params: november,
    expected: [
      { region: '*', sessions: '2', energyWh: '7000', carbonAvoidedG: '2450' },
      { region: 'DEU', sessions: '2', energyWh: '20000', carbonAvoidedG: '8000' },
      { region: 'FRA', sessions: '1', energyWh: '21000', carbonAvoidedG: '15540' },
    ],
  },
  {
    name: 'carbon_per_account',
    params: november,
    expected: carbonPerAccount,
  },
  {
    name: 'carbon_per_account',
    // Days only (2 to 4 November): the daily rollup; the month above comes from the monthly one.
    params: { from: day('2026-11-02'), to: day('2026-11-05') },
    expected: carbonPerAccount,
  },
  {
    name: 'anchor_batch_of_record',
    params: { topic: 'charging.sessions', partition: 2, offset: 11 },
    expected: [
      {
        batchId: '7',
        merkleRoot: hash(7),
        leafCount: '3',
        chainId: '31337',
        txHash: hash(0xabc),
        blockNumber: '12',
        anchoredAt: String(ms('2026-11-02T13:00:05Z')),
      },
    ],
  },
  {
    name: 'anchor_batch_leaves',
    params: { batchId: '7' },
    expected: [
      { leafIndex: '0', topic: 'billing.settlements', partition: '0', offset: '100', valueHash: hash(1000) },
      { leafIndex: '1', topic: 'charging.sessions', partition: '2', offset: '10', valueHash: hash(1001) },
      { leafIndex: '2', topic: 'charging.sessions', partition: '2', offset: '11', valueHash: hash(1002) },
    ],
  },
];

/** Every value as a string, so both lanes' rows compare equal (64-bit integers are strings on one, numbers on the other). */
export function asStrings(rows: Record<string, unknown>[]): Record<string, string>[] {
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, String(value)])));
}
