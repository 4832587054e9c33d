import type { Logger } from '@vz/core';
import type { TxOutcome } from '../protocol/driver.ts';
import { isRpcError, type RpcClient } from '../rpc.ts';
import type { WireStats } from './wire-stats.ts';

interface LaneItem {
  action: string;
  payload: object;
  onAnswered: ((result: unknown) => void) | undefined;
  resolve: (outcome: TxOutcome) => void;
  settled: boolean;
  /** Waited in the offline queue: counts as replayed when it finally goes out. */
  waited: boolean;
}

export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Transaction messages (1.6 MeterValues / StopTransaction, 2.0.1 TransactionEvent) in the order they were made: sent
 * one at a time while online, kept while not (the offline queue) and replayed in order after the next accepted boot.
 */
export class TransactionLane {
  readonly #client: RpcClient;
  readonly #isOnline: () => boolean;
  readonly #stats: WireStats;
  readonly #logger: Logger;
  readonly #items: LaneItem[] = [];
  #pumping: Promise<void> | undefined;

  constructor(options: { client: RpcClient; isOnline: () => boolean; stats: WireStats; logger: Logger }) {
    this.#client = options.client;
    this.#isOnline = options.isOnline;
    this.#stats = options.stats;
    this.#logger = options.logger;
  }

  /** Messages not yet answered (waiting for the connection, or the one in flight). */
  get length(): number {
    return this.#items.length;
  }

  /** Resolves when answered, or at once with `queued` while offline (it is sent after the next boot). */
  send(action: string, payload: object, onAnswered?: (result: unknown) => void): Promise<TxOutcome> {
    return new Promise((resolve) => {
      const item: LaneItem = { action, payload, onAnswered, resolve, settled: false, waited: false };
      this.#items.push(item);
      if (!this.#isOnline()) {
        item.waited = true;
        this.#settle(item, { status: 'queued' });
        return;
      }
      void this.pump();
    });
  }

  /** Sends the lane in order while online. One pump at a time; it stops (keeping the head) offline. */
  pump(): Promise<void> {
    this.#pumping ??= this.#pumpLoop();
    return this.#pumping;
  }

  #settle(item: LaneItem, outcome: TxOutcome): void {
    if (item.settled) return;
    item.settled = true;
    item.resolve(outcome);
  }

  async #pumpLoop(): Promise<void> {
    await Promise.resolve(); // so that #pumping is assigned before the loop can finish
    try {
      while (this.#isOnline()) {
        const item = this.#items[0];
        if (!item) return;
        try {
          const result = await this.#client.call(item.action, item.payload);
          this.#items.shift();
          if (item.waited) this.#stats.replayed += 1;
          item.onAnswered?.(result);
          this.#settle(item, { status: 'answered', result });
        } catch (error) {
          if (!this.#isOnline()) {
            // The connection went while this was in flight: keep it at the head, replay it after the next boot.
            item.waited = true;
            this.#settle(item, { status: 'queued' });
            return;
          }
          this.#items.shift();
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
}
