import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { Settlement, VzpReward } from '@vz/schemas';
import fc from 'fast-check';
import { defaultRulesFile } from './config.ts';
import { batchReward, type BucketState, candidateReward, grantReward, type RecipientState } from './reward.ts';
import { loadRewardRules, type RewardRules, rewardRulesSchema } from './rules.ts';

// Hand-computed VZP rewards (1 VZP = 1 000 000 units).

const rules: RewardRules = rewardRulesSchema.parse({
  ruleId: 'vzp-charging',
  versions: [
    {
      version: 1,
      validFrom: '2026-01-01T00:00:00Z',
      unitsPerKwh: 1_000_000,
      offPeak: { from: '22:00', to: '07:00', multiplierBasisPoints: 15_000 },
      sharedPrivateChargerBonusBasisPoints: 2_000,
      firstSessionBonus: 5_000_000,
      dailyCapPerRecipient: 50_000_000,
    },
    { version: 2, validFrom: '2026-06-01T00:00:00Z', unitsPerKwh: 2_000_000 },
  ],
});

let sequence = 0;
function settlement(startedAt: string, energyWh: number, fields: Partial<Settlement> = {}): Settlement {
  sequence += 1;
  const started = Date.parse(startedAt);
  return {
    eventId: `settlement:CP-1:${sequence}`,
    occurredAt: started + 3_600_000,
    causationId: `CP-1:${sequence}/x`,
    sessionId: `CP-1:${sequence}`,
    chargerId: 'CP-1',
    stationId: 'ST-1',
    assetId: null,
    tariffId: 'STD',
    accountId: 'ACC-1',
    escrowId: null,
    energyWh,
    total: { amountMinor: 0, currency: 'EUR' },
    splits: [],
    revision: 0,
    lines: [],
    subtotal: null,
    vat: null,
    charged: null,
    escrowLocked: null,
    escrowRefund: null,
    shortfall: null,
    flags: [],
    startedAt: started,
    idTag: 'TAG-1',
    stationTimeZone: 'Europe/Amsterdam',
    sharedPrivateCharger: false,
    endedAt: null,
    ...fields,
  };
}

/** Stage 1 then stage 2 over settlements, in order, for one recipient's state. */
function rewardAll(settlements: Settlement[]): Array<VzpReward | undefined> {
  let state: RecipientState | undefined;
  return settlements.map((input) => {
    const candidate = candidateReward(input, rules);
    if (candidate === undefined) return undefined;
    const granted = grantReward(candidate, state, rules);
    state = granted.state;
    return granted.reward;
  });
}

describe('VZP rewards (table)', () => {
  it('energy, first-session bonus, off-peak multiplier, private-charger bonus and the daily cap, in order', () => {
    const [first, offPeak, capped, nothing, nextDay] = rewardAll([
      settlement('2026-03-10T11:00:00Z', 12_345), // 12:00 in Amsterdam
      settlement('2026-03-10T22:00:00Z', 10_000), // 23:00 in Amsterdam: off-peak
      settlement('2026-03-10T13:00:00Z', 20_000, { sharedPrivateCharger: true }),
      settlement('2026-03-10T14:00:00Z', 5_000),
      settlement('2026-03-11T09:00:00Z', 5_000),
    ]);
    // 12.345 kWh x 1 VZP + 5 VZP first-session bonus
    expect(first).toMatchObject({
      amount: 17_345_000,
      ruleId: 'vzp-charging@1',
      recipientId: 'ACC-1',
      energyWh: 12_345,
    });
    expect(first?.steps.map((step) => [step.name, step.amount])).toEqual([
      ['energy', 12_345_000],
      ['first-session', 5_000_000],
    ]);
    // 10 VZP x 1.5
    expect(offPeak?.steps.map((step) => [step.name, step.amount])).toEqual([
      ['energy', 10_000_000],
      ['off-peak', 5_000_000],
    ]);
    // 20 + 20 % = 24 VZP, but only 50 − 32.345 = 17.655 VZP are left today
    expect(capped?.amount).toBe(17_655_000);
    expect(capped?.steps.map((step) => [step.name, step.amount])).toEqual([
      ['energy', 20_000_000],
      ['shared-private-charger', 4_000_000],
      ['daily-cap', -6_345_000],
    ]);
    expect(nothing).toBeUndefined(); // the cap is reached: nothing granted
    expect(nextDay?.amount).toBe(5_000_000); // a new UTC day
    for (const reward of [first, offPeak, capped, nextDay]) {
      expect(reward?.steps.reduce((sum, step) => sum + step.amount, 0)).toBe(reward?.amount);
    }
  });

  it('uses the rule version in force at the session start', () => {
    const [june] = rewardAll([settlement('2026-06-02T10:00:00Z', 10_000)]);
    expect(june).toMatchObject({ ruleId: 'vzp-charging@2', amount: 20_000_000 });
    expect(candidateReward(settlement('2025-12-31T10:00:00Z', 10_000), rules)).toBeUndefined();
  });

  it('rewards nothing for corrections, sessions without energy, or without a recipient; idTag when no account', () => {
    expect(candidateReward(settlement('2026-03-10T11:00:00Z', 10_000, { revision: 1 }), rules)).toBeUndefined();
    expect(candidateReward(settlement('2026-03-10T11:00:00Z', 0), rules)).toBeUndefined();
    expect(
      candidateReward(settlement('2026-03-10T11:00:00Z', 1, { accountId: null, idTag: null }), rules),
    ).toBeUndefined();
    expect(candidateReward(settlement('2026-03-10T11:00:00Z', 1, { accountId: null }), rules)?.recipientId).toBe(
      'idtag:TAG-1',
    );
  });

  it('gives deterministic ids: the same settlement gives the same reward', () => {
    const input = settlement('2026-03-10T11:00:00Z', 7_000);
    expect(candidateReward(input, rules)).toEqual(candidateReward(input, rules));
    expect(candidateReward(input, rules)?.eventId).toBe(`reward:${input.eventId}:ACC-1`);
  });
});

describe('mint batches', () => {
  const reward = (n: number, at: number): VzpReward => ({
    eventId: `reward:${n}`,
    occurredAt: at,
    causationId: `s${n}`,
    recipientId: `ACC-${n}`,
    recipientAddress: null,
    amount: 1_000 * n,
    decimals: 6,
    reason: 'CHARGING',
    sessionId: null,
    energyWh: null,
    ruleId: null,
    steps: [],
  });

  it('close on size, or when a reward comes later than the age limit after the first', () => {
    const batching = { batchSize: 3, maxBatchAgeMs: 60_000, buckets: 1 };
    let state: BucketState | undefined;
    const closed = [reward(1, 0), reward(2, 1_000), reward(3, 2_000), reward(4, 10_000), reward(5, 70_000)].flatMap(
      (r) => {
        const result = batchReward(r, 0, state, batching);
        state = result.state;
        return result.batch === undefined ? [] : [result.batch];
      },
    );
    expect(
      closed.map((batch) => [batch.batchId, batch.entries.map((e) => e.rewardEventId), batch.totalAmount]),
    ).toEqual([
      ['mint:0:0', ['reward:1', 'reward:2', 'reward:3'], 6_000],
      ['mint:0:1', ['reward:4', 'reward:5'], 9_000],
    ]);
  });

  it('never loses or repeats a reward, and each batch total is the sum of its entries (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 100_000 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 20 }),
        (gaps, size) => {
          let state: BucketState | undefined;
          let at = 0;
          const batches = gaps.flatMap((gap, index) => {
            at += gap;
            const result = batchReward(reward(index + 1, at), 0, state, {
              batchSize: size,
              maxBatchAgeMs: 120_000,
              buckets: 1,
            });
            state = result.state;
            return result.batch === undefined ? [] : [result.batch];
          });
          const ids = [
            ...batches.flatMap((batch) => batch.entries.map((e) => e.rewardEventId)),
            ...(state?.pending ?? []).map((e) => e.rewardEventId),
          ];
          expect(ids).toEqual(gaps.map((_, index) => `reward:${index + 1}`));
          for (const batch of batches)
            expect(batch.totalAmount).toBe(batch.entries.reduce((sum, e) => sum + e.amount, 0));
        },
      ),
    );
  });
});

describe('reward rules file', () => {
  it('loads the shipped rules', () => {
    expect(loadRewardRules(defaultRulesFile).ruleId).toBe('vzp-charging');
  });

  it('names every field that is wrong', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vzp-rules-')), 'rules.json');
    writeFileSync(
      file,
      JSON.stringify({
        ruleId: 'Bad Id',
        versions: [{ version: 1, validFrom: 'yesterday', unitsPerKwh: -1, extra: 1 }],
      }),
    );
    expect(() => loadRewardRules(file)).toThrow(/ruleId[\s\S]*validFrom[\s\S]*unitsPerKwh/);
  });
});
