import { describe, expect, it } from '@jest/globals';
import type { ChargerEvent, ChargingSession, Settlement, VzpReward } from '@vz/schemas';
import { unsignedReading } from '@vz/schemas';
import {
  candidateReward,
  defaultRulesFile,
  grantReward,
  loadRewardRules,
  type RecipientState,
} from '@vz/stream-rewards';
import { type ChargerSessions, deriveSessions } from '@vz/stream-sessions';
import { RegistryView } from '@vz/registry';
import { type SettledState, settleSession } from '@vz/stream-settlements';
import { sampleStation, sampleTariff } from '@vz/testing';

// The derivations `vz replay` runs, end to end on hand-computed traces: charger events → session (energy) →
// settlement (cost, VAT, splits) → VZP reward. Tariff T: 40 ct/kWh, 1 ct/min charging, 100 ct per session, 19 % VAT.
// Station of CP-1 is asset A (20 % revenue share; investors X 70 %, Y 30 %); the shipped reward rules.

const at = (iso: string, minutes = 0) => Date.parse(iso) + minutes * 60_000;
let frame = 0;

function event(
  chargerId: string,
  occurredAt: number,
  payload: ChargerEvent['payload'],
  protocol: ChargerEvent['protocol'] = 'OCPP16',
): ChargerEvent {
  frame += 1;
  return {
    eventId: `f${frame}/0`,
    occurredAt,
    causationId: `f${frame}`,
    chargerId,
    protocol,
    receivedAt: occurredAt,
    payload,
  };
}
const started = (
  chargerId: string,
  time: number,
  tx: string,
  meterStartWh: number | null,
  idTag: string | null,
  protocol?: ChargerEvent['protocol'],
) =>
  event(
    chargerId,
    time,
    {
      'vz.charger.TransactionStarted': {
        transactionId: tx,
        connectorId: 1,
        evseId: null,
        idTag,
        meterStartWh,
        reservationId: null,
        remoteStartId: null,
        triggerReason: null,
        escrowId: null,
      },
    },
    protocol,
  );
const reading = (chargerId: string, time: number, tx: string, wh: number, protocol?: ChargerEvent['protocol']) =>
  event(
    chargerId,
    time,
    {
      'vz.charger.MeterSampled': {
        transactionId: tx,
        connectorId: 1,
        evseId: null,
        samples: [
          {
            measurand: 'ENERGY_ACTIVE_IMPORT_REGISTER',
            value: wh,
            unit: 'WH',
            phase: null,
            location: null,
            context: null,
            ...unsignedReading,
          },
        ],
      },
    },
    protocol,
  );
const ended = (
  chargerId: string,
  time: number,
  tx: string,
  meterStopWh: number | null,
  protocol?: ChargerEvent['protocol'],
) =>
  event(
    chargerId,
    time,
    {
      'vz.charger.TransactionEnded': {
        transactionId: tx,
        connectorId: 1,
        evseId: null,
        idTag: null,
        meterStopWh,
        reason: 'EV_DISCONNECTED',
        signedMeterStop: null,
      },
    },
    protocol,
  );
const suspended = (chargerId: string, time: number) =>
  event(chargerId, time, {
    'vz.charger.StatusChanged': {
      connectorId: 1,
      evseId: null,
      status: 'SUSPENDED_EV',
      errorCode: null,
      info: null,
      vendorId: null,
      vendorErrorCode: null,
    },
  });

const registry = new RegistryView();
registry.applyStation({ ...sampleStation('CP-1', { tariffIds: ['T'] }), assetId: 'A' });
registry.applyTariff(
  sampleTariff(
    'T',
    [
      { type: 'ENERGY', priceMinor: 40, vatBasisPoints: null },
      { type: 'TIME', priceMinor: 1, vatBasisPoints: null },
      { type: 'FLAT', priceMinor: 100, vatBasisPoints: null },
    ],
    { vatBasisPoints: 1_900 },
  ),
);
registry.applyAsset({
  eventId: 'asset:A',
  occurredAt: at('2026-01-01T00:00:00Z'),
  causationId: 'test',
  assetId: 'A',
  name: null,
  stationIds: ['ST-CP-1'],
  tokenAddress: null,
  chainId: null,
  revenueShareBasisPoints: 2_000,
  shares: [
    { investorId: 'X', walletAddress: null, basisPoints: 7_000 },
    { investorId: 'Y', walletAddress: null, basisPoints: 3_000 },
  ],
  deleted: false,
});
registry.applyToken({
  eventId: 'token:TAG-A',
  occurredAt: at('2026-01-01T00:00:00Z'),
  causationId: 'test',
  idTag: 'TAG-A',
  status: 'ACCEPTED',
  expiresAt: null,
  parentIdTag: null,
  mspPartyId: 'DE*MSP',
  accountId: null,
  deleted: false,
});

/** Runs the events through sessions, settles each final session state, rewards each settlement in order. */
function derive(events: ChargerEvent[]) {
  const chargers = new Map<string, ChargerSessions>();
  const finals = new Map<string, ChargingSession>();
  for (const input of events) {
    const derived = deriveSessions(input, chargers.get(input.chargerId));
    chargers.set(input.chargerId, derived.state);
    for (const session of derived.sessions) finals.set(session.sessionId, session);
  }
  const rules = loadRewardRules(defaultRulesFile);
  const settled = new Map<string, SettledState>();
  const recipients = new Map<string, RecipientState>();
  const settlements = new Map<string, Settlement>();
  const rewards = new Map<string, VzpReward>();
  for (const session of finals.values()) {
    const result = settleSession(session, registry, settled.get(session.sessionId));
    if (result === undefined) continue;
    settled.set(session.sessionId, result.state);
    settlements.set(session.sessionId, result.settlement);
    const candidate = candidateReward(result.settlement, rules);
    if (candidate === undefined) continue;
    const granted = grantReward(candidate, recipients.get(candidate.recipientId), rules);
    recipients.set(candidate.recipientId, granted.state);
    if (granted.reward !== undefined) rewards.set(session.sessionId, granted.reward);
  }
  return { finals, settlements, rewards };
}

describe('charger events → session → settlement → reward (hand-computed)', () => {
  const { finals, settlements, rewards } = derive([
    // A, OCPP 1.6J, 11:00 in Amsterdam: 4 kWh, 60 min charging, then suspended for 30 min.
    started('CP-1', at('2026-03-10T10:00:00Z'), 'A', 1_000, 'TAG-A'),
    reading('CP-1', at('2026-03-10T10:00:00Z', 30), 'A', 3_000),
    reading('CP-1', at('2026-03-10T10:00:00Z', 60), 'A', 5_000),
    suspended('CP-1', at('2026-03-10T10:00:00Z', 60)),
    ended('CP-1', at('2026-03-10T10:00:00Z', 90), 'A', 5_000),
    // B, OCPP 2.0.1 at 23:00 in Amsterdam, no start register; a reading queued offline arrives after the end.
    started('CP-1', at('2026-03-10T22:00:00Z'), 'B', null, 'TAG-A', 'OCPP201'),
    reading('CP-1', at('2026-03-10T22:00:00Z', 5), 'B', 100, 'OCPP201'),
    ended('CP-1', at('2026-03-10T22:00:00Z', 20), 'B', 400, 'OCPP201'),
    reading('CP-1', at('2026-03-10T22:00:00Z', 15), 'B', 300, 'OCPP201'),
    // C, an MQTT plug with no station and no idTag.
    started('PLUG-1', at('2026-03-10T12:00:00Z'), 's-1', 5_000, null, 'MQTT'),
    reading('PLUG-1', at('2026-03-10T12:00:00Z', 15), 's-1', 5_575, 'MQTT'),
    ended('PLUG-1', at('2026-03-10T12:00:00Z', 30), 's-1', 6_150, 'MQTT'),
  ]);
  const splitsOf = (sessionId: string) =>
    settlements.get(sessionId)?.splits.map((split) => [split.role, split.partyId, split.amount.amountMinor]);

  it('A: 4,000 Wh; 160 + 60 + 100 = 320 + VAT 60 = 380; splits 282/8/19 + investors 50/21; 4 + 5 VZP (first session)', () => {
    expect(finals.get('CP-1:A')).toMatchObject({ energyWh: 4_000, idleMs: 30 * 60_000, flags: [] });
    expect(settlements.get('CP-1:A')).toMatchObject({
      subtotal: { amountMinor: 320 },
      vat: { amountMinor: 60 },
      total: { amountMinor: 380 },
    });
    expect(splitsOf('CP-1:A')).toEqual([
      ['CPO', 'NL*VZP', 282],
      ['MSP', 'DE*MSP', 8],
      ['PLATFORM', 'platform', 19],
      ['INVESTOR', 'X', 50],
      ['INVESTOR', 'Y', 21],
    ]);
    expect(rewards.get('CP-1:A')).toMatchObject({
      recipientId: 'idtag:TAG-A',
      amount: 9_000_000,
      ruleId: 'vzp-charging@1',
    });
  });

  it('B: 300 Wh from 100 → 400; 12 + 20 + 100 = 132 + VAT 25 = 157; splits 117/3/8 + 20/9; 0.3 VZP x 1.5 off-peak', () => {
    expect(finals.get('CP-1:B')).toMatchObject({ energyWh: 300, meterStartWh: 100, meterStopWh: 400, flags: [] });
    expect(settlements.get('CP-1:B')).toMatchObject({
      subtotal: { amountMinor: 132 },
      vat: { amountMinor: 25 },
      total: { amountMinor: 157 },
    });
    expect(splitsOf('CP-1:B')).toEqual([
      ['CPO', 'NL*VZP', 117],
      ['MSP', 'DE*MSP', 3],
      ['PLATFORM', 'platform', 8],
      ['INVESTOR', 'X', 20],
      ['INVESTOR', 'Y', 9],
    ]);
    expect(rewards.get('CP-1:B')?.steps.map((step) => [step.name, step.amount])).toEqual([
      ['energy', 300_000],
      ['off-peak', 150_000],
    ]);
  });

  it('C: the plug session has its energy but no tariff (0, flagged) and no recipient (no reward)', () => {
    expect(finals.get('PLUG-1:s-1')).toMatchObject({ energyWh: 1_150, protocol: 'MQTT' });
    expect(settlements.get('PLUG-1:s-1')).toMatchObject({ total: { amountMinor: 0 }, flags: ['NO_TARIFF'] });
    expect(rewards.has('PLUG-1:s-1')).toBe(false);
  });
});
