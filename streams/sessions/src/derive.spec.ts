import { describe, expect, it } from '@jest/globals';
import type { ChargerEvent, ChargingSession, ConnectorStatus, FrameProtocol, SampledValue } from '@vz/schemas';
import fc from 'fast-check';
import { type ChargerSessions, deriveSessions } from './derive.ts';

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
  signedData: null,
  signedFormat: null,
  signingMethod: null,
  encodingMethod: null,
  publicKey: null,
  readError: null,
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

function run(events: readonly ChargerEvent[], initial?: ChargerSessions) {
  let state = initial;
  const written: ChargingSession[] = [];
  for (const input of events) {
    const derived = deriveSessions(input, state);
    state = derived.state;
    written.push(...derived.sessions);
  }
  const latest = new Map(written.map((session) => [session.sessionId, session]));
  return { written, latest, state };
}

interface Trace {
  name: string;
  events: () => ChargerEvent[];
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
    name: 'a meter that resets counts 0 for the step down, never negative, and is flagged',
    events: () => [
      start(0, '2', 1_000),
      meter(60, '2', 1_500),
      meter(120, '2', 20),
      meter(180, '2', 300),
      end(240, '2', 400),
    ],
    // 500 + 0 + 280 + 100
    expected: { 'CP-1:2': { energyWh: 880, flags: ['METER_WENT_BACKWARDS'] } },
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
  it.each(traces)('$name', ({ events, expected, writes }) => {
    const { latest, written } = run(events());
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
      expect(run(twice).written).toEqual(run(once).written);
    }
  });

  it('does not change the state it was given', () => {
    const first = run([start(0, 'X', 0)]);
    const frozen = structuredClone(first.state);
    deriveSessions(meter(60, 'X', 100), first.state);
    expect(first.state).toEqual(frozen);
  });
});

// Property tests: random traces of up to three transactions on two connectors, random register steps (sometimes down).

const traceArbitrary = fc
  .array(
    fc.record({
      connector: fc.integer({ min: 1, max: 2 }),
      startWh: fc.integer({ min: 0, max: 100_000 }),
      steps: fc.array(fc.integer({ min: -200, max: 3_000 }), { maxLength: 8 }),
      stops: fc.boolean(),
      stopRegister: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((plans) => {
    const events: ChargerEvent[] = [];
    let clock = 0;
    plans.forEach((plan, index) => {
      const tx = `P${index}`;
      events.push(start(clock, tx, plan.startWh, { connector: plan.connector }));
      let register = plan.startWh;
      for (const step of plan.steps) {
        clock += 30;
        register = Math.max(0, register + step);
        events.push(meter(clock, tx, register, { connector: plan.connector, powerW: Math.max(0, step) * 120 }));
      }
      clock += 30;
      if (plan.stops) events.push(end(clock, tx, plan.stopRegister ? register : null));
    });
    return events;
  });

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

  it('is deterministic: the same inputs give byte-identical sessions (replay)', () => {
    fc.assert(
      fc.property(traceArbitrary, (events) => {
        expect(JSON.stringify(run(events).written)).toBe(JSON.stringify(run(events).written));
      }),
    );
  });
});
