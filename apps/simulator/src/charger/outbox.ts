import { UnavailableError } from '@vz/core';
import type { Clock, Timer } from '../clock.ts';
import type { Connector, ProtocolDriver } from '../protocol/driver.ts';
import type { RpcClient } from '../rpc.ts';
import type { ConnectorStatus } from '../types.ts';
import type { WireStats } from './wire-stats.ts';

export interface OutboxOptions {
  identity: string;
  client: RpcClient;
  clock: Clock;
  stats: WireStats;
  isOnline: () => boolean;
  /** The charger's protocol driver (made after the outbox: it works on a view of the charger that uses it). */
  driver: () => ProtocolDriver;
}

/**
 * The charger's CALLs that are not transaction messages (those go through the TransactionLane): calls that need an
 * answer, statuses and heartbeats. Statuses and heartbeats are not queued while offline, only counted.
 */
export class Outbox {
  readonly #identity: string;
  readonly #client: RpcClient;
  readonly #clock: Clock;
  readonly #stats: WireStats;
  readonly #isOnline: () => boolean;
  readonly #driver: () => ProtocolDriver;
  #heartbeatTimer: Timer | undefined;
  #heartbeatIntervalS = 0;

  constructor(options: OutboxOptions) {
    this.#identity = options.identity;
    this.#client = options.client;
    this.#clock = options.clock;
    this.#stats = options.stats;
    this.#isOnline = options.isOnline;
    this.#driver = options.driver;
  }

  /** Heartbeat interval in force, seconds. */
  get heartbeatIntervalS(): number {
    return this.#heartbeatIntervalS;
  }

  /** A call that needs an answer; throws when offline or when the CSMS answers with a CALLERROR. */
  async call(action: string, payload: object): Promise<unknown> {
    if (!this.#isOnline()) throw new UnavailableError(`charger ${this.#identity} is offline; cannot send ${action}`);
    return this.#client.call(action, payload);
  }

  /** A call whose answer does not matter; skipped while offline, errors only counted. */
  async notify(action: string, payload: object): Promise<unknown> {
    if (!this.#isOnline()) {
      this.#stats.countSkipped(action);
      return undefined;
    }
    try {
      return await this.#client.call(action, payload);
    } catch {
      return undefined; // counted by the callError listener
    }
  }

  /** Heartbeats every `seconds` while online (none for 0). */
  startHeartbeat(seconds: number): void {
    this.#heartbeatIntervalS = seconds;
    this.#heartbeatTimer?.cancel();
    this.#heartbeatTimer =
      seconds > 0 && this.#isOnline()
        ? this.#clock.every(seconds * 1000, async () => {
            await this.notify('Heartbeat', {});
          })
        : undefined;
  }

  stopHeartbeat(): void {
    this.#heartbeatTimer?.cancel();
    this.#heartbeatTimer = undefined;
  }

  /**
   * Sets the connector's status and writes a StatusNotification, unless it maps onto the status last written (2.0.1
   * folds the in-session states into Occupied) and `force` is not set. Offline, the next boot writes it.
   */
  async setStatus(connector: Connector, status: ConnectorStatus, options: { force?: boolean } = {}): Promise<void> {
    connector.status = status;
    if (status !== 'Faulted') connector.errorCode = 'NoError';
    const wire = this.#driver().wireStatus(status);
    if (options.force !== true && wire === connector.lastWireStatus) return;
    if (!this.#isOnline()) {
      connector.lastWireStatus = undefined;
      this.#stats.countSkipped('StatusNotification');
      return;
    }
    connector.lastWireStatus = wire;
    await this.notify('StatusNotification', this.#driver().statusNotification(connector));
  }
}
