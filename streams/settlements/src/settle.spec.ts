import { describe, expect, it } from '@jest/globals';
import type {
  ChargingAsset,
  ChargingSession,
  PaymentEvent,
  SettlementReview,
  Station,
  Tariff,
  TariffComponent,
  TariffRestrictions,
} from '@vz/schemas';
import { sampleParty, sampleStation, sampleTariff } from '@vz/testing';
import fc from 'fast-check';
import { figuresOf, priceSession } from './pricing.ts';
import { RegistryView } from '@vz/registry';
import { onReview, onSessionState, type SessionSettlementState } from './reviews.ts';
import { defaultSettlementRules, LockNotYetKnownError, settleSession, splitsOf } from './settle.ts';

// Hand-computed settlements. Amounts in euro cents.

const at = (iso: string) => Date.parse(iso);
const MINUTE = 60_000;

const component = (type: TariffComponent['type'], priceMinor: number, vatBasisPoints: number | null = null) => ({
  type,
  priceMinor,
  vatBasisPoints,
});

function tariff(fields: Partial<Tariff> & Pick<Tariff, 'tariffId'>): Tariff {
  return { ...sampleTariff(fields.tariffId, [], { vatBasisPoints: 2_100 }), ...fields };
}

const restrictions = (fields: Partial<TariffRestrictions>): TariffRestrictions => ({
  startTimeOfDay: null,
  endTimeOfDay: null,
  daysOfWeek: [],
  minEnergyWh: null,
  maxEnergyWh: null,
  maxPowerW: null,
  minDurationMs: null,
  maxDurationMs: null,
  ...fields,
});

function session(fields: Partial<ChargingSession> = {}): ChargingSession {
  const startedAt = fields.startedAt ?? at('2026-03-10T10:00:00Z'); // a Tuesday, 11:00 in Amsterdam
  return {
    eventId: 'CP-1:7/frame-9/0',
    occurredAt: startedAt + 120 * MINUTE,
    causationId: 'frame-9/0',
    sessionId: 'CP-1:7',
    chargerId: 'CP-1',
    stationId: null,
    connectorId: 1,
    evseId: null,
    transactionId: '7',
    idTag: 'TAG-1',
    accountId: null,
    escrowId: null,
    status: 'COMPLETED',
    startedAt,
    endedAt: startedAt + 120 * MINUTE,
    meterStartWh: 0,
    meterStopWh: 20_000,
    energyWh: 20_000,
    stopReason: 'EV_DISCONNECTED',
    tariffId: null,
    cost: null,
    groupIdTag: null,
    protocol: 'OCPP16',
    peakPowerW: 11_000,
    chargingEndedAt: startedAt + 90 * MINUTE,
    idleMs: 30 * MINUTE,
    flags: [],
    ...fields,
  };
}

const standard = tariff({
  tariffId: 'STD',
  components: [component('ENERGY', 30), component('TIME', 2), component('PARKING_TIME', 10), component('FLAT', 50)],
});

function station(fields: Partial<Station> = {}): Station {
  return { ...sampleStation('CP-1', { tariffIds: ['STD'] }), stationId: 'ST-1', assetId: 'ASSET-1', ...fields };
}

const asset: ChargingAsset = {
  eventId: 'asset:ASSET-1',
  occurredAt: at('2026-01-01T00:00:00Z'),
  causationId: 'test',
  assetId: 'ASSET-1',
  name: null,
  stationIds: ['ST-1'],
  tokenAddress: null,
  chainId: null,
  revenueShareBasisPoints: 3_000,
  shares: [
    { investorId: 'INV-B', walletAddress: null, basisPoints: 4_000 },
    { investorId: 'INV-A', walletAddress: '0x00000000000000000000000000000000000000aa', basisPoints: 6_000 },
  ],
  deleted: false,
};

function registry(...setup: Array<(view: RegistryView) => void>): RegistryView {
  const view = new RegistryView();
  view.applyStation(station());
  view.applyTariff(standard);
  view.applyAsset(asset);
  view.applyToken({
    eventId: 'token:TAG-1',
    occurredAt: at('2026-01-01T00:00:00Z'),
    causationId: 'test',
    idTag: 'TAG-1',
    status: 'ACCEPTED',
    expiresAt: null,
    parentIdTag: null,
    mspPartyId: 'DE*MSP',
    accountId: null,
    deleted: false,
  });
  for (const step of setup) step(view);
  return view;
}

const lock = (amountMinor: number, lockedAt: string): PaymentEvent => ({
  eventId: `lock-${amountMinor}`,
  occurredAt: at(lockedAt),
  causationId: 'test',
  accountId: 'ACC-1',
  walletAddress: null,
  chainId: null,
  txHash: null,
  blockNumber: null,
  logIndex: null,
  payload: {
    'vz.payment.EscrowLocked': {
      escrowId: `escrow-${amountMinor}`,
      sessionId: null,
      chargerId: 'CP-1',
      idTag: 'TAG-1',
      amount: { amountMinor, currency: 'EUR' },
      expiresAt: null,
    },
  },
});

/** Time-of-use elements: night, weekend, large sessions, then the default (with the flat fee). */
const elements = tariff({
  tariffId: 'TOU',
  elements: [
    {
      components: [component('ENERGY', 20)],
      restrictions: restrictions({ startTimeOfDay: '22:00', endTimeOfDay: '06:00' }),
    },
    { components: [component('ENERGY', 25)], restrictions: restrictions({ daysOfWeek: ['SATURDAY', 'SUNDAY'] }) },
    { components: [component('ENERGY', 45)], restrictions: restrictions({ maxPowerW: null, minEnergyWh: 50_000 }) },
    { components: [component('ENERGY', 35), component('FLAT', 99)], restrictions: null },
  ],
});

describe('pricing (vz.registry.Tariff rule)', () => {
  it('prices each dimension on session totals, VAT per line, half up', () => {
    const priced = priceSession(standard, figuresOf(session()), 'Europe/Amsterdam');
    // 20 kWh x 30 = 600 (VAT 126); 90 min x 2 = 180 (37.8 → 38); 30 min parking x 10 = 300 (63); flat 50 (10.5 → 11)
    expect(priced.lines.map((line) => [line.kind, line.quantity, line.amountMinor, line.vatMinor])).toEqual([
      ['ENERGY', 20_000, 600, 126],
      ['TIME', 90 * MINUTE, 180, 38],
      ['PARKING_TIME', 30 * MINUTE, 300, 63],
      ['FLAT', 1, 50, 11],
    ]);
    expect(priced).toMatchObject({ subtotalMinor: 1_130, vatMinor: 238, totalMinor: 1_368 });
  });

  it('rounds a fraction of a cent half up: 12 345 Wh x 35 ct/kWh = 432.075 → 432', () => {
    const energyOnly = tariff({ tariffId: 'E', vatBasisPoints: null, components: [component('ENERGY', 35)] });
    expect(priceSession(energyOnly, figuresOf(session({ energyWh: 12_345 })), 'UTC').totalMinor).toBe(432);
  });

  it('brings the sum up to minPrice and down to maxPrice with an adjustment line', () => {
    const clamp = (fields: Partial<Tariff>) =>
      priceSession(
        tariff({ tariffId: 'C', components: [component('ENERGY', 30)], ...fields }),
        figuresOf(session()),
        'UTC',
      );
    expect(clamp({ minPrice: { amountMinor: 1_000, currency: 'EUR' } }).lines.at(-1)).toEqual({
      kind: 'MIN_PRICE',
      quantity: 1,
      priceMinor: 400,
      amountMinor: 400,
      vatBasisPoints: 2_100,
      vatMinor: 84,
    });
    expect(clamp({ maxPrice: { amountMinor: 500, currency: 'EUR' } })).toMatchObject({
      subtotalMinor: 500,
      vatMinor: 105,
    });
  });

  it.each([
    ['Tuesday 23:30 Amsterdam: the night element (crosses midnight)', '2026-03-10T22:30:00Z', 20_000, 400 + 99],
    ['Tuesday 06:00 Amsterdam: day', '2026-03-10T05:00:00Z', 20_000, 700 + 99],
    ['Saturday noon: the weekend element', '2026-03-14T11:00:00Z', 20_000, 500 + 99],
    // Charging 05:59-07:29: 1 of 90 min at night, 222.2 → 222 Wh x 20 = 4; 19 778 Wh x 35 = 692.23 → 692.
    ['Tuesday 05:59 Amsterdam: night until 06:00, then day', '2026-03-10T04:59:00Z', 20_000, 4 + 692 + 99],
    // OCPI min_kwh counts energy so far: the first 50 kWh (75 of 90 min) at 35, the last 10 kWh at 45.
    [
      'a weekday session of 60 kWh: the large-session element from 50 kWh on',
      '2026-03-10T10:00:00Z',
      60_000,
      1_750 + 450 + 99,
    ],
  ])('OCPI element choice per dimension — %s', (_, startedAt, energyWh, subtotal) => {
    const figures = figuresOf(session({ startedAt: at(startedAt), energyWh }));
    expect(priceSession(elements, figures, 'Europe/Amsterdam').subtotalMinor).toBe(subtotal);
  });

  it('max power restricts: a DC session above 22 kW takes the DC price', () => {
    const powerTariff = tariff({
      tariffId: 'P',
      elements: [
        { components: [component('ENERGY', 30)], restrictions: restrictions({ maxPowerW: 22_000 }) },
        { components: [component('ENERGY', 59)], restrictions: null },
      ],
    });
    expect(priceSession(powerTariff, figuresOf(session({ peakPowerW: 11_000 })), 'UTC').subtotalMinor).toBe(600);
    expect(priceSession(powerTariff, figuresOf(session({ peakPowerW: 150_000 })), 'UTC').subtotalMinor).toBe(1_180);
  });
});

describe('pricing per period (OCPI 2.2.1 §11.4.6: an element becomes active or inactive during the session)', () => {
  const lines = (priced: ReturnType<typeof priceSession>) =>
    priced.lines.map((line) => [line.kind, line.quantity, line.priceMinor, line.amountMinor]);
  const timed = (fields: Partial<ChargingSession>) => {
    const startedAt = fields.startedAt ?? 0;
    return figuresOf(
      session({ endedAt: startedAt + 120 * MINUTE, chargingEndedAt: startedAt + 120 * MINUTE, ...fields }),
    );
  };

  it('switches at a time-of-day boundary: each dimension by the element in force in each period', () => {
    const offPeak = tariff({
      tariffId: 'NIGHT',
      elements: [
        {
          components: [component('ENERGY', 20), component('TIME', 1)],
          restrictions: restrictions({ startTimeOfDay: '22:00', endTimeOfDay: '06:00' }),
        },
        {
          components: [
            component('ENERGY', 35),
            component('TIME', 2),
            component('PARKING_TIME', 10),
            component('FLAT', 50),
          ],
          restrictions: null,
        },
      ],
    });
    // Tuesday 21:30 Amsterdam: charging 21:30-23:00 (30 min day, 60 min night), parked to 23:30.
    const figures = figuresOf(session({ startedAt: at('2026-03-10T20:30:00Z'), energyWh: 18_000 }));
    expect(lines(priceSession(offPeak, figures, 'Europe/Amsterdam'))).toEqual([
      ['ENERGY', 6_000, 35, 210], // the day element first: it priced the session first
      ['ENERGY', 12_000, 20, 240],
      ['TIME', 30 * MINUTE, 2, 60],
      ['TIME', 60 * MINUTE, 1, 60],
      ['PARKING_TIME', 30 * MINUTE, 10, 300], // the night element prices no parking: the default does
      ['FLAT', 1, 50, 50],
    ]);
  });

  it('switches at midnight when the day of the week changes', () => {
    const weekend = tariff({
      tariffId: 'WEEKEND',
      elements: [
        { components: [component('ENERGY', 25)], restrictions: restrictions({ daysOfWeek: ['SATURDAY', 'SUNDAY'] }) },
        { components: [component('ENERGY', 35)], restrictions: null },
      ],
    });
    // Friday 23:00 to Saturday 01:00 Amsterdam, 12 kWh evenly: 6 kWh each side of midnight.
    const figures = timed({ startedAt: at('2026-03-13T22:00:00Z'), energyWh: 12_000 });
    expect(lines(priceSession(weekend, figures, 'Europe/Amsterdam'))).toEqual([
      ['ENERGY', 6_000, 35, 210],
      ['ENERGY', 6_000, 25, 150],
    ]);
  });

  const cheapHours = (startTimeOfDay: string, endTimeOfDay: string) =>
    tariff({
      tariffId: 'CHEAP',
      elements: [
        { components: [component('TIME', 1)], restrictions: restrictions({ startTimeOfDay, endTimeOfDay }) },
        { components: [component('TIME', 3)], restrictions: null },
      ],
    });

  it('spring forward (Amsterdam, 2026-03-29): 00:00-03:00 ends after 90 real minutes when started at 00:30', () => {
    // 00:30 CET (23:30Z) to 03:30 CEST (01:30Z) is 120 real minutes; at 02:00 CET the clock jumps to 03:00.
    const figures = timed({ startedAt: at('2026-03-28T23:30:00Z') });
    expect(lines(priceSession(cheapHours('00:00', '03:00'), figures, 'Europe/Amsterdam'))).toEqual([
      ['TIME', 90 * MINUTE, 1, 90],
      ['TIME', 30 * MINUTE, 3, 90],
    ]);
  });

  it('fall back (Amsterdam, 2026-10-25): the repeated hour 02:00-03:00 is in the window both times', () => {
    // 02:30 CEST (00:30Z) to 03:30 CET (02:30Z): 02:30-03:00 CEST, then 02:00-03:00 CET again, then 03:00-03:30.
    const figures = timed({ startedAt: at('2026-10-25T00:30:00Z') });
    expect(lines(priceSession(cheapHours('02:00', '03:00'), figures, 'Europe/Amsterdam'))).toEqual([
      ['TIME', 90 * MINUTE, 1, 90],
      ['TIME', 30 * MINUTE, 3, 90],
    ]);
  });

  it('max_duration ends an element when the session reaches it (OCPI: the first 30 minutes free)', () => {
    const supermarket = tariff({
      tariffId: 'FREE-30',
      elements: [
        { components: [component('ENERGY', 0)], restrictions: restrictions({ maxDurationMs: 30 * MINUTE }) },
        { components: [component('ENERGY', 25)], restrictions: restrictions({ maxDurationMs: 60 * MINUTE }) },
        { components: [component('ENERGY', 40)], restrictions: null },
      ],
    });
    // 90 minutes of charging, 18 kWh: 6 kWh per half hour.
    const figures = timed({
      startedAt: at('2026-03-10T10:00:00Z'),
      endedAt: at('2026-03-10T11:30:00Z'),
      energyWh: 18_000,
    });
    expect(lines(priceSession(supermarket, figures, 'UTC'))).toEqual([
      ['ENERGY', 6_000, 0, 0],
      ['ENERGY', 6_000, 25, 150],
      ['ENERGY', 6_000, 40, 240],
    ]);
  });

  it('energy lines always add up to the session energy, whatever the boundaries', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 0, max: 48 * 60 }),
        fc.integer({ min: 1, max: 3 * 24 * 60 }),
        (energyWh, startMinute, minutes) => {
          const startedAt = at('2026-10-24T00:00:00Z') + startMinute * MINUTE;
          const figures = timed({ startedAt, endedAt: startedAt + minutes * MINUTE, energyWh });
          const priced = priceSession(elements, figures, 'Europe/Amsterdam');
          const energy = priced.lines.filter((line) => line.kind === 'ENERGY');
          expect(energy.reduce((sum, line) => sum + line.quantity, 0)).toBe(energyWh);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('settleSession', () => {
  it('settles a session: tariff at the station, VAT, splits to CPO, MSP, platform and the asset investors', () => {
    const settled = settleSession(session(), registry(), undefined);
    expect(settled?.settlement).toMatchObject({
      eventId: 'settlement:CP-1:7',
      stationId: 'ST-1',
      assetId: 'ASSET-1',
      tariffId: 'STD',
      total: { amountMinor: 1_368, currency: 'EUR' },
      subtotal: { amountMinor: 1_130 },
      vat: { amountMinor: 238 },
      charged: { amountMinor: 1_368 },
      escrowLocked: null,
      shortfall: null,
      revision: 0,
      flags: [],
    });
    // 1368 → CPO 1272.24, MSP 27.36, platform 68.4 → 1272 / 27 / 69 (largest remainder);
    // pool 30 % of 1272 = 381.6 → 382, CPO keeps 890; investors 60 / 40 of 382 → A 229.2 → 229, B 152.8 → 153.
    expect(settled?.settlement.splits.map((split) => [split.role, split.partyId, split.amount.amountMinor])).toEqual([
      ['CPO', 'NL*VZP', 890],
      ['MSP', 'DE*MSP', 27],
      ['PLATFORM', 'platform', 69],
      ['INVESTOR', 'INV-A', 229],
      ['INVESTOR', 'INV-B', 153],
    ]);
  });

  it('caps a prepaid session at its escrow lock, marks the shortfall and refunds nothing', () => {
    const settled = settleSession(
      session(),
      registry((view) => view.applyPayment(lock(1_000, '2026-03-10T09:58:00Z'))),
      undefined,
    );
    expect(settled?.settlement).toMatchObject({
      escrowId: 'escrow-1000',
      accountId: 'ACC-1',
      total: { amountMinor: 1_368 },
      charged: { amountMinor: 1_000 },
      escrowLocked: { amountMinor: 1_000 },
      escrowRefund: { amountMinor: 0 },
      shortfall: { amountMinor: 368 },
      flags: ['ESCROW_SHORTFALL'],
    });
    // 1000 → 930 / 20 / 50; pool 279, CPO keeps 651; A 167.4 → 167, B 111.6 → 112.
    expect(settled?.settlement.splits.map((split) => split.amount.amountMinor)).toEqual([651, 20, 50, 167, 112]);
  });

  it('refunds what a prepaid session did not use; a lock made after the start is not the session’s', () => {
    const settled = settleSession(
      session(),
      registry(
        (view) => view.applyPayment(lock(2_000, '2026-03-10T09:58:00Z')),
        (view) => view.applyPayment(lock(5_000, '2026-03-10T10:30:00Z')),
      ),
      undefined,
    );
    expect(settled?.settlement).toMatchObject({
      charged: { amountMinor: 1_368 },
      escrowRefund: { amountMinor: 632 },
      shortfall: null,
    });
  });

  it('prices with the tariff version in force at the start', () => {
    const view = registry((v) =>
      v.applyTariff(
        tariff({ tariffId: 'STD', validFromAt: at('2026-06-01T00:00:00Z'), components: [component('ENERGY', 99)] }),
      ),
    );
    expect(settleSession(session(), view, undefined)?.settlement.subtotal?.amountMinor).toBe(1_130);
    const june = session({ startedAt: at('2026-06-02T10:00:00Z') });
    expect(settleSession(june, view, undefined)?.settlement.subtotal?.amountMinor).toBe(1_980);
  });

  it('settles a session without station or tariff at 0, flagged', () => {
    const settled = settleSession(session({ chargerId: 'CP-UNKNOWN' }), registry(), undefined);
    expect(settled?.settlement).toMatchObject({ total: { amountMinor: 0 }, flags: ['NO_TARIFF'] });
    expect(settled?.settlement.splits.every((split) => split.amount.amountMinor === 0)).toBe(true);
  });

  it('settles only completed states, once per figures; changed figures give a correction revision', () => {
    const view = registry();
    expect(settleSession(session({ status: 'ACTIVE', endedAt: null }), view, undefined)).toBeUndefined();
    const first = settleSession(session(), view, undefined);
    expect(settleSession(session({ eventId: 'again' }), view, first?.state)).toBeUndefined();
    const corrected = settleSession(session({ energyWh: 21_000, flags: ['LATE_METER_VALUES'] }), view, first?.state);
    expect(corrected?.settlement).toMatchObject({
      eventId: 'settlement:CP-1:7:1',
      revision: 1,
      flags: ['SESSION_FLAGGED', 'CORRECTION'],
    });
  });
});

describe('settlement reviews: a revision that lowers a settled amount waits for an operator', () => {
  const view = registry();
  const decision = (
    reviewId: string,
    verdict: 'CONFIRMED' | 'REJECTED',
    occurredAt = at('2026-03-11T09:00:00Z'),
  ): SettlementReview => ({
    eventId: `${reviewId}:${verdict}`,
    occurredAt,
    causationId: reviewId,
    sessionId: 'CP-1:7',
    reviewId,
    decision: verdict,
    settledRevision: 0,
    settledTotal: null,
    settledCharged: null,
    proposed: null,
    decidedBy: 'ops@example.com',
    reason: 'meter replaced',
  });
  /** Settled at 20 kWh: total 1 368. */
  const first = onSessionState(session(), view, undefined);
  const settled = first.state as SessionSettlementState;
  // 15 kWh instead of 20: 450 + 180 + 300 + 50 = 980, VAT per line 95 + 38 + 63 + 11 = 207 → 1 187 < 1 368.
  const lower = session({ eventId: 'CP-1:7/frame-12/0', energyWh: 15_000 });

  it('settles revision 0 at once', () => {
    expect(first.settlements.map((settlement) => [settlement.revision, settlement.total.amountMinor])).toEqual([
      [0, 1_368],
    ]);
    expect(first.reviews).toEqual([]);
  });

  it('holds a lower revision as a PROPOSED review instead of settling it', () => {
    const held = onSessionState(lower, view, settled);
    expect(held.settlements).toEqual([]);
    expect(held.reviews).toEqual([
      expect.objectContaining({
        eventId: 'review:CP-1:7/frame-12/0',
        reviewId: 'review:CP-1:7/frame-12/0',
        causationId: 'CP-1:7/frame-12/0',
        decision: 'PROPOSED',
        settledRevision: 0,
        settledTotal: { amountMinor: 1_368, currency: 'EUR' },
        settledCharged: { amountMinor: 1_368, currency: 'EUR' },
        proposed: expect.objectContaining({ revision: 1, total: { amountMinor: 1_187, currency: 'EUR' } }),
      }),
    ]);
    expect(held.state).toMatchObject({ revision: 0, pending: { reviewId: 'review:CP-1:7/frame-12/0' } });
    // The same figures again (a later state of the session) change nothing.
    expect(onSessionState({ ...lower, eventId: 'CP-1:7/frame-13/0' }, view, held.state)).toEqual({
      settlements: [],
      reviews: [],
    });
  });

  it('emits the held revision once when an operator confirms it, caused by the decision', () => {
    const held = onSessionState(lower, view, settled).state;
    const confirmed = onReview(decision('review:CP-1:7/frame-12/0', 'CONFIRMED'), held);
    expect(confirmed.settlements).toEqual([
      expect.objectContaining({
        eventId: 'settlement:CP-1:7:1',
        revision: 1,
        causationId: 'review:CP-1:7/frame-12/0:CONFIRMED',
        occurredAt: at('2026-03-11T09:00:00Z'),
        total: { amountMinor: 1_187, currency: 'EUR' },
        flags: ['CORRECTION'],
      }),
    ]);
    expect(confirmed.state).toMatchObject({ revision: 1, pending: null });
    // A second confirmation of the same review emits nothing.
    expect(onReview(decision('review:CP-1:7/frame-12/0', 'CONFIRMED'), confirmed.state).settlements).toEqual([]);
  });

  it('emits nothing when an operator rejects it, and does not propose the same figures again', () => {
    const held = onSessionState(lower, view, settled).state;
    const rejected = onReview(decision('review:CP-1:7/frame-12/0', 'REJECTED'), held);
    expect(rejected).toMatchObject({ settlements: [], reviews: [], state: { revision: 0, pending: null } });
    expect(onSessionState({ ...lower, eventId: 'CP-1:7/frame-14/0' }, view, rejected.state)).toEqual({
      settlements: [],
      reviews: [],
    });
  });

  it('settles a higher revision at once (more energy found late), superseding a pending proposal', () => {
    const held = onSessionState(lower, view, settled).state;
    const higher = onSessionState(session({ eventId: 'CP-1:7/frame-15/0', energyWh: 21_000 }), view, held);
    expect(higher.settlements.map((settlement) => [settlement.revision, settlement.flags])).toEqual([
      [1, ['CORRECTION']],
    ]);
    expect(higher.reviews).toEqual([
      expect.objectContaining({ eventId: 'review:CP-1:7/frame-12/0:SUPERSEDED', decision: 'SUPERSEDED' }),
    ]);
    expect(higher.state).toMatchObject({ revision: 1, pending: null });
    // The decision on the superseded proposal comes too late: nothing happens.
    expect(onReview(decision('review:CP-1:7/frame-12/0', 'CONFIRMED'), higher.state).settlements).toEqual([]);
  });

  it('applies a decision read before its proposal (a replay reads both inputs from the start) when it comes', () => {
    const early = onReview(decision('review:CP-1:7/frame-12/0', 'CONFIRMED'), undefined);
    expect(early).toMatchObject({ settlements: [], reviews: [] });
    const replayedFirst = onSessionState(session(), view, early.state);
    expect(replayedFirst.settlements.map((settlement) => settlement.eventId)).toEqual(['settlement:CP-1:7']);
    const replayedLower = onSessionState(lower, view, replayedFirst.state);
    expect(replayedLower.reviews.map((review) => review.decision)).toEqual(['PROPOSED']);
    expect(replayedLower.settlements).toEqual([
      expect.objectContaining({ eventId: 'settlement:CP-1:7:1', causationId: 'review:CP-1:7/frame-12/0:CONFIRMED' }),
    ]);
  });
});

describe('splits (property)', () => {
  const shares = fc.uniqueArray(fc.integer({ min: 1, max: 9_999 }), { minLength: 0, maxLength: 5 }).map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), 10_000];
    return points.slice(1).map((point, index) => point - (points[index] ?? 0));
  });
  it('always add up to the charged amount, whatever the commission, fee and investor shares', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e10 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        shares,
        fc.boolean(),
        (amountMinor, platformBp, mspBp, revenueShare, investorShares, withMsp) => {
          const splits = splitsOf({
            charged: { amountMinor, currency: 'EUR' },
            cpoPartyId: 'CPO',
            mspPartyId: withMsp ? 'MSP' : null,
            rules: { ...defaultSettlementRules, platformCommissionBasisPoints: platformBp, mspFeeBasisPoints: mspBp },
            asset: {
              revenueShareBasisPoints: revenueShare,
              shares: investorShares.map((basisPoints, index) => ({
                investorId: `I${index}`,
                walletAddress: null,
                basisPoints,
              })),
            },
          });
          expect(splits.reduce((sum, split) => sum + split.amount.amountMinor, 0)).toBe(amountMinor);
          for (const split of splits) expect(split.amount.amountMinor).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe('participants: wallets, accounts and the lock a session names', () => {
  const wallet = (digit: string) => `0x${digit.repeat(40)}`;
  const party = (partyId: string, walletAddress: string) => (view: RegistryView) =>
    view.applyParty(sampleParty(partyId, walletAddress));

  it("pays every split to its party's wallet: the station owner, the token's MSP, the platform, investors", () => {
    const settled = settleSession(
      session(),
      registry(
        (view) => view.applyStation(station({ ownerId: 'cpo-1' })),
        party('cpo-1', wallet('1')),
        party('DE*MSP', wallet('2')),
        party('platform', wallet('3')),
        party('INV-B', wallet('b')),
      ),
      undefined,
    );
    expect(settled?.settlement.splits.map((split) => [split.role, split.partyId, split.walletAddress])).toEqual([
      ['CPO', 'cpo-1', wallet('1')],
      ['MSP', 'DE*MSP', wallet('2')],
      ['PLATFORM', 'platform', wallet('3')],
      ['INVESTOR', 'INV-A', '0x00000000000000000000000000000000000000aa'], // the share's own wallet first
      ['INVESTOR', 'INV-B', wallet('b')],
    ]);
  });

  it("takes the session's account before a lock's wallet account", () => {
    const settled = settleSession(
      session({ accountId: 'driver-1' }),
      registry((view) => view.applyPayment(lock(5_000, '2026-03-10T09:58:00Z'))),
      undefined,
    );
    expect(settled?.settlement.accountId).toBe('driver-1');
  });

  it('waits (retriable) for the lock a session names until the chain connector reported it, then caps by it', () => {
    const named = session({ escrowId: 'escrow-5000' });
    const before = registry();
    expect(() => settleSession(named, before, undefined)).toThrow(LockNotYetKnownError);
    expect(new LockNotYetKnownError('x').retriable).toBe(true);
    const after = registry((view) => view.applyPayment(lock(5_000, '2026-03-10T11:00:00Z')));
    expect(settleSession(named, after, undefined)?.settlement).toMatchObject({
      escrowId: 'escrow-5000',
      escrowLocked: { amountMinor: 5_000 },
      escrowRefund: { amountMinor: 5_000 - 1_368 },
    });
  });
});
