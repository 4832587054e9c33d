import { describe, expect, it } from '@jest/globals';
import type { ChargerEvent, ChargingSession, ConnectorStatus, FrameProtocol, SampledValue } from '@vz/schemas';
import { unsignedReading } from '@vz/schemas';
import fc from 'fast-check';
import {
  type ChargerSessions,
  defaultSessionRules,
  deriveSessions,
  type Reading,
  registerEnergy,
  type SessionRules,
} from './derive.ts';

// Session traces with hand-computed expectations. Times are seconds from 0 (t(…) turns them into epoch ms).

const T0 = Date.UTC(2026, 10, 21, 8);
const t = (seconds: number) => T0 + seconds * 1000;
const MINUTE = 60;
const HOUR = 3_600;

type Payload = ChargerEvent['payload'];
let sequence = 0;

function event(at: number, payload: Payload, protocol: FrameProtocol = 'OCPP16'): ChargerEvent {
  sequence += 1;
  return {
    eventId: `frame-${sequence}/0`,
    occurredAt: t(at),
    causationId: `frame-${sequence}`,
    chargerId: 'CP-1',
    protocol,
    receivedAt: t(at),
    payload,
  };
}

const start = (
  at: number,
  tx: string,
  meterStartWh: number | null,
  options: { connector?: number; idTag?: string } = {},
) =>
  event(at, {
    'vz.charger.TransactionStarted': {
      transactionId: tx,
      connectorId: options.connector ?? 1,
      evseId: null,
      idTag: options.idTag ?? 'TAG-1',
      meterStartWh,
      reservationId: null,
      remoteStartId: null,
      triggerReason: null,
      escrowId: null,
    },
  });

const end = (at: number, tx: string, meterStopWh: number | null) =>
  event(at, {
    'vz.charger.TransactionEnded': {
      transactionId: tx,
      connectorId: null,
      evseId: null,
      idTag: null,
      meterStopWh,
      reason: 'EV_DISCONNECTED',
      signedMeterStop: null,
    },
  });

const sample = (
  measurand: SampledValue['measurand'],
  value: number,
  unit: SampledValue['unit'],
  phase: string | null = null,
): SampledValue => ({
  measurand,
  value,
  unit,
  phase,
  location: null,
  context: null,
  ...unsignedReading,
});

const meter = (
  at: number,
  tx: string | null,
  wh: number | null,
  options: { powerW?: number; connector?: number; phasesW?: number[] } = {},
) =>
  event(at, {
    'vz.charger.MeterSampled': {
      transactionId: tx,
      connectorId: options.connector ?? 1,
      evseId: null,
      samples: [
        ...(wh === null ? [] : [sample('ENERGY_ACTIVE_IMPORT_REGISTER', wh, 'WH')]),
        ...(options.powerW === undefined ? [] : [sample('POWER_ACTIVE_IMPORT', options.powerW, 'W')]),
        ...(options.phasesW ?? []).map((watts, index) => sample('POWER_ACTIVE_IMPORT', watts, 'W', `L${index + 1}`)),
      ],
    },
  });

const status = (at: number, connectorStatus: ConnectorStatus, connector = 1) =>
  event(at, {
    'vz.charger.StatusChanged': {
      connectorId: connector,
      evseId: null,
      status: connectorStatus,
      errorCode: null,
      info: null,
      vendorId: null,
      vendorErrorCode: null,
    },
  });

const heartbeat = (at: number) => event(at, { 'vz.charger.HeartbeatReceived': { intervalMs: null } });

const decided = (at: number, idTag: string, parentIdTag: string) =>
  event(at, {
    'vz.charger.AuthorizationDecided': { idTag, status: 'ACCEPTED', expiresAt: null, parentIdTag, reason: null },
  });

/**
 * Runs events through deriveSessions as the processor does: the state carried over, and the sessions it evicts kept
 * in an index of ended sessions (the processor's `ended` store) that later events are checked against.
 */
function run(
  events: readonly ChargerEvent[],
  options: { initial?: ChargerSessions; rules?: Partial<SessionRules>; ended?: Set<string> } = {},
) {
  let state = options.initial;
  const ended = options.ended ?? new Set<string>();
  const rules = { ...defaultSessionRules, ...options.rules };
  const written: ChargingSession[] = [];
  const writtenBy: ChargingSession[][] = [];
  for (const input of events) {
    const derived = deriveSessions(input, state, rules, (sessionId) => ended.has(sessionId));
    state = derived.state;
    for (const { sessionId } of derived.ended) ended.add(sessionId);
    written.push(...derived.sessions);
    writtenBy.push(derived.sessions);
  }
  const latest = new Map(written.map((session) => [session.sessionId, session]));
  return { written, writtenBy, latest, state, ended };
}

interface Trace {
  name: string;
  events: () => ChargerEvent[];
  rules?: Partial<SessionRules>;
  expected: Record<string, Partial<ChargingSession>>;
  writes?: number;
}

const traces: Trace[] = [
  {
    name: '1.6J session: energy is stop minus start; an update per minute of readings',
    events: () => [
      start(0, '1', 1_000),
      meter(MINUTE, '1', 1_500),
      meter(2 * MINUTE, '1', 2_200),
      end(3 * MINUTE, '1', 2_500),
    ],
    expected: {
      'CP-1:1': {
        status: 'COMPLETED',
        meterStartWh: 1_000,
        meterStopWh: 2_500,
        energyWh: 1_500,
        stopReason: 'EV_DISCONNECTED',
        flags: [],
      },
    },
    writes: 4,
  },
  {
    name: '2.0.1 session without start and stop registers: first and last readings bound it',
    events: () => [start(0, 'tx-a', null), meter(30, 'tx-a', 500), meter(90, 'tx-a', 900), end(120, 'tx-a', null)],
    expected: { 'CP-1:tx-a': { meterStartWh: 500, meterStopWh: 900, energyWh: 400, endedAt: t(120) } },
  },
  {
    name: 'a meter that resets: each run counts its net change, the step across 0, and it is flagged',
    events: () => [
      start(0, '2', 1_000),
      meter(60, '2', 1_500),
      meter(120, '2', 20),
      meter(180, '2', 300),
      end(240, '2', 400),
    ],
    // (1,500 − 1,000) + (400 − 20)
    expected: { 'CP-1:2': { energyWh: 880, flags: ['METER_WENT_BACKWARDS', 'METER_RESET'] } },
  },
  {
    // A foreign 2.0.1 simulator: its TransactionEvent Ended carried a periodic reading with the last Updated one's
    // timestamp but a lower value (521.7 after 637.77 Wh, rounded by the connector), then its end reading 638.
    name: 'energy follows the register: a lower reading with the same timestamp does not inflate it',
    events: () => [
      start(0, 'F', 0),
      meter(60, 'F', 170),
      meter(120, 'F', 638),
      meter(120, 'F', 522),
      meter(180, 'F', 638),
      end(180, 'F', 638),
    ],
    // Summing the increases gave 754 (0 → 170 → 638, 522 → 638): 18% too much.
    expected: {
      'CP-1:F': { energyWh: 638, meterStartWh: 0, meterStopWh: 638, chargingEndedAt: t(120), flags: [] },
    },
  },
  {
    name: 'a lower reading at a later time is followed: the energy is the register’s net change, flagged',
    events: () => [
      start(0, 'N', 0),
      meter(60, 'N', 170),
      meter(120, 'N', 638),
      meter(150, 'N', 522),
      end(180, 'N', 638),
    ],
    // 638 − 0, not 170 + 468 + 116 = 754
    expected: { 'CP-1:N': { energyWh: 638, flags: ['METER_WENT_BACKWARDS'] } },
  },
  {
    name: 'a session that ends on a lower reading is billed what the register says at its end',
    events: () => [
      start(0, 'L', 0),
      meter(60, 'L', 170),
      meter(120, 'L', 638),
      meter(150, 'L', 522),
      end(180, 'L', null),
    ],
    expected: { 'CP-1:L': { energyWh: 522, meterStopWh: 522, flags: ['METER_WENT_BACKWARDS'] } },
  },
  {
    name: 'a small step below the start register is noise, not a reset',
    events: () => [
      start(0, 'S', 1_000_000),
      meter(60, 'S', 1_000_100),
      meter(120, 'S', 999_990),
      end(180, 'S', 1_020_000),
    ],
    expected: { 'CP-1:S': { energyWh: 20_000, flags: ['METER_WENT_BACKWARDS'] } },
  },
  {
    name: 'a register that wraps at its known maximum is counted across the wrap',
    events: () => [start(0, 'W', 99_000), meter(60, 'W', 99_900), meter(120, 'W', 100), end(180, 'W', 600)],
    rules: { registerMaxWh: 100_000 },
    // (100,000 − 99,900) + 100 + (99,900 − 99,000) + (600 − 100)
    expected: { 'CP-1:W': { energyWh: 1_600, meterStartWh: 99_000, meterStopWh: 600, flags: ['METER_WRAPPED'] } },
  },
  {
    name: 'a wrap whose maximum is not known can only be taken for a reset',
    events: () => [start(0, 'W', 99_000), meter(60, 'W', 99_900), meter(120, 'W', 100), end(180, 'W', 600)],
    expected: { 'CP-1:W': { energyWh: 1_400, flags: ['METER_WENT_BACKWARDS', 'METER_RESET'] } },
  },
  {
    name: 'offline-queued readings arriving after the stop, inside the session, change nothing when the stop was known',
    events: () => [start(0, '3', 0), end(300, '3', 1_000), meter(100, '3', 300), meter(200, '3', 700)],
    expected: { 'CP-1:3': { energyWh: 1_000, flags: [] } },
    writes: 2,
  },
  {
    name: 'a late reading completes a session without stop register again, corrected and flagged',
    events: () => [
      start(0, '4', 100),
      meter(60, '4', 300),
      end(120, '4', null),
      meter(110, '4', 350),
      meter(500, '4', 9_999),
    ],
    // 350 − 100; the reading after the end is not the session's
    expected: { 'CP-1:4': { energyWh: 250, meterStopWh: 350, flags: ['LATE_METER_VALUES'] } },
    // started, update, completed, completed again
    writes: 4,
  },
  {
    name: 'stop without start: 0 Wh and flagged, until the start arrives out of order',
    events: () => [end(100, '9', 800)],
    expected: { 'CP-1:9': { status: 'COMPLETED', energyWh: 0, flags: ['STOP_WITHOUT_START'], startedAt: t(100) } },
  },
  {
    name: 'stop without start, then the start: the session is completed again with its energy',
    events: () => [end(100, '9', 800), start(0, '9', 300)],
    expected: { 'CP-1:9': { status: 'COMPLETED', energyWh: 500, flags: [], startedAt: t(0), meterStartWh: 300 } },
    writes: 2,
  },
  {
    name: 'start without stop: closed at its last activity when the charger speaks after the timeout',
    events: () => [start(0, '5', 0), meter(60, '5', 100), heartbeat(25 * HOUR)],
    expected: {
      'CP-1:5': {
        status: 'COMPLETED',
        endedAt: t(60),
        energyWh: 100,
        stopReason: 'OTHER',
        flags: ['CLOSED_BY_TIMEOUT'],
      },
    },
  },
  {
    name: 'a session closed by the timeout takes its real end when the charger replays it',
    events: () => [start(0, '5', 0), meter(60, '5', 100), heartbeat(25 * HOUR), meter(90, '5', 130), end(95, '5', 150)],
    expected: {
      'CP-1:5': { status: 'COMPLETED', endedAt: t(95), energyWh: 150, stopReason: 'EV_DISCONNECTED', flags: [] },
    },
  },
  {
    name: 'two sessions on one connector: a start closes the one still open there',
    events: () => [
      start(0, 'A', 0),
      meter(60, 'A', 100),
      start(120, 'B', 200),
      meter(180, 'B', 260),
      end(240, 'B', 300),
    ],
    expected: {
      'CP-1:A': { status: 'COMPLETED', endedAt: t(60), energyWh: 100, flags: ['CLOSED_BY_NEW_SESSION'] },
      'CP-1:B': { status: 'COMPLETED', energyWh: 100, flags: [] },
    },
  },
  {
    name: 'sessions on two connectors run side by side; 1.6J readings without a transaction go by connector',
    events: () => [
      start(0, 'C1', 0, { connector: 1 }),
      start(10, 'C2', 5_000, { connector: 2 }),
      meter(60, null, 400, { connector: 1 }),
      meter(60, null, 5_600, { connector: 2 }),
      end(120, 'C1', 700),
      end(130, 'C2', 5_900),
    ],
    expected: { 'CP-1:C1': { energyWh: 700, connectorId: 1 }, 'CP-1:C2': { energyWh: 900, connectorId: 2 } },
  },
  {
    name: 'idle time after charging stopped, from the connector status',
    events: () => [
      start(0, '6', 0),
      status(1, 'CHARGING'),
      meter(60, '6', 200),
      status(100, 'SUSPENDED_EV'),
      meter(200, '6', 250),
      end(400, '6', 250),
    ],
    expected: { 'CP-1:6': { chargingEndedAt: t(100), idleMs: 300_000, energyWh: 250 } },
  },
  {
    name: 'idle time without statuses: from the last register increase',
    events: () => [start(0, '7', 0), meter(60, '7', 200), meter(120, '7', 200), end(600, '7', 200)],
    expected: { 'CP-1:7': { chargingEndedAt: t(60), idleMs: 540_000 } },
  },
  {
    name: 'peak power: the all-phase value, else the sum of the phases',
    events: () => [
      start(0, '8', 0),
      meter(60, '8', 100, { powerW: 7_000 }),
      meter(120, '8', 300, { phasesW: [3_600, 3_700, 3_500] }),
      meter(180, '8', 500, { powerW: 9_000 }),
      end(240, '8', 600),
    ],
    expected: { 'CP-1:8': { peakPowerW: 10_800 } },
  },
  {
    name: 'the group of the idTag comes from the authorization decision',
    events: () => [decided(0, 'TAG-F', 'FLEET-1'), start(1, 'G', 0, { idTag: 'TAG-F' }), end(60, 'G', 10)],
    expected: { 'CP-1:G': { idTag: 'TAG-F', groupIdTag: 'FLEET-1' } },
  },
  {
    name: 'updates are bounded: readings every 10 s give one update per minute',
    events: () => [
      start(0, 'U', 0),
      ...Array.from({ length: 30 }, (_, i) => meter(10 * (i + 1), 'U', 10 * (i + 1))),
      end(310, 'U', 310),
    ],
    expected: { 'CP-1:U': { energyWh: 310 } },
    // started, 5 updates (60, 120, …, 300 s), completed
    writes: 7,
  },
  {
    name: 'MQTT plug session',
    events: () => [
      event(
        0,
        {
          'vz.charger.TransactionStarted': {
            transactionId: 's-1',
            connectorId: 1,
            evseId: null,
            idTag: null,
            meterStartWh: 5_000,
            reservationId: null,
            remoteStartId: null,
            triggerReason: null,
            escrowId: null,
          },
        },
        'MQTT',
      ),
      event(
        900,
        {
          'vz.charger.MeterSampled': {
            transactionId: 's-1',
            connectorId: 1,
            evseId: null,
            samples: [sample('ENERGY_ACTIVE_IMPORT_REGISTER', 5_575, 'WH'), sample('POWER_ACTIVE_IMPORT', 2_300, 'W')],
          },
        },
        'MQTT',
      ),
      event(
        1_800,
        {
          'vz.charger.TransactionEnded': {
            transactionId: 's-1',
            connectorId: 1,
            evseId: null,
            idTag: null,
            meterStopWh: 6_150,
            reason: 'LOCAL',
            signedMeterStop: null,
          },
        },
        'MQTT',
      ),
    ],
    expected: { 'CP-1:s-1': { energyWh: 1_150, peakPowerW: 2_300, protocol: 'MQTT' } },
  },
];

describe('deriveSessions (table of traces)', () => {
  it.each(traces)('$name', ({ events, rules, expected, writes }) => {
    const { latest, written } = run(events(), { ...(rules === undefined ? {} : { rules }) });
    for (const [sessionId, fields] of Object.entries(expected)) {
      expect(latest.get(sessionId)).toMatchObject(fields);
    }
    if (writes !== undefined) expect(written).toHaveLength(writes);
    // Ids are derived from the inputs: unique per written state.
    expect(new Set(written.map((session) => session.eventId)).size).toBe(written.length);
  });

  it('gives every input twice the same result as once (duplicate deliveries)', () => {
    for (const trace of traces) {
      const once = trace.events();
      const twice = once.flatMap((input) => [input, input]);
      const rules = trace.rules ?? {};
      expect(run(twice, { rules }).written).toEqual(run(once, { rules }).written);
    }
  });

  it('does not change the state it was given', () => {
    const first = run([start(0, 'X', 0)]);
    const frozen = structuredClone(first.state);
    deriveSessions(meter(60, 'X', 100), first.state);
    expect(first.state).toEqual(frozen);
  });
});

describe('deriveSessions (late duplicates of ended transactions)', () => {
  // A charger's sessions one after the other on one connector: start, a reading, stop.
  const sessions = (count: number, from = 0) =>
    Array.from({ length: count }, (_, index) => {
      const at = (from + index) * HOUR;
      const base = (from + index) * 10_000;
      return [
        start(at, `T${from + index}`, base),
        meter(at + 60, `T${from + index}`, base + 500),
        end(at + 120, `T${from + index}`, base + 1_000),
      ];
    }).flat();

  it('a stop replayed after ten later sessions writes nothing and changes no state', () => {
    const history = sessions(11);
    const replayedStop = end(120, 'T0', 1_000);
    const before = run(history);
    expect(before.ended.has('CP-1:T0')).toBe(true);
    expect(before.latest.get('CP-1:T0')).toMatchObject({ status: 'COMPLETED', energyWh: 1_000 });
    const derived = deriveSessions(replayedStop, before.state, defaultSessionRules, (id) => before.ended.has(id));
    expect(derived.sessions).toEqual([]);
    expect(derived.changed).toBe(false);
    expect(derived.ended).toEqual([]);
    expect(derived.state).toEqual(before.state);
  });

  it('a replayed start, reading or stop (with another register) of an evicted transaction writes nothing', () => {
    const { writtenBy } = run([
      ...sessions(10),
      start(0, 'T0', 0),
      meter(60, 'T0', 700),
      end(120, 'T0', 0),
      event(200, { 'vz.charger.HeartbeatReceived': { intervalMs: null } }),
    ]);
    expect(writtenBy.slice(-4).flat()).toEqual([]);
  });

  it('without the index the replayed stop would revise the settled session (what the index prevents)', () => {
    const { state } = run(sessions(11));
    const derived = deriveSessions(end(120, 'T0', 1_000), state);
    expect(derived.sessions).toMatchObject([{ sessionId: 'CP-1:T0', energyWh: 0, flags: ['STOP_WITHOUT_START'] }]);
  });

  it('reports each evicted session once, with its end, for the index', () => {
    const { ended, writtenBy } = run(sessions(6));
    expect([...ended]).toEqual(['CP-1:T0', 'CP-1:T1']);
    expect(writtenBy.flat().filter((session) => session.status === 'COMPLETED')).toHaveLength(6);
    const evicted = deriveSessions(end(7 * HOUR, 'T9', 5), run(sessions(6)).state).ended;
    expect(evicted).toEqual([{ sessionId: 'CP-1:T2', endedAt: t(2 * HOUR + 120) }]);
  });

  it('a session whose stop came without start and was evicted is not reopened by its late start', () => {
    const { writtenBy } = run([end(100, 'X', 800), ...sessions(5, 1), start(0, 'X', 300)]);
    expect(writtenBy.at(-1)).toEqual([]);
  });
});

describe('registerEnergy (the rules, reading by reading)', () => {
  const readings = (...values: Array<[number, number]>): Reading[] => values.map(([at, wh]) => ({ at, wh }));

  it('the foreign simulator’s readings in arrival order: 0, 170, 638, 522, 638 → 638 Wh, not 754', () => {
    expect(registerEnergy(readings([0, 0], [60, 170], [120, 638], [120, 522], [180, 638]))).toEqual({
      energyWh: 638,
      lastIncreaseAt: 120,
      flags: ['METER_WENT_BACKWARDS'],
    });
  });

  it('a wrap at a known maximum counts maximum − previous + current', () => {
    expect(registerEnergy(readings([0, 99_950], [60, 30]), 100_000)).toEqual({
      energyWh: 80,
      lastIncreaseAt: 60,
      flags: ['METER_WRAPPED'],
    });
    // Not a wrap: the drop is less than half the range (noise, or a reset when it falls below the start), or the
    // previous reading is not below the maximum.
    expect(registerEnergy(readings([0, 40_000], [60, 39_000], [120, 40_100]), 100_000).energyWh).toBe(100);
    expect(registerEnergy(readings([0, 40_000], [60, 30], [120, 100]), 100_000)).toMatchObject({
      energyWh: 70,
      flags: ['METER_WENT_BACKWARDS', 'METER_RESET'],
    });
    expect(registerEnergy(readings([0, 100_000], [60, 30]), 100_000).flags).not.toContain('METER_WRAPPED');
  });

  it('a 32-bit register wrapping mid-session', () => {
    const max = 2 ** 32;
    const wrapped = registerEnergy(readings([0, max - 1_000], [60, max - 10], [120, 2_000], [180, 5_000]), max);
    expect(wrapped.energyWh).toBe(6_000);
  });

  it('a reset starts a new run; noise before it lowers the first run', () => {
    expect(registerEnergy(readings([0, 1_000], [60, 1_500], [90, 1_400], [120, 20], [180, 400]))).toEqual({
      energyWh: 400 + 380,
      lastIncreaseAt: 180,
      flags: ['METER_WENT_BACKWARDS', 'METER_RESET'],
    });
  });

  it('no readings, or one, count nothing', () => {
    expect(registerEnergy([]).energyWh).toBe(0);
    expect(registerEnergy(readings([0, 5_000])).energyWh).toBe(0);
  });
});

// Property tests: random traces of transactions on two connectors, random register steps (sometimes down, sometimes
// at the same instant as the reading before).

const traceOf = (maxTransactions: number) =>
  fc
    .array(
      fc.record({
        connector: fc.integer({ min: 1, max: 2 }),
        startWh: fc.integer({ min: 0, max: 100_000 }),
        steps: fc.array(fc.record({ wh: fc.integer({ min: -200, max: 3_000 }), sameInstant: fc.boolean() }), {
          maxLength: 8,
        }),
        stops: fc.boolean(),
        stopRegister: fc.boolean(),
      }),
      { minLength: 1, maxLength: maxTransactions },
    )
    .map((plans) => {
      const events: ChargerEvent[] = [];
      let clock = 0;
      plans.forEach((plan, index) => {
        const tx = `P${index}`;
        events.push(start(clock, tx, plan.startWh, { connector: plan.connector }));
        let register = plan.startWh;
        for (const step of plan.steps) {
          if (!step.sameInstant) clock += 30;
          register = Math.max(0, register + step.wh);
          events.push(meter(clock, tx, register, { connector: plan.connector, powerW: Math.max(0, step.wh) * 120 }));
        }
        clock += 30;
        if (plan.stops) events.push(end(clock, tx, plan.stopRegister ? register : null));
      });
      return events;
    });

const traceArbitrary = traceOf(3);

describe('deriveSessions (properties)', () => {
  it('never writes negative energy, and a completed session without resets has stop minus start', () => {
    fc.assert(
      fc.property(traceArbitrary, (events) => {
        const { written, latest } = run(events);
        for (const session of written) expect(session.energyWh).toBeGreaterThanOrEqual(0);
        for (const session of latest.values()) {
          if (session.status !== 'COMPLETED' || session.flags.length > 0) continue;
          if (session.meterStopWh === null || session.meterStartWh === null) continue;
          expect(session.energyWh).toBe(session.meterStopWh - session.meterStartWh);
        }
      }),
    );
  });

  it('bills at most the register’s net change where both ends are known (no reset, no wrap)', () => {
    fc.assert(
      fc.property(traceArbitrary, (events) => {
        for (const session of run(events).latest.values()) {
          if (session.meterStopWh === null || session.meterStartWh === null) continue;
          if (session.flags.some((flag) => flag === 'METER_RESET' || flag === 'METER_WRAPPED')) continue;
          expect(session.energyWh).toBeLessThanOrEqual(Math.max(0, session.meterStopWh - session.meterStartWh));
        }
      }),
    );
  });

  it('re-delivering any input, at any later point, changes no session', () => {
    fc.assert(
      fc.property(traceArbitrary, fc.nat(), fc.nat(), (events, pick, later) => {
        const index = pick % events.length;
        const duplicate = events[index];
        if (duplicate === undefined) return;
        const position = index + 1 + (later % (events.length - index));
        const redelivered = [...events.slice(0, position), duplicate, ...events.slice(position)];
        expect(run(redelivered).written).toEqual(run(events).written);
      }),
    );
  });

  it('re-delivering any input changes no session, also after its session left the charger’s state', () => {
    const rules = { completedKept: 1 };
    fc.assert(
      fc.property(traceOf(8), fc.nat(), fc.nat(), (events, pick, later) => {
        const index = pick % events.length;
        const duplicate = events[index];
        if (duplicate === undefined) return;
        const position = index + 1 + (later % (events.length - index));
        const redelivered = [...events.slice(0, position), duplicate, ...events.slice(position)];
        expect(run(redelivered, { rules }).written).toEqual(run(events, { rules }).written);
      }),
    );
  });

  it('is deterministic: the same inputs give byte-identical sessions (replay)', () => {
    fc.assert(
      fc.property(traceArbitrary, (events) => {
        expect(JSON.stringify(run(events).written)).toBe(JSON.stringify(run(events).written));
      }),
    );
  });
});

describe('registerEnergy (properties)', () => {
  const readingsArbitrary = fc
    .array(fc.record({ at: fc.integer({ min: 0, max: 20 }), wh: fc.integer({ min: 0, max: 10_000 }) }), {
      minLength: 1,
      maxLength: 12,
    })
    .map((readings) => [...readings].sort((a, b) => a.at - b.at || a.wh - b.wh));

  it('for any readings: never negative, never more than the steps up, and without a reset exactly max(0, last − first)', () => {
    fc.assert(
      fc.property(readingsArbitrary, (readings) => {
        const { energyWh, flags } = registerEnergy(readings);
        const stepsUp = readings.reduce(
          (sum, reading, index) => sum + Math.max(0, reading.wh - (readings[index - 1]?.wh ?? reading.wh)),
          0,
        );
        expect(energyWh).toBeGreaterThanOrEqual(0);
        expect(energyWh).toBeLessThanOrEqual(stepsUp);
        const first = readings[0]?.wh ?? 0;
        const last = readings.at(-1)?.wh ?? 0;
        if (!flags.includes('METER_RESET')) expect(energyWh).toBe(Math.max(0, last - first));
      }),
    );
  });

  it('a register that only counts up, read modulo its known maximum, gives exactly the energy counted', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000, max: 2 ** 32 }),
        fc.integer({ min: 0, max: 2 ** 32 }),
        fc.array(fc.double({ min: 0, max: 0.49, noNaN: true }), { maxLength: 10 }),
        (max, startValue, fractions) => {
          const increments = fractions.map((fraction) => Math.floor(fraction * max));
          const startWh = startValue % max;
          let total = startWh;
          const readings = [{ at: 0, wh: startWh }];
          increments.forEach((increment, index) => {
            total += increment;
            readings.push({ at: index + 1, wh: total % max });
          });
          const { energyWh, flags } = registerEnergy(readings, max);
          expect(energyWh).toBe(total - startWh);
          expect(flags).not.toContain('METER_RESET');
          expect(flags).not.toContain('METER_WENT_BACKWARDS');
        },
      ),
    );
  });
});
