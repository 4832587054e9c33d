import { localTimeOf } from '@vz/core';
import type { AssetRevenue, Settlement } from '@vz/schemas';

/** Per asset and currency: running totals, recent days, and what each recent session added (for corrections). */
export interface AssetRevenueState {
  readonly currencies: Record<
    string,
    {
      readonly totalCharged: number;
      readonly totalInvestorPool: number;
      readonly sessions: number;
      /** YYYY-MM-DD → [charged, investorPool]; the last `daysKept` days. */
      readonly days: Record<string, [number, number]>;
    }
  >;
  /** sessionId → [currency, day, charged, investorPool] counted for it; the last `sessionsKept` sessions. */
  readonly counted: Array<[string, string, string, number, number]>;
}

export interface AssetRevenueRules {
  readonly daysKept: number;
  readonly sessionsKept: number;
}

export const defaultAssetRevenueRules: AssetRevenueRules = { daysKept: 400, sessionsKept: 1_000 };

type Totals = AssetRevenueState['currencies'][string];

/** Adds amounts to a currency's day and running totals (negative amounts take a counted session back out). */
function add(
  currencies: AssetRevenueState['currencies'],
  entry: { currency: string; day: string; charged: number; pool: number; sessions: number },
  daysKept: number,
): AssetRevenueState['currencies'] {
  const totals: Totals = currencies[entry.currency] ?? { totalCharged: 0, totalInvestorPool: 0, sessions: 0, days: {} };
  const [dayCharged = 0, dayPool = 0] = totals.days[entry.day] ?? [];
  const days = Object.fromEntries(
    Object.entries({
      ...totals.days,
      [entry.day]: [dayCharged + entry.charged, dayPool + entry.pool] as [number, number],
    })
      .sort(([a], [b]) => a.localeCompare(b))
      .slice(-daysKept),
  );
  return {
    ...currencies,
    [entry.currency]: {
      totalCharged: totals.totalCharged + entry.charged,
      totalInvestorPool: totals.totalInvestorPool + entry.pool,
      sessions: totals.sessions + entry.sessions,
      days,
    },
  };
}

/**
 * Adds a settlement of an asset's station to the asset's revenue: its charged amount and investor pool, on the day
 * the session started (station's local date), into the day's and the running totals. A correction first takes out
 * what its session added before (if still remembered: the last `sessionsKept` sessions), then adds its own figures.
 */
export function accumulateAssetRevenue(
  settlement: Settlement,
  state: AssetRevenueState | undefined,
  rules: AssetRevenueRules = defaultAssetRevenueRules,
): { revenue: AssetRevenue; state: AssetRevenueState } | undefined {
  const assetId = settlement.assetId;
  if (assetId === null) return undefined;
  const currency = settlement.charged?.currency ?? settlement.total.currency;
  const charged = settlement.charged?.amountMinor ?? settlement.total.amountMinor;
  const pool = settlement.splits
    .filter((split) => split.role === 'INVESTOR')
    .reduce((sum, split) => sum + split.amount.amountMinor, 0);
  const day = localTimeOf(settlement.startedAt ?? settlement.occurredAt, settlement.stationTimeZone ?? 'UTC').date;
  const previous = state?.counted.find(([sessionId]) => sessionId === settlement.sessionId);
  let currencies = state?.currencies ?? {};
  if (previous !== undefined) {
    const [, oldCurrency, oldDay, oldCharged, oldPool] = previous;
    currencies = add(
      currencies,
      { currency: oldCurrency, day: oldDay, charged: -oldCharged, pool: -oldPool, sessions: -1 },
      rules.daysKept,
    );
  }
  currencies = add(currencies, { currency, day, charged, pool, sessions: 1 }, rules.daysKept);
  const totals = currencies[currency];
  const [dayCharged = 0, dayPool = 0] = totals?.days[day] ?? [];
  const sameBucket = previous !== undefined && previous[1] === currency;
  const counted: AssetRevenueState['counted'] = [
    ...(state?.counted ?? []).filter(([sessionId]) => sessionId !== settlement.sessionId),
    [settlement.sessionId, currency, day, charged, pool],
  ];
  return {
    revenue: {
      eventId: `asset-revenue:${settlement.eventId}`,
      occurredAt: settlement.occurredAt,
      causationId: settlement.eventId,
      assetId,
      sessionId: settlement.sessionId,
      day,
      currency,
      charged: charged - (sameBucket ? previous[3] : 0),
      investorPool: pool - (sameBucket ? previous[4] : 0),
      dayCharged,
      dayInvestorPool: dayPool,
      totalCharged: totals?.totalCharged ?? 0,
      totalInvestorPool: totals?.totalInvestorPool ?? 0,
      sessions: totals?.sessions ?? 0,
    },
    state: { currencies, counted: counted.slice(-rules.sessionsKept) },
  };
}
