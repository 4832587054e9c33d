import { EventEmitter } from 'node:events';
import {
  ConflictError,
  createLogger,
  InputError,
  NotFoundError,
  TimeoutError,
  UnauthorizedError,
  UnavailableError,
  type Logger,
} from '@vz/core';
import { z } from 'zod';
import { ManualClock, SystemClock, type Clock, type Timer } from './clock.ts';
import {
  integrate,
  powerNow,
  stateOfCharge,
  whOf,
  WMS_PER_WH,
  type MeterReading,
  type ReadingContext,
} from './meter.ts';
import { chargerOptionsSchema, parseOptions, type ChargerSettings, type SimulatedChargerOptions } from './options.ts';
import type {
  BootReason,
  ChargerCore,
  Connector,
  ProtocolDriver,
  Session,
  StartRequest,
  TxOutcome,
} from './protocol/driver.ts';
import { Ocpp16Driver } from './protocol/ocpp16.ts';
import { Ocpp201Driver } from './protocol/ocpp201.ts';
import {
  createRPCError,
  isRpcError,
  MSG_CALL,
  MSG_CALLERROR,
  MSG_CALLRESULT,
  RPCClient,
  type OcppProtocol,
  type RpcClient,
  type RpcClientOptions,
} from './rpc.ts';
import {
  idTokenTypes,
  stopReasons,
  type ChargerReport,
  type ConnectorStatus,
  type ErrorReceived,
  type FaultCode,
  type IdTokenType,
  type SessionReport,
  type StopReason,
} from './types.ts';

export interface StartSessionOptions {
  connectorId: number;
  /** 1.6 idTag / 2.0.1 idToken.idToken. */
  idTag: string;
  /** Most the car draws, W (default: the charger's `powerW`). */
  powerW?: number;
  /** Usable battery, Wh (default 60 000). */
  batteryWh?: number;
  /** SoC at plug-in, percent (default 20). */
  socPercent?: number;
  /** Taper power above 80 % SoC (default false: flat power, so energy is exactly power × time). */
  taper?: boolean;
  /** 2.0.1 idToken type (default: the charger's `idTokenType`, ISO14443). */
  idTokenType?: IdTokenType;
}

const startSessionSchema = z.strictObject({
  connectorId: z.number().int().positive(),
  idTag: z.string().min(1).max(36),
  powerW: z.number().int().positive().max(400_000).optional(),
  batteryWh: z.number().int().positive().default(60_000),
  socPercent: z.number().min(0).max(100).default(20),
  taper: z.boolean().default(false),
  idTokenType: z.enum(idTokenTypes).optional(),
});

/** A running or finished session, as returned by `startSession`. */
export interface SessionHandle {
  /** See SessionReport.transactionId. */
  readonly transactionId: string;
  /** 1.6: the CSMS's integer; 2.0.1: the UUID. */
  readonly ocppTransactionId: number | string;
  readonly connectorId: number;
  readonly idTag: string;
  /** Still charging (not stopping or stopped). */
  readonly active: boolean;
  /** SoC as of the last meter reading. */
  socPercent(): number;
  report(): SessionReport;
}

export interface BootResult {
  status: 'Accepted' | 'Pending' | 'Rejected';
  /** Heartbeat interval the CSMS asked for, seconds. */
  interval: number;
  currentTime: string;
}

/** The answer to a frame written with `sendRaw`. */
export type RawResponse =
  | { type: 'CALLRESULT'; messageId: string; payload: unknown }
  | { type: 'CALLERROR'; messageId: string; code: string; description: string; details: unknown };

export interface RecordedFrame {
  direction: 'out' | 'in';
  at: number;
  text: string;
}

interface ChargerEvents {
  connected: [];
  disconnected: [{ code: number; reason: string }];
  booted: [BootResult];
  'session-started': [SessionHandle];
  'session-stopped': [SessionHandle];
}

interface LaneItem {
  action: string;
  payload: object;
  onAnswered: ((result: unknown) => void) | undefined;
  resolve: (outcome: TxOutcome) => void;
  settled: boolean;
  /** Waited in the offline queue: counts as replayed when it finally goes out. */
  waited: boolean;
}

interface RawWaiter {
  resolve: (response: RawResponse) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const increment = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * One simulated charge point speaking OCPP 1.6J or 2.0.1 over ocpp-rpc in strict mode (every frame it writes is
 * schema-valid, and it refuses answers that are not). It keeps its state (energy registers, sessions, the offline
 * queue) across connections, and reports what it sent and what it was answered.
 */
export class SimulatedCharger extends EventEmitter<ChargerEvents> {
  readonly identity: string;
  readonly protocol: OcppProtocol;
  readonly #settings: ChargerSettings;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #client: RpcClient;
  readonly #driver: ProtocolDriver;
  readonly #connectors: Connector[];
  readonly #configuration = new Map<string, string>();
  readonly #abort = new AbortController();

  #connected = false;
  #bootAccepted = false;
  #closed = false;
  #expectingClose = false;
  #heartbeatTimer: Timer | undefined;
  #heartbeatIntervalS = 0;
  #meterValueIntervalMs: number;
  #authorizeRemoteStart = false;
  #resetWhenIdle = false;
  #reconnecting: Promise<void> | undefined;

  readonly #lane: LaneItem[] = [];
  #pumping: Promise<void> | undefined;
  readonly #tasks = new Set<Promise<void>>();
  readonly #stopping = new WeakMap<Session, Promise<void>>();
  readonly #handles = new WeakMap<Session, SessionHandle>();
  readonly #sessions: Session[] = [];

  #framesSent = 0;
  #framesReceived = 0;
  readonly #callsByAction: Record<string, number> = {};
  readonly #callsReceivedByAction: Record<string, number> = {};
  readonly #errorsReceived: ErrorReceived[] = [];
  readonly #invalidResponses: { action: string; description: string }[] = [];
  readonly #invalidResponseErrors = new WeakSet<object>();
  #callsUnanswered = 0;
  readonly #skippedOffline: Record<string, number> = {};
  #replayed = 0;
  #boots = 0;
  #disconnects = 0;
  readonly #frames: RecordedFrame[] = [];

  readonly #rawActions = new Map<string, string>();
  readonly #rawResponses = new Map<string, RawResponse[]>();
  readonly #rawWaiters = new Map<string, RawWaiter[]>();

  constructor(options: SimulatedChargerOptions) {
    super();
    this.#settings = parseOptions(chargerOptionsSchema, options, 'SimulatedCharger');
    const settings = this.#settings;
    this.identity = settings.identity;
    this.protocol = settings.protocol;
    this.#clock = settings.clock ?? new SystemClock();
    this.#logger = (settings.logger ?? createLogger('simulator', { level: 'silent' })).child({
      identity: settings.identity,
      protocol: settings.protocol,
    });
    this.#meterValueIntervalMs = settings.meterValueIntervalMs;
    this.#connectors = Array.from({ length: settings.connectors }, (_, index) => ({
      id: index + 1,
      registerWms: settings.initialRegisterWh * WMS_PER_WH,
      status: 'Available' as ConnectorStatus,
      errorCode: 'NoError' as const,
      lastWireStatus: undefined,
      operative: true,
      inoperativeWhenFree: false,
      session: undefined,
    }));

    this.#client = new RPCClient({
      endpoint: settings.endpoint,
      identity: settings.identity,
      password: settings.password ?? null,
      protocols: [settings.protocol],
      strictMode: true,
      // The simulator decides when to reconnect (autoReconnect, the fleet, or a test): never ocpp-rpc behind its back.
      reconnect: false,
      callTimeoutMs: settings.callTimeoutMs,
      // One CALL in flight at a time, as OCPP-J requires of a charge point.
      callConcurrency: 1,
    } as RpcClientOptions);
    this.#driver = settings.protocol === 'ocpp1.6' ? new Ocpp16Driver(this.#core()) : new Ocpp201Driver(this.#core());
    this.#attachClient();
  }

  /** Connected and BootNotification accepted. */
  get online(): boolean {
    return this.#connected && this.#bootAccepted;
  }

  get connected(): boolean {
    return this.#connected;
  }

  /** Opens the WebSocket (`<endpoint>/<identity>`, Basic auth, the protocol as subprotocol). No-op when connected. */
  async connect(): Promise<void> {
    if (this.#closed) throw new ConflictError(`charger ${this.identity} is closed`);
    if (this.#connected) return;
    try {
      await this.#client.connect();
    } catch (error) {
      const status = (error as { code?: unknown }).code;
      if (status === 401 || status === 403) {
        throw new UnauthorizedError(`CSMS refused ${this.identity}: HTTP ${String(status)}`, { cause: error });
      }
      throw new UnavailableError(
        `cannot connect ${this.identity} to ${this.#settings.endpoint}: ${toError(error).message}`,
        {
          cause: error,
        },
      );
    }
    this.#connected = true;
    this.#bootAccepted = false;
    this.#logger.debug('connected');
    this.emit('connected');
  }

  /**
   * BootNotification. When accepted: StatusNotification for every connector (its current state, so a session that
   * survived a drop reports Charging / Occupied), heartbeats at the interval the CSMS returned, then the offline
   * queue is replayed in order. Pending / Rejected are returned as they are; the charger stays offline.
   */
  async boot(reason: BootReason = 'PowerUp'): Promise<BootResult> {
    if (!this.#connected) throw new UnavailableError(`charger ${this.identity} is not connected`);
    const result = (await this.#client.call('BootNotification', this.#driver.bootNotification(reason))) as BootResult;
    this.#boots += 1;
    if (result.status !== 'Accepted') {
      this.#logger.warn({ status: result.status }, 'boot not accepted');
      return result;
    }
    this.#bootAccepted = true;
    this.#startHeartbeat(result.interval);
    for (const connector of this.#connectors) await this.#setStatus(connector, connector.status, { force: true });
    await this.#pump();
    this.#logger.debug({ interval: result.interval }, 'booted');
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
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
    this.#heartbeatTimer?.cancel();
    for (const connector of this.#connectors) connector.session?.timer?.cancel();
    this.#expectingClose = true;
    this.#markDisconnected();
    await this.#client.close({ code: 1000, reason: 'charger shut down', awaitPending: true });
  }

  /**
   * Simulates losing the network: the socket is terminated without a close handshake (the CSMS sees 1006), every
   * in-flight call fails, and the charger keeps all its state. Sessions go on charging; their meter values and
   * stops wait in the offline queue until `connect()` + `boot()`.
   */
  async dropConnection(): Promise<void> {
    if (!this.#connected) return;
    this.#markDisconnected();
    this.#expectingClose = true;
    this.#disconnects += 1;
    this.emit('disconnected', { code: 1006, reason: 'connection dropped (simulated)' });
    await this.#client.close({ force: true });
  }

  /** Plug-in → authorize → start → charging. Needs the charger online. */
  async startSession(options: StartSessionOptions): Promise<SessionHandle> {
    const parsed = parseOptions(startSessionSchema, options, 'startSession');
    const connector = this.#connectorOrThrow(parsed.connectorId);
    const session = await this.#startSession(
      { connector, idTag: parsed.idTag, idTokenType: parsed.idTokenType ?? this.#settings.idTokenType, remote: false },
      {
        maxPowerW: parsed.powerW ?? this.#settings.powerW,
        batteryWh: parsed.batteryWh,
        socStartPercent: parsed.socPercent,
        taper: parsed.taper,
      },
    );
    return this.#handle(session);
  }

  /** Stop → StopTransaction / TransactionEvent Ended → statuses. Queued (not lost) when offline. Idempotent. */
  async stopSession(handle: SessionHandle | string, reason: StopReason = 'Local'): Promise<SessionReport> {
    if (!stopReasons.includes(reason)) throw new InputError(`unknown stop reason ${String(reason)}`);
    const transactionId = typeof handle === 'string' ? handle : handle.transactionId;
    const session = this.#sessions.find((s) => s.transactionId === transactionId);
    if (!session) throw new NotFoundError(`no session ${transactionId} on ${this.identity}`);
    await this.#stopSession(session, reason);
    return this.#sessionReport(session);
  }

  /** Sessions that are charging now. */
  activeSessions(): SessionHandle[] {
    return this.#connectors.flatMap((c) => (c.session?.state === 'charging' ? [this.#handle(c.session)] : []));
  }

  /** A connector fails: its session (if any) stops with EmergencyStop, then StatusNotification Faulted. */
  async fault(connectorId: number, errorCode: FaultCode = 'GroundFailure'): Promise<void> {
    const connector = this.#connectorOrThrow(connectorId);
    if (connector.session) await this.#stopSession(connector.session, 'EmergencyStop');
    connector.errorCode = errorCode;
    await this.#setStatus(connector, 'Faulted');
  }

  /** The fault clears: StatusNotification Available (Unavailable if it was made inoperative). */
  async recover(connectorId: number): Promise<void> {
    const connector = this.#connectorOrThrow(connectorId);
    if (connector.status !== 'Faulted') return;
    await this.#setStatus(connector, connector.operative ? 'Available' : 'Unavailable');
  }

  /** Moves the injected ManualClock (shared by every charger that uses it). */
  async advance(ms: number): Promise<void> {
    if (!(this.#clock instanceof ManualClock)) throw new InputError('advance() needs the charger to use a ManualClock');
    await this.#clock.advance(ms);
  }

  /** Waits until the work that follows CSMS calls (remote start/stop, reset, triggered messages) is done. */
  async idle(): Promise<void> {
    while (this.#tasks.size > 0) await Promise.allSettled([...this.#tasks]);
  }

  /** Any CALL, strict-mode validated like every other (for tests that need a message the API does not make). */
  async call(action: string, payload: object): Promise<unknown> {
    if (!this.#connected) throw new UnavailableError(`charger ${this.identity} is not connected`);
    return this.#client.call(action, payload);
  }

  /**
   * Writes an arbitrary text frame on the socket, bypassing strict mode (ocpp-rpc's public `sendRaw`). Returns the
   * message id to pass to `awaitResponse`: the frame's own id when it parses as `[type, "<id>", ...]`, otherwise
   * "-1", the id an OCPP-J peer answers unparseable frames with.
   */
  sendRaw(text: string): string {
    if (!this.#connected) throw new UnavailableError(`charger ${this.identity} is not connected`);
    let messageId = '-1';
    let action = 'raw';
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && typeof parsed[1] === 'string') {
        messageId = parsed[1];
        if (parsed[0] === MSG_CALL && typeof parsed[2] === 'string') {
          action = parsed[2];
          increment(this.#callsByAction, action);
        }
      }
    } catch {
      // not JSON: that is the point of some negative tests
    }
    this.#rawActions.set(messageId, action);
    this.#client.sendRaw(text);
    return messageId;
  }

  /** The next CALLRESULT / CALLERROR with this id answering a raw frame (buffered if it already came). */
  awaitResponse(messageId: string, timeoutMs = 5_000): Promise<RawResponse> {
    const buffered = this.#rawResponses.get(messageId)?.shift();
    if (buffered) return Promise.resolve(buffered);
    return new Promise((resolve, reject) => {
      const waiter: RawWaiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#removeWaiter(messageId, waiter);
          reject(new TimeoutError(`no answer to raw message ${messageId} within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      const waiters = this.#rawWaiters.get(messageId) ?? [];
      waiters.push(waiter);
      this.#rawWaiters.set(messageId, waiters);
    });
  }

  report(): ChargerReport & { frames?: RecordedFrame[] } {
    return {
      identity: this.identity,
      protocol: this.protocol,
      connected: this.#connected,
      framesSent: this.#framesSent,
      framesReceived: this.#framesReceived,
      callsByAction: { ...this.#callsByAction },
      callsReceivedByAction: { ...this.#callsReceivedByAction },
      errorsReceived: this.#errorsReceived.map((e) => ({ ...e })),
      invalidResponses: this.#invalidResponses.map((e) => ({ ...e })),
      callsUnanswered: this.#callsUnanswered,
      skippedOffline: { ...this.#skippedOffline },
      offlineQueueLength: this.#lane.length,
      replayed: this.#replayed,
      boots: this.#boots,
      disconnects: this.#disconnects,
      sessions: this.#sessions.map((s) => this.#sessionReport(s)),
      ...(this.#settings.recordFrames ? { frames: [...this.#frames] } : {}),
    };
  }

  // ---- connection plumbing ------------------------------------------------------------------------------------

  #attachClient(): void {
    const client = this.#client;
    client.on('message', (event: { message: string | Buffer; outbound: boolean }) => {
      const text = typeof event.message === 'string' ? event.message : event.message.toString('utf8');
      if (event.outbound) this.#framesSent += 1;
      else {
        this.#framesReceived += 1;
        if (this.#rawActions.size > 0) this.#onPossibleRawAnswer(text);
      }
      if (this.#settings.recordFrames) {
        this.#frames.push({ direction: event.outbound ? 'out' : 'in', at: this.#clock.now(), text });
      }
    });
    client.on('call', (event: { outbound: boolean; payload: unknown[] }) => {
      const action = String(event.payload[2]);
      increment(event.outbound ? this.#callsByAction : this.#callsReceivedByAction, action);
    });
    client.on(
      'strictValidationFailure',
      (event: { method: string; outbound: boolean; isCall: boolean; error: Error }) => {
        if (!event.outbound && !event.isCall) {
          this.#invalidResponseErrors.add(event.error);
          this.#invalidResponses.push({ action: event.method, description: event.error.message });
        } else if (event.outbound) {
          // Our own frame failed the schema: a bug of the simulator, never sent.
          this.#logger.error({ action: event.method, err: event.error }, 'strict mode refused an outbound frame');
        }
      },
    );
    client.on('callError', (event: { outbound: boolean; method: string; messageId: string; error: unknown }) => {
      if (!event.outbound || this.#invalidResponseErrors.has(event.error as object)) return;
      if (isRpcError(event.error)) {
        this.#errorsReceived.push({
          action: event.method,
          code: event.error.rpcErrorCode,
          description: event.error.message,
          messageId: event.messageId,
        });
      } else {
        this.#callsUnanswered += 1;
      }
    });
    client.on('disconnect', (event: { code: number; reason: string }) => this.#onDisconnect(event));
    client.on('socketError', (error: Error) => this.#logger.debug({ err: error }, 'socket error'));

    for (const [action, handler] of Object.entries(this.#driver.handlers())) {
      client.handle(action, async ({ params }) => (await handler(params ?? {})) as Record<string, unknown>);
    }
    client.handle(async ({ method }) => {
      throw createRPCError('NotImplemented', `${String(method)} is not simulated`, {});
    });
  }

  #markDisconnected(): void {
    this.#connected = false;
    this.#bootAccepted = false;
    this.#heartbeatTimer?.cancel();
    this.#heartbeatTimer = undefined;
  }

  #onDisconnect(event: { code: number; reason: string }): void {
    const expected = this.#expectingClose;
    this.#expectingClose = false;
    for (const [id, waiters] of this.#rawWaiters) {
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new UnavailableError(`connection closed before raw message ${id} was answered`));
      }
    }
    this.#rawWaiters.clear();
    if (!this.#connected) return;
    this.#markDisconnected();
    this.#disconnects += 1;
    this.#logger.info({ code: event.code, reason: event.reason }, 'disconnected');
    this.emit('disconnected', { code: event.code, reason: String(event.reason ?? '') });
    if (!expected && this.#settings.autoReconnect && !this.#closed) this.#reconnectInBackground();
  }

  #reconnectInBackground(): void {
    this.#reconnecting ??= (async () => {
      let delayMs = 1_000;
      while (!this.#closed && !this.online) {
        try {
          await this.#clock.sleep(delayMs, this.#abort.signal);
          await this.connect();
          const result = await this.boot();
          if (result.status !== 'Accepted') await this.dropConnection();
        } catch (error) {
          if (this.#abort.signal.aborted) break;
          this.#logger.debug({ err: error, delayMs }, 'reconnect failed');
          delayMs = Math.min(delayMs * 2, 30_000);
        }
      }
    })().finally(() => {
      this.#reconnecting = undefined;
    });
  }

  #onPossibleRawAnswer(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(parsed) || typeof parsed[1] !== 'string') return;
    const messageId = parsed[1];
    const action = this.#rawActions.get(messageId);
    if (action === undefined) return;
    let response: RawResponse;
    if (parsed[0] === MSG_CALLRESULT) {
      response = { type: 'CALLRESULT', messageId, payload: parsed[2] };
    } else if (parsed[0] === MSG_CALLERROR) {
      response = {
        type: 'CALLERROR',
        messageId,
        code: String(parsed[2]),
        description: String(parsed[3] ?? ''),
        details: parsed[4],
      };
      this.#errorsReceived.push({ action, code: response.code, description: response.description, messageId });
    } else {
      return;
    }
    if (messageId !== '-1') this.#rawActions.delete(messageId);
    const waiter = this.#rawWaiters.get(messageId)?.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(response);
      return;
    }
    const buffered = this.#rawResponses.get(messageId) ?? [];
    buffered.push(response);
    this.#rawResponses.set(messageId, buffered);
  }

  #removeWaiter(messageId: string, waiter: RawWaiter): void {
    const waiters = this.#rawWaiters.get(messageId);
    if (!waiters) return;
    const index = waiters.indexOf(waiter);
    if (index >= 0) waiters.splice(index, 1);
  }

  // ---- sending --------------------------------------------------------------------------------------------------

  async #call(action: string, payload: object): Promise<unknown> {
    if (!this.online) throw new UnavailableError(`charger ${this.identity} is offline; cannot send ${action}`);
    return this.#client.call(action, payload);
  }

  async #notify(action: string, payload: object): Promise<unknown> {
    if (!this.online) {
      increment(this.#skippedOffline, action);
      return undefined;
    }
    try {
      return await this.#client.call(action, payload);
    } catch {
      return undefined; // counted by the callError listener
    }
  }

  #transactional(action: string, payload: object, onAnswered?: (result: unknown) => void): Promise<TxOutcome> {
    return new Promise((resolve) => {
      const item: LaneItem = { action, payload, onAnswered, resolve, settled: false, waited: false };
      this.#lane.push(item);
      if (!this.online) {
        item.waited = true;
        this.#settle(item, { status: 'queued' });
        return;
      }
      void this.#pump();
    });
  }

  #settle(item: LaneItem, outcome: TxOutcome): void {
    if (item.settled) return;
    item.settled = true;
    item.resolve(outcome);
  }

  /** Sends the transaction lane in order while online. One pump at a time; it stops (keeping the head) offline. */
  #pump(): Promise<void> {
    this.#pumping ??= this.#pumpLoop();
    return this.#pumping;
  }

  async #pumpLoop(): Promise<void> {
    await Promise.resolve(); // so that #pumping is assigned before the loop can finish
    try {
      while (this.online) {
        const item = this.#lane[0];
        if (!item) return;
        try {
          const result = await this.#client.call(item.action, item.payload);
          this.#lane.shift();
          if (item.waited) this.#replayed += 1;
          item.onAnswered?.(result);
          this.#settle(item, { status: 'answered', result });
        } catch (error) {
          if (!this.online) {
            // The connection went while this was in flight: keep it at the head, replay it after the next boot.
            item.waited = true;
            this.#settle(item, { status: 'queued' });
            return;
          }
          this.#lane.shift();
          this.#logger.warn({ action: item.action, err: error }, 'transaction message not accepted');
          this.#settle(
            item,
            isRpcError(error) ? { status: 'rejected', error } : { status: 'failed', error: toError(error) },
          );
        }
      }
    } finally {
      this.#pumping = undefined;
    }
  }

  #startHeartbeat(seconds: number): void {
    this.#heartbeatIntervalS = seconds;
    this.#heartbeatTimer?.cancel();
    this.#heartbeatTimer =
      seconds > 0 && this.online
        ? this.#clock.every(seconds * 1000, async () => {
            await this.#notify('Heartbeat', {});
          })
        : undefined;
  }

  async #setStatus(connector: Connector, status: ConnectorStatus, options: { force?: boolean } = {}): Promise<void> {
    connector.status = status;
    if (status !== 'Faulted') connector.errorCode = 'NoError';
    const wire = this.#driver.wireStatus(status);
    if (options.force !== true && wire === connector.lastWireStatus) return;
    if (!this.online) {
      connector.lastWireStatus = undefined;
      increment(this.#skippedOffline, 'StatusNotification');
      return;
    }
    connector.lastWireStatus = wire;
    await this.#notify('StatusNotification', this.#driver.statusNotification(connector));
  }

  // ---- sessions -------------------------------------------------------------------------------------------------

  #connectorOrThrow(connectorId: number): Connector {
    const connector = this.#connectors[connectorId - 1];
    if (!connector) throw new NotFoundError(`${this.identity} has no connector ${connectorId}`);
    return connector;
  }

  #read(connector: Connector, context: ReadingContext): MeterReading {
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

  async #startSession(request: StartRequest, ev?: Session['ev']): Promise<Session> {
    const { connector } = request;
    if (!this.online) throw new UnavailableError(`charger ${this.identity} is offline; cannot start a session`);
    if (connector.session) {
      throw new ConflictError(`connector ${connector.id} of ${this.identity} already has a session`);
    }
    if (!connector.operative || connector.status === 'Faulted' || connector.status === 'Unavailable') {
      throw new ConflictError(`connector ${connector.id} of ${this.identity} is ${connector.status}`);
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
      await this.#driver.startTransaction(session, connector);
    } catch (error) {
      if (session.transactionId !== '') this.#sessions.push(session);
      if (session.state === 'starting') {
        connector.session = undefined;
        session.state = 'stopped';
        await this.#setStatus(connector, 'Available');
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
    this.emit('session-started', this.#handle(session));
    return session;
  }

  #startMeterValues(session: Session): void {
    session.timer = this.#clock.every(this.#meterValueIntervalMs, () => this.#meterTick(session));
  }

  async #meterTick(session: Session): Promise<void> {
    if (session.state !== 'charging') return;
    const connector = this.#connectors[session.connectorId - 1] as Connector;
    const reading = this.#read(connector, 'Sample.Periodic');
    if (reading.powerW === 0 && connector.status === 'Charging') await this.#setStatus(connector, 'SuspendedEV');
    const { action, payload } = this.#driver.periodicMeterValues(session, reading);
    if (!this.online) session.meterValuesQueued += 1;
    await this.#transactional(action, payload, () => {
      session.meterValuesSent += 1;
    });
  }

  #stopSession(session: Session, reason: StopReason): Promise<void> {
    if (session.state === 'stopped') return Promise.resolve();
    const running = this.#stopping.get(session);
    if (running) return running;
    const stop = this.#doStop(session, reason);
    this.#stopping.set(session, stop);
    return stop;
  }

  async #doStop(session: Session, reason: StopReason): Promise<void> {
    const connector = this.#connectors[session.connectorId - 1] as Connector;
    const end = this.#read(connector, 'Transaction.End');
    session.state = 'stopping';
    session.timer?.cancel();
    session.timer = undefined;
    session.meterStopWh = end.registerWh;
    session.stoppedAt = end.timestamp;
    session.stopReason = reason;
    try {
      await this.#driver.stopTransaction(session, connector, end, reason);
    } finally {
      session.state = 'stopped';
      connector.session = undefined;
    }
    if (connector.inoperativeWhenFree) {
      connector.inoperativeWhenFree = false;
      connector.operative = false;
      await this.#setStatus(connector, 'Unavailable');
    } else {
      await this.#setStatus(connector, 'Available');
    }
    this.#logger.debug(
      { transactionId: session.transactionId, reason, energyWh: end.registerWh - session.meterStartWh },
      'session stopped',
    );
    this.emit('session-stopped', this.#handle(session));
    if (this.#resetWhenIdle && this.#connectors.every((c) => c.session === undefined)) {
      this.#resetWhenIdle = false;
      this.#background('reset on idle', () => this.#reset('Reboot', 'RemoteReset'));
    }
  }

  async #reset(reason: StopReason, bootReason: BootReason): Promise<void> {
    for (const connector of this.#connectors) {
      if (connector.session) await this.#stopSession(connector.session, reason);
    }
    if (this.#connected) {
      this.#expectingClose = true;
      this.#markDisconnected();
      await this.#client.close({ code: 1000, reason: 'reset', awaitPending: true });
    }
    await this.connect();
    await this.boot(bootReason);
  }

  #background(what: string, task: () => Promise<unknown>): void {
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(task)
      .then(
        () => undefined,
        (error: unknown) => {
          this.#logger.warn({ err: error, what }, 'work after a CSMS call failed');
        },
      )
      .finally(() => {
        this.#tasks.delete(run);
      });
    this.#tasks.add(run);
  }

  #setAvailability(connectors: readonly Connector[], operative: boolean): 'Accepted' | 'Scheduled' {
    let scheduled = false;
    for (const connector of connectors) {
      if (!operative && connector.session) {
        connector.inoperativeWhenFree = true;
        scheduled = true;
        continue;
      }
      connector.inoperativeWhenFree = false;
      connector.operative = operative;
      const status: ConnectorStatus = operative ? 'Available' : 'Unavailable';
      if (connector.status !== 'Faulted' && connector.status !== status) {
        this.#background('availability', () => this.#setStatus(connector, status));
      }
    }
    return scheduled ? 'Scheduled' : 'Accepted';
  }

  #handle(session: Session): SessionHandle {
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
      report: () => this.#sessionReport(session),
    };
    this.#handles.set(session, handle);
    return handle;
  }

  #sessionReport(session: Session): SessionReport {
    const connector = this.#connectors[session.connectorId - 1] as Connector;
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
      lastSeqNo: this.protocol === 'ocpp2.0.1' ? session.nextSeqNo - 1 : null,
    };
  }

  /** The view of this charger its protocol module works with. */
  #core(): ChargerCore {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const charger = this;
    return {
      identity: this.identity,
      settings: this.#settings,
      logger: this.#logger,
      get online() {
        return charger.online;
      },
      connectors: this.#connectors,
      configuration: this.#configuration,
      get authorizeRemoteStart() {
        return charger.#authorizeRemoteStart;
      },
      set authorizeRemoteStart(value: boolean) {
        charger.#authorizeRemoteStart = value;
      },
      now: () => this.#clock.now(),
      connector: (id) => this.#connectors[id - 1],
      read: (connector, context) => this.#read(connector, context),
      call: (action, payload) => this.#call(action, payload),
      notify: (action, payload) => this.#notify(action, payload),
      transactional: (action, payload, onAnswered) => this.#transactional(action, payload, onAnswered),
      setStatus: (connector, status, options) => this.#setStatus(connector, status, options),
      findSession: (transactionId) => this.#connectors.find((c) => c.session?.transactionId === transactionId)?.session,
      background: (what, task) => this.#background(what, task),
      startSession: (request) => this.#startSession(request),
      stopSession: (session, reason) => this.#stopSession(session, reason),
      reset: (reason, bootReason) => this.#reset(reason, bootReason),
      resetWhenIdle: () => {
        this.#resetWhenIdle = true;
      },
      setAvailability: (connectors, operative) => this.#setAvailability(connectors, operative),
      sendBootNotification: async (reason) => {
        const result = (await this.#call('BootNotification', this.#driver.bootNotification(reason))) as BootResult;
        this.#boots += 1;
        if (result.status === 'Accepted') this.#startHeartbeat(result.interval);
      },
      setHeartbeatInterval: (seconds) => this.#startHeartbeat(seconds),
      setMeterValueInterval: (ms) => {
        this.#meterValueIntervalMs = ms;
      },
    };
  }

  /** Heartbeat interval in force, seconds (from BootNotification or the CSMS's configuration). */
  get heartbeatIntervalS(): number {
    return this.#heartbeatIntervalS;
  }
}
