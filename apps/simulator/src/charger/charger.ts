import { EventEmitter } from 'node:events';
import { InputError, NotFoundError, UnavailableError } from '@vz/core';
import { ManualClock } from '../clock.ts';
import { chargerOptionsSchema, parseOptions, type ChargerSettings, type SimulatedChargerOptions } from '../options.ts';
import type { BootReason } from '../protocol/driver.ts';
import type { OcppProtocol } from '../rpc.ts';
import { stopReasons, type ChargerReport, type FaultCode, type SessionReport, type StopReason } from '../types.ts';
import {
  startSessionSchema,
  type BootResult,
  type ChargerEvents,
  type RawResponse,
  type RecordedFrame,
  type SessionHandle,
  type StartSessionOptions,
} from './api.ts';
import { assembleCharger, type ChargerParts } from './assemble.ts';

/**
 * One simulated charge point speaking OCPP 1.6J or 2.0.1 over ocpp-rpc in strict mode (every frame it writes is
 * schema-valid, and it refuses answers that are not). It keeps its state (energy registers, sessions, the offline
 * queue) across connections, and reports what it sent and what it was answered.
 */
export class SimulatedCharger extends EventEmitter<ChargerEvents> {
  readonly identity: string;
  readonly protocol: OcppProtocol;
  readonly #settings: ChargerSettings;
  readonly #parts: ChargerParts;

  constructor(options: SimulatedChargerOptions) {
    super();
    this.#settings = parseOptions(chargerOptionsSchema, options, 'SimulatedCharger');
    this.identity = this.#settings.identity;
    this.protocol = this.#settings.protocol;
    this.#parts = assembleCharger(this.#settings, this, (reason) => this.boot(reason));
  }

  /** Connected and BootNotification accepted. */
  get online(): boolean {
    return this.#parts.connection.online;
  }

  get connected(): boolean {
    return this.#parts.connection.connected;
  }

  /** Heartbeat interval in force, seconds (from BootNotification or the CSMS's configuration). */
  get heartbeatIntervalS(): number {
    return this.#parts.outbox.heartbeatIntervalS;
  }

  /** Opens the WebSocket (`<endpoint>/<identity>`, Basic auth, the protocol as subprotocol). No-op when connected. */
  connect(): Promise<void> {
    return this.#parts.connection.open();
  }

  /**
   * BootNotification. When accepted: StatusNotification for every connector (its current state, so a session that
   * survived a drop reports Charging / Occupied), heartbeats at the interval the CSMS returned, then the offline
   * queue is replayed in order. Pending / Rejected are returned as they are; the charger stays offline.
   */
  async boot(reason: BootReason = 'PowerUp'): Promise<BootResult> {
    if (!this.#parts.connection.connected) throw new UnavailableError(`charger ${this.identity} is not connected`);
    const result = (await this.#parts.client.call(
      'BootNotification',
      this.#parts.driver.bootNotification(reason),
    )) as BootResult;
    this.#parts.stats.boots += 1;
    if (result.status !== 'Accepted') {
      this.#parts.logger.warn({ status: result.status }, 'boot not accepted');
      return result;
    }
    this.#parts.connection.bootAccepted();
    this.#parts.outbox.startHeartbeat(result.interval);
    for (const connector of this.#parts.sessions.connectors) {
      await this.#parts.outbox.setStatus(connector, connector.status, { force: true });
    }
    await this.#parts.lane.pump();
    this.#parts.logger.debug({ interval: result.interval }, 'booted');
    this.emit('booted', result);
    return result;
  }

  /** connect() then boot(). */
  async start(): Promise<BootResult> {
    await this.connect();
    return this.boot();
  }

  /**
   * Graceful shutdown: stops heartbeats and meter values and closes the WebSocket (close code 1000) after in-flight
   * calls are answered. Running sessions are not stopped (call stopSession first); the charger cannot be reused.
   */
  async close(): Promise<void> {
    if (this.#parts.connection.closed) return;
    this.#parts.sessions.cancelTimers();
    await this.#parts.connection.close();
  }

  /**
   * Simulates losing the network: the socket is terminated without a close handshake (the CSMS sees 1006), every
   * in-flight call fails, and the charger keeps all its state. Sessions go on charging; their meter values and
   * stops wait in the offline queue until `connect()` + `boot()`.
   */
  dropConnection(): Promise<void> {
    return this.#parts.connection.drop();
  }

  /** Plug-in → authorize → start → charging. Needs the charger online. */
  async startSession(options: StartSessionOptions): Promise<SessionHandle> {
    const parsed = parseOptions(startSessionSchema, options, 'startSession');
    const connector = this.#parts.sessions.connectorOrThrow(parsed.connectorId);
    const session = await this.#parts.sessions.start(
      { connector, idTag: parsed.idTag, idTokenType: parsed.idTokenType ?? this.#settings.idTokenType, remote: false },
      {
        maxPowerW: parsed.powerW ?? this.#settings.powerW,
        batteryWh: parsed.batteryWh,
        socStartPercent: parsed.socPercent,
        taper: parsed.taper,
      },
    );
    return this.#parts.sessions.handle(session);
  }

  /** Stop → StopTransaction / TransactionEvent Ended → statuses. Queued (not lost) when offline. Idempotent. */
  async stopSession(handle: SessionHandle | string, reason: StopReason = 'Local'): Promise<SessionReport> {
    if (!stopReasons.includes(reason)) throw new InputError(`unknown stop reason ${String(reason)}`);
    const transactionId = typeof handle === 'string' ? handle : handle.transactionId;
    const session = this.#parts.sessions.recorded(transactionId);
    if (!session) throw new NotFoundError(`no session ${transactionId} on ${this.identity}`);
    await this.#parts.sessions.stop(session, reason);
    return this.#parts.sessions.report(session);
  }

  /** Sessions that are charging now. */
  activeSessions(): SessionHandle[] {
    return this.#parts.sessions.active();
  }

  /** A connector fails: its session (if any) stops with EmergencyStop, then StatusNotification Faulted. */
  fault(connectorId: number, errorCode: FaultCode = 'GroundFailure'): Promise<void> {
    return this.#parts.sessions.fault(connectorId, errorCode);
  }

  /** The fault clears: StatusNotification Available (Unavailable if it was made inoperative). */
  recover(connectorId: number): Promise<void> {
    return this.#parts.sessions.recover(connectorId);
  }

  /** Moves the injected ManualClock (shared by every charger that uses it). */
  async advance(ms: number): Promise<void> {
    if (!(this.#parts.clock instanceof ManualClock))
      throw new InputError('advance() needs the charger to use a ManualClock');
    await this.#parts.clock.advance(ms);
  }

  /** Waits until the work that follows CSMS calls (remote start/stop, reset, triggered messages) is done. */
  idle(): Promise<void> {
    return this.#parts.commands.idle();
  }

  /** Any CALL, strict-mode validated like every other (for tests that need a message the API does not make). */
  async call(action: string, payload: object): Promise<unknown> {
    if (!this.#parts.connection.connected) throw new UnavailableError(`charger ${this.identity} is not connected`);
    return this.#parts.client.call(action, payload);
  }

  /**
   * Writes an arbitrary text frame on the socket, bypassing strict mode (ocpp-rpc's public `sendRaw`). Returns the
   * message id to pass to `awaitResponse`: the frame's own id when it parses as `[type, "<id>", ...]`, otherwise
   * "-1", the id an OCPP-J peer answers unparseable frames with.
   */
  sendRaw(text: string): string {
    if (!this.#parts.connection.connected) throw new UnavailableError(`charger ${this.identity} is not connected`);
    return this.#parts.rawFrames.send(text);
  }

  /** The next CALLRESULT / CALLERROR with this id answering a raw frame (buffered if it already came). */
  awaitResponse(messageId: string, timeoutMs = 5_000): Promise<RawResponse> {
    return this.#parts.rawFrames.awaitResponse(messageId, timeoutMs);
  }

  report(): ChargerReport & { frames?: RecordedFrame[] } {
    return this.#parts.stats.report({
      identity: this.identity,
      protocol: this.protocol,
      connected: this.#parts.connection.connected,
      offlineQueueLength: this.#parts.lane.length,
      sessions: this.#parts.sessions.reports(),
    });
  }
}
