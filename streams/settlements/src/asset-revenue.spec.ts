import { describe, expect, it } from '@jest/globals';
import type { Settlement } from '@vz/schemas';
import { type AssetRevenueState, accumulateAssetRevenue } from './asset-revenue.ts';

function settlement(sessionId: string, startedAt: string, charged: number, pool: number, revision = 0): Settlement {
  return {
    eventId: revision === 0 ? `settlement:${sessionId}` : `settlement:${sessionId}:${revision}`,
    occurredAt: Date.parse(startedAt) + 3_600_000,
    causationId: 'x',
    sessionId,
    chargerId: 'CP-1',
    stationId: 'ST-1',
    assetId: 'ASSET-1',
    tariffId: 'STD',
    accountId: null,
    escrowId: null,
    energyWh: 1,
    total: { amountMinor: charged, currency: 'EUR' },
    splits: [
      {
        role: 'CPO',
        partyId: 'C',
        walletAddress: null,
        amount: { amountMinor: charged - pool, currency: 'EUR' },
        basisPoints: 10_000,
      },
      {
        role: 'INVESTOR',
        partyId: 'I',
        walletAddress: null,
        amount: { amountMinor: pool, currency: 'EUR' },
        basisPoints: 10_000,
      },
    ],
    revision,
    lines: [],
    subtotal: null,
    vat: null,
    charged: { amountMinor: charged, currency: 'EUR' },
    escrowLocked: null,
    escrowRefund: null,
    shortfall: null,
    flags: [],
    startedAt: Date.parse(startedAt),
    idTag: null,
    stationTimeZone: 'Europe/Amsterdam',
    sharedPrivateCharger: false,
    endedAt: null,
  };
}

describe('per-asset operating revenue', () => {
  it('accumulates daily (station local date) and running totals; a correction adds only its difference', () => {
    let state: AssetRevenueState | undefined;
    const rows = [
      settlement('S1', '2026-03-10T09:00:00Z', 1_368, 382),
      settlement('S2', '2026-03-10T22:30:00Z', 1_000, 279), // 23:30 in Amsterdam: still the 10th
      settlement('S3', '2026-03-10T23:30:00Z', 500, 100), // 00:30 in Amsterdam: the 11th
      settlement('S1', '2026-03-10T09:00:00Z', 1_500, 400, 1),
    ].map((input) => {
      const result = accumulateAssetRevenue(input, state);
      state = result?.state;
      const r = result?.revenue;
      return [
        r?.day,
        r?.charged,
        r?.investorPool,
        r?.dayCharged,
        r?.dayInvestorPool,
        r?.totalCharged,
        r?.totalInvestorPool,
        r?.sessions,
      ];
    });
    expect(rows).toEqual([
      ['2026-03-10', 1_368, 382, 1_368, 382, 1_368, 382, 1],
      ['2026-03-10', 1_000, 279, 2_368, 661, 2_368, 661, 2],
      ['2026-03-11', 500, 100, 500, 100, 2_868, 761, 3],
      ['2026-03-10', 132, 18, 2_500, 679, 3_000, 779, 3],
    ]);
  });

  it('ignores settlements of stations that are not an asset', () => {
    expect(
      accumulateAssetRevenue({ ...settlement('S9', '2026-03-10T09:00:00Z', 1, 0), assetId: null }, undefined),
    ).toBeUndefined();
  });
});
