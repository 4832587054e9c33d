import type {
  ChargerEvent,
  ChargingSession,
  ConnectorStatus,
  MeterSampled,
  SampledValue,
  SessionFlag,
} from '@vz/schemas';

/**
 * Charging sessions from charger events: a pure, deterministic function of (event, charger state), so the processor
 * can run it again after a crash or a replay and write byte-identical sessions. Time is the events' time
 * (`occurredAt`), never a clock.
 *
 * Seam for roaming (OCPI): roaming.sessions already carry whole sessions; a later adapter maps them onto
 * ChargingSession directly and does not pass through here.
 */

export interface SessionRules {
  /** An UPDATED state of a running session is written at most once per this much event time. */
  readonly updateIntervalMs: number;
  /** A session with no activity for this long is closed when its charger next reports anything (CLOSED_BY_TIMEOUT). */
  readonly inactivityTimeoutMs: number;
  /** Completed sessions kept per charger for late meter values and duplicates. */
  readonly completedKept: number;
  /** idTag → group entries kept per charger (from authorization decisions). */
  readonly groupsKept: number;
  /**
   * The value at which the charger's energy register rolls over to 0 (its modulus: a register that shows at most
   * 99,999 Wh has 100,000); null or absent when unknown, and then a wrap cannot be told from a reset. The processor
   * resolves it per charger (`sessionsProcessor`).
   */
  readonly registerMaxWh?: number | null;
}

export const defaultSessionRules: SessionRules = {
  updateIntervalMs: 60_000,
  inactivityTimeoutMs: 24 * 3_600_000,
  completedKept: 4,
  groupsKept: 256,
  registerMaxWh: null,
};

/** A register reading (Energy.Active.Import.Register), Wh at an instant. */
export interface Reading {
  readonly at: number;
  readonly wh: number;
}

/** What the processor keeps per session, beyond the session record itself. */
export interface TrackedSession {
  session: ChargingSession;
  /** Register readings in time order (lower value first for equal times), start and stop included. */
  readings: Reading[];
  /** Event time of the last state written for this session; null before the first. */
  lastWrittenAt: number | null;
  /** Energy and peak power of the last state written (`figuresOf`). */
  writtenFigures: string;
  /** Latest event time of anything about this session. */
  lastActivityAt: number;
  /** The connector left CHARGING at this time and has not come back (null: charging, or no status seen). */
  leftChargingAt: number | null;
}

/** The state of one charger (the processor's store is keyed by charger id: one partition, one order). */
export interface ChargerSessions {
  /**
   * By transaction id: running sessions and the last `completedKept` completed ones. A completed session leaving this
   * set is written to the `ended` index (`Derivation.ended`), so its transaction is recognised however old.
   */
  sessions: Record<string, TrackedSession>;
  /** idTag → groupIdTag, from AuthorizationDecided (most recent last). */
  groups: Array<[string, string]>;
}

export interface Derivation {
  readonly state: ChargerSessions;
  /** False when the event could not have changed the state (nothing written, not a session-related event). */
  readonly changed: boolean;
  /** New session states to write, in order. */
  readonly sessions: ChargingSession[];
  /** Completed sessions this event evicted from the charger's state, for the index of ended transactions. */
  readonly ended: ReadonlyArray<{ readonly sessionId: string; readonly endedAt: number }>;
}

/** Whether a session (by id) completed and left its charger's state earlier: the `ended` index. */
export type EndedLookup = (sessionId: string) => boolean;

const nothingEnded: EndedLookup = () => false;

type Payload = ChargerEvent['payload'];
type Branch<Name extends string> = Payload extends infer U ? (U extends Record<Name, infer V> ? V : never) : never;

function branchOf<Name extends string>(payload: Payload, name: Name): Branch<Name> | undefined {
  return name in payload ? ((payload as Record<string, unknown>)[name] as Branch<Name>) : undefined;
}

export function sessionIdOf(chargerId: string, transactionId: string): string {
  return `${chargerId}:${transactionId}`;
}

const notCharging: ReadonlySet<ConnectorStatus> = new Set(['SUSPENDED_EV', 'SUSPENDED_EVSE', 'FINISHING']);

/** Same outlet: the EVSE when both sides name one (2.0.1), else the connector (1.6J, MQTT). */
function sameOutlet(session: ChargingSession, connectorId: number | null, evseId: number | null): boolean {
  if (session.evseId !== null && evseId !== null) return session.evseId === evseId;
  return connectorId !== null && session.connectorId === connectorId;
}

function registerOf(samples: readonly SampledValue[]): number | undefined {
  const registers = samples.filter(
    (sample) =>
      sample.measurand === 'ENERGY_ACTIVE_IMPORT_REGISTER' && sample.unit === 'WH' && sample.location !== 'EV',
  );
  // The all-phase reading; a meter that reports per phase only gives the sum of its phases.
  const total = registers.find((sample) => sample.phase === null);
  if (total !== undefined) return total.value;
  return registers.length === 0 ? undefined : registers.reduce((sum, sample) => sum + sample.value, 0);
}

function powerOf(samples: readonly SampledValue[]): number | undefined {
  const power = samples.filter((sample) => sample.measurand === 'POWER_ACTIVE_IMPORT' && sample.unit === 'W');
  const total = power.find((sample) => sample.phase === null);
  if (total !== undefined) return total.value;
  const phases = power.filter((sample) => sample.phase !== null && /^L[123](-N)?$/.test(sample.phase));
  return phases.length === 0 ? undefined : phases.reduce((sum, sample) => sum + sample.value, 0);
}

/**
 * Inserts in time order; an identical reading (a duplicate) is not inserted again. Readings of the same instant are
 * ordered by value, lower first: a register only counts up, so of two values at one instant the higher one is the
 * later (a charger that reports a periodic and an end reading with one timestamp). The order then never depends on
 * arrival.
 */
function addReading(tracked: TrackedSession, reading: Reading): boolean {
  if (tracked.readings.some((known) => known.at === reading.at && known.wh === reading.wh)) return false;
  let index = tracked.readings.length;
  while (index > 0) {
    const before = tracked.readings[index - 1];
    if (before === undefined || before.at < reading.at || (before.at === reading.at && before.wh < reading.wh)) break;
    index -= 1;
  }
  tracked.readings.splice(index, 0, reading);
  return true;
}

const ruleClosures: readonly SessionFlag[] = ['CLOSED_BY_TIMEOUT', 'CLOSED_BY_NEW_SESSION'];

/** Closed by a rule (no end arrived): its end is provisional until the real one, or its own readings, arrive. */
function closedByRule(session: ChargingSession): boolean {
  return session.flags.some((flag) => ruleClosures.includes(flag));
}

function withFlag(session: ChargingSession, flag: SessionFlag): ChargingSession {
  return session.flags.includes(flag) ? session : { ...session, flags: [...session.flags, flag] };
}

export interface RegisterEnergy {
  /** Wh the register counted, by the rules of `registerEnergy`; never negative. */
  readonly energyWh: number;
  /** When the register last rose above its highest reading so far (null: it never did). */
  readonly lastIncreaseAt: number | null;
  /** METER_WENT_BACKWARDS, METER_RESET, METER_WRAPPED, in the order first met. */
  readonly flags: readonly SessionFlag[];
}

/**
 * The energy a register counted over readings in time order. It follows the register: the energy is the register's
 * net change from the first to the last reading, never a sum of the steps up, so a step down between two readings
 * (a meter's noise, an out-of-order sample) can only lower the energy, never inflate it. Steps down are of three
 * kinds:
 *
 * - **Wrap**: the register's modulus `registerMaxWh` is known and the reading fell by more than half of it (from the
 *   upper half of the range to the lower): the register rolled over, and the step counts `max − previous + current`.
 *   Flags METER_WRAPPED.
 * - **Reset**: the reading fell to less than half the one before it and below the first reading of the run (a meter
 *   reset to zero, a replaced meter): the register starts over. The energy is the sum of each run's net change (the
 *   step across counts 0, what the meter did in between is unknown). Flags METER_RESET and METER_WENT_BACKWARDS.
 * - **Any other step down**: noise; the register is followed (the energy is last − first of the run, at least 0).
 *   Flags METER_WENT_BACKWARDS.
 *
 * Without a reset or wrap the energy is therefore exactly `max(0, last − first)`.
 */
export function registerEnergy(readings: readonly Reading[], registerMaxWh: number | null = null): RegisterEnergy {
  const flags: SessionFlag[] = [];
  const flag = (name: SessionFlag) => {
    if (!flags.includes(name)) flags.push(name);
  };
  const [first, ...rest] = readings;
  if (first === undefined) return { energyWh: 0, lastIncreaseAt: null, flags };
  let energyWh = 0;
  // The current run: its first reading, the Wh added by wraps since, its last and highest readings (with wraps).
  let runFirst = first.wh;
  let wrapped = 0;
  let runLast = first.wh;
  let runHighest = first.wh;
  let previous = first.wh;
  let lastIncreaseAt: number | null = null;
  for (const reading of rest) {
    const current = reading.wh;
    if (current < previous) {
      const wraps =
        registerMaxWh !== null && previous < registerMaxWh && current >= 0 && previous - current > registerMaxWh / 2;
      if (wraps) {
        wrapped += registerMaxWh;
        flag('METER_WRAPPED');
      } else {
        flag('METER_WENT_BACKWARDS');
        if (current < previous / 2 && current + wrapped < runFirst) {
          flag('METER_RESET');
          energyWh += Math.max(0, runLast - runFirst);
          runFirst = current;
          wrapped = 0;
          runHighest = current;
        }
      }
    }
    runLast = current + wrapped;
    if (runLast > runHighest) {
      runHighest = runLast;
      lastIncreaseAt = reading.at;
    }
    previous = current;
  }
  energyWh += Math.max(0, runLast - runFirst);
  return { energyWh, lastIncreaseAt, flags };
}

/** Energy, meter figures and idle time from the readings (`registerEnergy`), readings after the end ignored. */
function measured(tracked: TrackedSession, registerMaxWh: number | null): ChargingSession {
  let session = tracked.session;
  const endedAt = session.endedAt;
  const readings = endedAt === null ? tracked.readings : tracked.readings.filter((reading) => reading.at <= endedAt);
  const register = registerEnergy(readings, registerMaxWh);
  for (const flag of register.flags) session = withFlag(session, flag);
  const { energyWh, lastIncreaseAt } = register;
  const first = readings[0];
  const last = readings[readings.length - 1];
  // A session whose start never arrived has no base reading: no energy until it does.
  const started = !session.flags.includes('STOP_WITHOUT_START');
  // The start and stop registers are readings like the others (at the start and end times), so the first and last
  // readings bound the session whether or not the charger reported them with the start and end.
  session = { ...session, meterStartWh: first?.wh ?? null, energyWh: started ? energyWh : 0 };
  if (endedAt === null) return session;
  const chargingEndedAt = tracked.leftChargingAt ?? lastIncreaseAt;
  return {
    ...session,
    meterStopWh: last?.wh ?? null,
    chargingEndedAt,
    idleMs: chargingEndedAt === null ? null : Math.max(0, endedAt - chargingEndedAt),
  };
}

function figuresOf(session: ChargingSession): string {
  return `${session.energyWh}/${session.peakPowerW ?? ''}`;
}

function newSession(event: ChargerEvent, transactionId: string): ChargingSession {
  return {
    eventId: '',
    occurredAt: event.occurredAt,
    causationId: event.eventId,
    sessionId: sessionIdOf(event.chargerId, transactionId),
    chargerId: event.chargerId,
    stationId: null,
    connectorId: null,
    evseId: null,
    transactionId,
    idTag: null,
    accountId: null,
    escrowId: null,
    status: 'ACTIVE',
    startedAt: event.occurredAt,
    endedAt: null,
    meterStartWh: null,
    meterStopWh: null,
    energyWh: 0,
    stopReason: null,
    tariffId: null,
    cost: null,
    groupIdTag: null,
    protocol: event.protocol,
    peakPowerW: null,
    chargingEndedAt: null,
    idleMs: null,
    flags: [],
  };
}

/** Copies what the processor mutates, so the caller's state is never changed (a retried record sees the same input). */
function copyOf(state: ChargerSessions | undefined): ChargerSessions {
  if (state === undefined) return { sessions: {}, groups: [] };
  const sessions: Record<string, TrackedSession> = {};
  for (const [id, tracked] of Object.entries(state.sessions)) {
    sessions[id] = { ...tracked, readings: [...tracked.readings] };
  }
  return { sessions, groups: [...state.groups] };
}

/**
 * Applies one charger event. Returns the new state and the session states to write: STARTED and COMPLETED always,
 * UPDATED at most once per `updateIntervalMs` of event time, and a COMPLETED again when a late start or late readings
 * change a completed session's figures. `endedBefore` answers for transactions no longer in the charger's state: an
 * event about one that completed and was evicted (a start, stop or reading replayed from a charger's offline queue,
 * however late) changes nothing, so a settled session is never revised by a duplicate.
 */
export function deriveSessions(
  event: ChargerEvent,
  previous: ChargerSessions | undefined,
  rules: SessionRules = defaultSessionRules,
  endedBefore: EndedLookup = nothingEnded,
): Derivation {
  const state = copyOf(previous);
  const payload = event.payload;
  const started = branchOf(payload, 'vz.charger.TransactionStarted');
  const ended = branchOf(payload, 'vz.charger.TransactionEnded');
  const sampled = branchOf(payload, 'vz.charger.MeterSampled');
  const status = branchOf(payload, 'vz.charger.StatusChanged');
  const decided = branchOf(payload, 'vz.charger.AuthorizationDecided');
  const transactionId = started?.transactionId ?? ended?.transactionId ?? sampled?.transactionId ?? null;
  if (
    transactionId !== null &&
    state.sessions[transactionId] === undefined &&
    endedBefore(sessionIdOf(event.chargerId, transactionId))
  ) {
    return { state, changed: false, sessions: [], ended: [] };
  }
  const registerMaxWh = rules.registerMaxWh ?? null;
  const written: ChargingSession[] = [];
  const write = (tracked: TrackedSession, next: ChargingSession) => {
    const session: ChargingSession = {
      ...next,
      eventId: `${next.sessionId}/${event.eventId}`,
      occurredAt: event.occurredAt,
      causationId: event.eventId,
    };
    tracked.session = session;
    tracked.lastWrittenAt = event.occurredAt;
    tracked.writtenFigures = figuresOf(session);
    written.push(session);
  };
  const running = () => Object.values(state.sessions).filter((tracked) => tracked.session.status === 'ACTIVE');
  const close = (tracked: TrackedSession, flag: SessionFlag) => {
    const closed = {
      ...tracked.session,
      status: 'COMPLETED' as const,
      endedAt: tracked.lastActivityAt,
      stopReason: 'OTHER' as const,
    };
    tracked.session = withFlag(closed, flag);
    write(tracked, measured(tracked, registerMaxWh));
  };

  // Inactivity: anything the charger says, later than a running session's timeout, closes that session first.
  for (const tracked of running()) {
    if (event.occurredAt - tracked.lastActivityAt > rules.inactivityTimeoutMs) close(tracked, 'CLOSED_BY_TIMEOUT');
  }

  if (started !== undefined) {
    const known = state.sessions[started.transactionId];
    if (known === undefined) {
      for (const tracked of running()) {
        if (sameOutlet(tracked.session, started.connectorId, started.evseId)) close(tracked, 'CLOSED_BY_NEW_SESSION');
      }
      const tracked: TrackedSession = {
        session: {
          ...newSession(event, started.transactionId),
          connectorId: started.connectorId,
          evseId: started.evseId,
          idTag: started.idTag,
          groupIdTag: state.groups.find(([idTag]) => idTag === started.idTag)?.[1] ?? null,
          meterStartWh: started.meterStartWh,
          escrowId: started.escrowId,
        },
        readings: started.meterStartWh === null ? [] : [{ at: event.occurredAt, wh: started.meterStartWh }],
        lastWrittenAt: null,
        writtenFigures: '',
        lastActivityAt: event.occurredAt,
        leftChargingAt: null,
      };
      state.sessions[started.transactionId] = tracked;
      write(tracked, measured(tracked, registerMaxWh));
    } else if (known.session.flags.includes('STOP_WITHOUT_START')) {
      // The start arrived after the end (out of order): the session gets its base reading and is completed again.
      known.session = {
        ...known.session,
        flags: known.session.flags.filter((flag) => flag !== 'STOP_WITHOUT_START'),
        startedAt: event.occurredAt,
        connectorId: known.session.connectorId ?? started.connectorId,
        evseId: known.session.evseId ?? started.evseId,
        idTag: known.session.idTag ?? started.idTag,
        escrowId: known.session.escrowId ?? started.escrowId,
        meterStartWh: started.meterStartWh,
      };
      if (started.meterStartWh !== null) addReading(known, { at: event.occurredAt, wh: started.meterStartWh });
      write(known, measured(known, registerMaxWh));
    }
    // Otherwise a duplicate start: nothing changes.
  } else if (ended !== undefined) {
    let tracked = state.sessions[ended.transactionId];
    if (tracked === undefined) {
      tracked = {
        session: withFlag(
          {
            ...newSession(event, ended.transactionId),
            connectorId: ended.connectorId,
            evseId: ended.evseId,
            idTag: ended.idTag,
          },
          'STOP_WITHOUT_START',
        ),
        readings: [],
        lastWrittenAt: null,
        writtenFigures: '',
        lastActivityAt: event.occurredAt,
        leftChargingAt: null,
      };
      state.sessions[ended.transactionId] = tracked;
    }
    if (tracked.session.status === 'ACTIVE' || closedByRule(tracked.session)) {
      // A session a rule closed gets its real end now: the rule's flag goes, the figures are corrected.
      if (ended.meterStopWh !== null) addReading(tracked, { at: event.occurredAt, wh: ended.meterStopWh });
      tracked.lastActivityAt = Math.max(tracked.lastActivityAt, event.occurredAt);
      tracked.session = {
        ...tracked.session,
        status: 'COMPLETED',
        endedAt: event.occurredAt,
        meterStopWh: ended.meterStopWh,
        stopReason: ended.reason,
        flags: tracked.session.flags.filter((flag) => !ruleClosures.includes(flag)),
      };
      write(tracked, measured(tracked, registerMaxWh));
    }
    // Otherwise a duplicate end: nothing changes.
  } else if (sampled !== undefined) {
    applySamples(event, sampled, state, rules, write, running());
  } else if (status !== undefined) {
    for (const tracked of running()) {
      if (!sameOutlet(tracked.session, status.connectorId, status.evseId)) continue;
      if (event.occurredAt < tracked.session.startedAt) continue;
      if (status.status === 'CHARGING') tracked.leftChargingAt = null;
      else if (notCharging.has(status.status) && tracked.leftChargingAt === null) {
        tracked.leftChargingAt = event.occurredAt;
      }
      tracked.lastActivityAt = Math.max(tracked.lastActivityAt, event.occurredAt);
    }
  } else if (decided?.parentIdTag != null) {
    const entry: [string, string] = [decided.idTag, decided.parentIdTag];
    state.groups = [...state.groups.filter(([idTag]) => idTag !== decided.idTag), entry].slice(-rules.groupsKept);
  }

  const evicted = evictCompleted(state, rules.completedKept);
  const relevant = [started, ended, sampled, status, decided].some((branch) => branch !== undefined);
  return { state, changed: relevant || written.length > 0, sessions: written, ended: evicted };
}

function applySamples(
  event: ChargerEvent,
  sampled: MeterSampled,
  state: ChargerSessions,
  rules: SessionRules,
  write: (tracked: TrackedSession, next: ChargingSession) => void,
  running: TrackedSession[],
): void {
  // A sample names its transaction (1.6J with transactionId, 2.0.1, MQTT) or only its connector (1.6J).
  const tracked =
    sampled.transactionId === null
      ? running.find((candidate) => sameOutlet(candidate.session, sampled.connectorId, sampled.evseId))
      : state.sessions[sampled.transactionId];
  if (tracked === undefined) return;
  // A reading from before the session started is not the session's (e.g. a connector-only sample redelivered late).
  if (event.occurredAt < tracked.session.startedAt && !tracked.session.flags.includes('STOP_WITHOUT_START')) return;
  const register = registerOf(sampled.samples);
  const power = powerOf(sampled.samples);
  const before = tracked.session;
  if (register !== undefined) addReading(tracked, { at: event.occurredAt, wh: register });
  if (power !== undefined && (before.endedAt === null || event.occurredAt <= before.endedAt)) {
    tracked.session = { ...tracked.session, peakPowerW: Math.max(before.peakPowerW ?? 0, power) };
  }
  if (before.status === 'ACTIVE') {
    tracked.lastActivityAt = Math.max(tracked.lastActivityAt, event.occurredAt);
    const next = measured(tracked, rules.registerMaxWh ?? null);
    const due = tracked.lastWrittenAt === null || event.occurredAt - tracked.lastWrittenAt >= rules.updateIntervalMs;
    // Compared with what was last written, not with the state after the last (unwritten) reading.
    if (due && figuresOf(next) !== tracked.writtenFigures) write(tracked, next);
    else tracked.session = next;
    return;
  }
  // Completed. A session closed by a rule has a provisional end: its own readings extend it (a charger that was
  // offline replays them later). A late reading inside a session that changes its figures completes it again.
  if (closedByRule(before) && event.occurredAt > (before.endedAt ?? 0)) {
    tracked.session = { ...tracked.session, endedAt: event.occurredAt };
    tracked.lastActivityAt = Math.max(tracked.lastActivityAt, event.occurredAt);
  }
  const next = measured(tracked, rules.registerMaxWh ?? null);
  const changed =
    next.energyWh !== before.energyWh ||
    next.peakPowerW !== before.peakPowerW ||
    next.endedAt !== before.endedAt ||
    next.flags.length !== before.flags.length;
  // Extending a session a rule closed is not a correction: its end was provisional.
  if (changed) write(tracked, closedByRule(before) ? next : withFlag(next, 'LATE_METER_VALUES'));
  else tracked.session = before;
}

/** Keeps the last `kept` completed sessions; returns the ones it evicted (oldest end first). */
function evictCompleted(state: ChargerSessions, kept: number): Derivation['ended'] {
  const completed = Object.entries(state.sessions).filter(([, tracked]) => tracked.session.status !== 'ACTIVE');
  // Runs on every event: nothing to sort or rebuild unless a completion took the count over the limit.
  if (completed.length <= kept) return [];
  const evicted = completed
    .sort(([, a], [, b]) => (a.session.endedAt ?? 0) - (b.session.endedAt ?? 0))
    .slice(0, completed.length - kept);
  const evictedIds = new Set(evicted.map(([transactionId]) => transactionId));
  // Rebuilt without the keys: a computed `delete` is what the lint rule forbids.
  state.sessions = Object.fromEntries(Object.entries(state.sessions).filter(([id]) => !evictedIds.has(id)));
  return evicted.map(([, tracked]) => ({
    sessionId: tracked.session.sessionId,
    endedAt: tracked.session.endedAt ?? tracked.lastActivityAt,
  }));
}
