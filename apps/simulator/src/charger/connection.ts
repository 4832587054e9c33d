import type { EventEmitter } from 'node:events';
import { ConflictError, UnauthorizedError, UnavailableError, type Logger } from '@vz/core';
import type { Clock } from '../clock.ts';
import type { ChargerSettings } from '../options.ts';
import { RPCClient, type RpcClient, type RpcClientOptions } from '../rpc.ts';
import type { BootResult, ChargerEvents } from './api.ts';
import type { RawFrames } from './raw-frames.ts';
import { toError } from './transaction-lane.ts';
import type { WireStats } from './wire-stats.ts';

/** The charger's ocpp-rpc client: strict mode, one CALL in flight, no reconnection of its own. */
export function createClient(settings: ChargerSettings): RpcClient {
  return new RPCClient({
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
}

export interface ConnectionOptions {
  client: RpcClient;
  settings: ChargerSettings;
  clock: Clock;
  logger: Logger;
  stats: WireStats;
  rawFrames: RawFrames;
  events: EventEmitter<ChargerEvents>;
  /** The charger is no longer online: stop what only runs online (heartbeats). */
  wentOffline: () => void;
  /** BootNotification and what follows an accepted one (autoReconnect boots with it). */
  boot: () => Promise<BootResult>;
}

/**
 * The charger's WebSocket: connected or not, boot accepted or not (online), closed for good; drops, and the
 * reconnection loop of `autoReconnect`.
 */
export class Connection {
  readonly #client: RpcClient;
  readonly #settings: ChargerSettings;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #stats: WireStats;
  readonly #rawFrames: RawFrames;
  readonly #events: EventEmitter<ChargerEvents>;
  readonly #wentOffline: () => void;
  readonly #boot: () => Promise<BootResult>;
  readonly #abort = new AbortController();
  #connected = false;
  #bootAccepted = false;
  #closed = false;
  #expectingClose = false;
  #reconnecting: Promise<void> | undefined;

  constructor(options: ConnectionOptions) {
    this.#client = options.client;
    this.#settings = options.settings;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#stats = options.stats;
    this.#rawFrames = options.rawFrames;
    this.#events = options.events;
    this.#wentOffline = options.wentOffline;
    this.#boot = options.boot;
    this.#client.on('disconnect', (event: { code: number; reason: string }) => this.#onDisconnect(event));
    this.#client.on('socketError', (error: Error) => this.#logger.debug({ err: error }, 'socket error'));
  }

  get connected(): boolean {
    return this.#connected;
  }

  /** Connected and BootNotification accepted. */
  get online(): boolean {
    return this.#connected && this.#bootAccepted;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Opens the WebSocket. No-op when connected. */
  async open(): Promise<void> {
    const identity = this.#settings.identity;
    if (this.#closed) throw new ConflictError(`charger ${identity} is closed`);
    if (this.#connected) return;
    try {
      await this.#client.connect();
    } catch (error) {
      const status = (error as { code?: unknown }).code;
      if (status === 401 || status === 403) {
        throw new UnauthorizedError(`CSMS refused ${identity}: HTTP ${String(status)}`, { cause: error });
      }
      throw new UnavailableError(
        `cannot connect ${identity} to ${this.#settings.endpoint}: ${toError(error).message}`,
        {
          cause: error,
        },
      );
    }
    this.#connected = true;
    this.#bootAccepted = false;
    this.#logger.debug('connected');
    this.#events.emit('connected');
  }

  /** The CSMS accepted the boot: the charger is online. */
  bootAccepted(): void {
    this.#bootAccepted = true;
  }

  /** Closes for good (close code 1000) after in-flight calls are answered. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#abort.abort();
    this.#expectingClose = true;
    this.#markDisconnected();
    await this.#client.close({ code: 1000, reason: 'charger shut down', awaitPending: true });
  }

  /** Terminates the socket without a close handshake (the CSMS sees 1006); every in-flight call fails. */
  async drop(): Promise<void> {
    if (!this.#connected) return;
    this.#markDisconnected();
    this.#expectingClose = true;
    this.#stats.disconnects += 1;
    this.#events.emit('disconnected', { code: 1006, reason: 'connection dropped (simulated)' });
    await this.#client.close({ force: true });
  }

  /** Closes (close code 1000) to connect again, as a reset does. */
  async closeForReset(): Promise<void> {
    if (!this.#connected) return;
    this.#expectingClose = true;
    this.#markDisconnected();
    await this.#client.close({ code: 1000, reason: 'reset', awaitPending: true });
  }

  #markDisconnected(): void {
    this.#connected = false;
    this.#bootAccepted = false;
    this.#wentOffline();
  }

  #onDisconnect(event: { code: number; reason: string }): void {
    const expected = this.#expectingClose;
    this.#expectingClose = false;
    this.#rawFrames.failWaiting();
    if (!this.#connected) return;
    this.#markDisconnected();
    this.#stats.disconnects += 1;
    this.#logger.info({ code: event.code, reason: event.reason }, 'disconnected');
    this.#events.emit('disconnected', { code: event.code, reason: String(event.reason ?? '') });
    if (!expected && this.#settings.autoReconnect && !this.#closed) this.#reconnectInBackground();
  }

  #reconnectInBackground(): void {
    this.#reconnecting ??= (async () => {
      let delayMs = 1_000;
      while (!this.#closed && !this.online) {
        try {
          await this.#clock.sleep(delayMs, this.#abort.signal);
          await this.open();
          const result = await this.#boot();
          if (result.status !== 'Accepted') await this.drop();
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
}
