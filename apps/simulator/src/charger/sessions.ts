import { ConflictError, NotFoundError, UnavailableError, type Logger } from '@vz/core';
import type { Clock } from '../clock.ts';
import {
  integrate,
  powerNow,
  stateOfCharge,
  whOf,
  WMS_PER_WH,
  type MeterReading,
  type ReadingContext,
} from '../meter.ts';
import type { ChargerSettings } from '../options.ts';
import type { Connector, ProtocolDriver, Session, StartRequest } from '../protocol/driver.ts';
import type { ConnectorStatus, FaultCode, SessionReport, StopReason } from '../types.ts';
import type { SessionHandle } from './api.ts';
import type { Outbox, OutboxOptions } from './outbox.ts';
import type { TransactionLane } from './transaction-lane.ts';

/** As the outbox's: the clock, whether online, and the protocol driver (made after both). */
export interface ChargerSessionsOptions extends Pick<OutboxOptions, 'clock' | 'isOnline' | 'driver'> {
  settings: ChargerSettings;
  logger: Logger;
  outbox: Outbox;
  lane: TransactionLane;
  started: (handle: SessionHandle) => void;
  stopped: (handle: SessionHandle) => void;
}

/**
 * The charger's connectors, their energy registers and their sessions: start, periodic meter values, stop, faults,
 * and what the reports say of them. Energy is integrated in watt-milliseconds up to each reading.
 */
export class ChargerSessions {
  readonly connectors: Connector[];
  readonly #settings: ChargerSettings;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #outbox: Outbox;
  readonly #lane: TransactionLane;
  readonly #isOnline: () => boolean;
  readonly #driver: () => ProtocolDriver;
  readonly #started: (handle: SessionHandle) => void;
  readonly #stopped: (handle: SessionHandle) => void;
  readonly #sessions: Session[] = [];
  readonly #stopping = new WeakMap<Session, Promise<void>>();
  readonly #handles = new WeakMap<Session, SessionHandle>();
  #meterValueIntervalMs: number;

  constructor(options: ChargerSessionsOptions) {
    const settings = options.settings;
    this.#settings = settings;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#outbox = options.outbox;
    this.#lane = options.lane;
    this.#isOnline = options.isOnline;
    this.#driver = options.driver;
    this.#started = options.started;
    this.#stopped = options.stopped;
    this.#meterValueIntervalMs = settings.meterValueIntervalMs;
    this.connectors = Array.from({ length: settings.connectors }, (_, index) => ({
      id: index + 1,
      registerWms: settings.initialRegisterWh * WMS_PER_WH,
      status: 'Available' as ConnectorStatus,
      errorCode: 'NoError' as const,
      lastWireStatus: undefined,
      operative: true,
      inoperativeWhenFree: false,
      session: undefined,
    }));
  }

  /** Period of the meter values of sessions started from now on. */
  setMeterValueInterval(ms: number): void {
    this.#meterValueIntervalMs = ms;
  }

  connector(connectorId: number): Connector | undefined {
    return this.connectors[connectorId - 1];
  }

  connectorOrThrow(connectorId: number): Connector {
    const connector = this.connectors[connectorId - 1];
    if (!connector) throw new NotFoundError(`${this.#settings.identity} has no connector ${connectorId}`);
    return connector;
  }

  /** A session this charger has started (running or not). */
  recorded(transactionId: string): Session | undefined {
    return this.#sessions.find((s) => s.transactionId === transactionId);
  }

  /** The session on a connector now. */
  onConnector(transactionId: string): Session | undefined {
    return this.connectors.find((c) => c.session?.transactionId === transactionId)?.session;
  }

  /** Sessions that are charging now. */
  active(): SessionHandle[] {
    return this.connectors.flatMap((c) => (c.session?.state === 'charging' ? [this.handle(c.session)] : []));
  }

  allFree(): boolean {
    return this.connectors.every((c) => c.session === undefined);
  }

  /** Integrates energy up to now and reads the connector's meter. */
  read(connector: Connector, context: ReadingContext): MeterReading {
    const now = this.#clock.now();
    const session = connector.session;
    if (session?.state === 'charging' && now > session.accruedUntil) {
      connector.registerWms += integrate(session.ev, session.delivery, now - session.accruedUntil);
      session.accruedUntil = now;
    }
    const inSession = session !== undefined && session.state !== 'stopped';
    return {
      timestamp: now,
      context,
      registerWh: whOf(connector.registerWms),
      powerW: inSession && context !== 'Transaction.End' ? powerNow(session.ev, session.delivery) : 0,
      ...(inSession ? { socPercent: stateOfCharge(session.ev, session.delivery) } : {}),
      phases: this.#settings.phases,
      voltageV: this.#settings.voltageV,
    };
  }

  async start(request: StartRequest, ev?: Session['ev']): Promise<Session> {
    const { connector } = request;
    const identity = this.#settings.identity;
    if (!this.#isOnline()) throw new UnavailableError(`charger ${identity} is offline; cannot start a session`);
    if (connector.session) {
      throw new ConflictError(`connector ${connector.id} of ${identity} already has a session`);
    }
    if (!connector.operative || connector.status === 'Faulted' || connector.status === 'Unavailable') {
      throw new ConflictError(`connector ${connector.id} of ${identity} is ${connector.status}`);
    }
    const now = this.#clock.now();
    const session: Session = {
      connectorId: connector.id,
      idTag: request.idTag,
      idTokenType: request.idTokenType,
      remoteStart: request.remote,
      remoteStartId: request.remoteStartId,
      ev: ev ?? { maxPowerW: this.#settings.powerW, batteryWh: 60_000, socStartPercent: 20, taper: false },
      delivery: { energyWms: 0 },
      transactionId: '',
      ocppTransactionId: undefined,
      meterStartWh: whOf(connector.registerWms),
      meterStopWh: null,
      startedAt: now,
      stoppedAt: null,
      stopReason: null,
      accruedUntil: now,
      nextSeqNo: 0,
      meterValuesSent: 0,
      meterValuesQueued: 0,
      state: 'starting',
      timer: undefined,
    };
    connector.session = session;
    try {
      await this.#driver().startTransaction(session, connector);
    } catch (error) {
      if (session.transactionId !== '') this.#sessions.push(session);
      if (session.state === 'starting') {
        connector.session = undefined;
        session.state = 'stopped';
        await this.#outbox.setStatus(connector, 'Available');
      } else if (session.state === 'charging') {
        // Started on the CSMS but what followed failed (e.g. the connection went): keep it running.
        this.#startMeterValues(session);
        return session;
      }
      throw error;
    }
    this.#sessions.push(session);
    this.#startMeterValues(session);
    this.#logger.debug({ transactionId: session.transactionId, connectorId: connector.id }, 'session started');
    this.#started(this.handle(session));
    return session;
  }

  /** Stops the session (once: a second call waits for the first). */
  stop(session: Session, reason: StopReason): Promise<void> {
    if (session.state === 'stopped') return Promise.resolve();
    const running = this.#stopping.get(session);
    if (running) return running;
    const stop = this.#doStop(session, reason);
    this.#stopping.set(session, stop);
    return stop;
  }

  async stopAll(reason: StopReason): Promise<void> {
    for (const connector of this.connectors) {
      if (connector.session) await this.stop(connector.session, reason);
    }
  }

  /** The charger shuts down: no more meter values. */
  cancelTimers(): void {
    for (const connector of this.connectors) connector.session?.timer?.cancel();
  }

  /** A connector fails: its session (if any) stops with EmergencyStop, then StatusNotification Faulted. */
  async fault(connectorId: number, errorCode: FaultCode): Promise<void> {
    const connector = this.connectorOrThrow(connectorId);
    if (connector.session) await this.stop(connector.session, 'EmergencyStop');
    connector.errorCode = errorCode;
    await this.#outbox.setStatus(connector, 'Faulted');
  }

  /** The fault clears: StatusNotification Available (Unavailable if it was made inoperative). */
  async recover(connectorId: number): Promise<void> {
    const connector = this.connectorOrThrow(connectorId);
    if (connector.status !== 'Faulted') return;
    await this.#outbox.setStatus(connector, connector.operative ? 'Available' : 'Unavailable');
  }

  handle(session: Session): SessionHandle {
    const existing = this.#handles.get(session);
    if (existing) return existing;
    const handle: SessionHandle = {
      get transactionId() {
        return session.transactionId;
      },
      get ocppTransactionId() {
        return session.ocppTransactionId ?? '';
      },
      connectorId: session.connectorId,
      idTag: session.idTag,
      get active() {
        return session.state === 'charging';
      },
      socPercent: () => stateOfCharge(session.ev, session.delivery),
      report: () => this.report(session),
    };
    this.#handles.set(session, handle);
    return handle;
  }

  report(session: Session): SessionReport {
    const connector = this.connectors[session.connectorId - 1] as Connector;
    const registerNow = session.meterStopWh ?? whOf(connector.registerWms);
    return {
      transactionId: session.transactionId,
      connectorId: session.connectorId,
      idTag: session.idTag,
      meterStartWh: session.meterStartWh,
      meterStopWh: session.meterStopWh,
      energyWh: registerNow - session.meterStartWh,
      meterValuesSent: session.meterValuesSent,
      meterValuesQueued: session.meterValuesQueued,
      startedAt: session.startedAt,
      stoppedAt: session.stoppedAt,
      stopReason: session.stopReason,
      remoteStart: session.remoteStart,
      lastSeqNo: this.#settings.protocol === 'ocpp2.0.1' ? session.nextSeqNo - 1 : null,
    };
  }

  /** Every session this charger has started, in order. */
  reports(): SessionReport[] {
    return this.#sessions.map((s) => this.report(s));
  }

  #startMeterValues(session: Session): void {
    session.timer = this.#clock.every(this.#meterValueIntervalMs, () => this.#meterTick(session));
  }

  async #meterTick(session: Session): Promise<void> {
    if (session.state !== 'charging') return;
    const connector = this.connectors[session.connectorId - 1] as Connector;
    const reading = this.read(connector, 'Sample.Periodic');
    if (reading.powerW === 0 && connector.status === 'Charging') {
      await this.#outbox.setStatus(connector, 'SuspendedEV');
    }
    const { action, payload } = this.#driver().periodicMeterValues(session, reading);
    if (!this.#isOnline()) session.meterValuesQueued += 1;
    await this.#lane.send(action, payload, () => {
      session.meterValuesSent += 1;
    });
  }

  async #doStop(session: Session, reason: StopReason): Promise<void> {
    const connector = this.connectors[session.connectorId - 1] as Connector;
    const end = this.read(connector, 'Transaction.End');
    session.state = 'stopping';
    session.timer?.cancel();
    session.timer = undefined;
    session.meterStopWh = end.registerWh;
    session.stoppedAt = end.timestamp;
    session.stopReason = reason;
    try {
      await this.#driver().stopTransaction(session, connector, end, reason);
    } finally {
      session.state = 'stopped';
      connector.session = undefined;
    }
    if (connector.inoperativeWhenFree) {
      connector.inoperativeWhenFree = false;
      connector.operative = false;
      await this.#outbox.setStatus(connector, 'Unavailable');
    } else {
      await this.#outbox.setStatus(connector, 'Available');
    }
    this.#logger.debug(
      { transactionId: session.transactionId, reason, energyWh: end.registerWh - session.meterStartWh },
      'session stopped',
    );
    this.#stopped(this.handle(session));
  }
}
