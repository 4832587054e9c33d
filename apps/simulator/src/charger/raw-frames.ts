import { TimeoutError, UnavailableError } from '@vz/core';
import { MSG_CALL, MSG_CALLERROR, MSG_CALLRESULT, type RpcClient } from '../rpc.ts';
import type { RawResponse } from './api.ts';
import type { WireStats } from './wire-stats.ts';

interface RawWaiter {
  resolve: (response: RawResponse) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Frames written past strict mode (ocpp-rpc's public `sendRaw`) and the answers to them, read from the client's
 * 'message' event: ocpp-rpc itself ignores answers to ids it did not send.
 */
export class RawFrames {
  readonly #client: RpcClient;
  readonly #stats: WireStats;
  readonly #actions = new Map<string, string>();
  readonly #responses = new Map<string, RawResponse[]>();
  readonly #waiters = new Map<string, RawWaiter[]>();

  constructor(client: RpcClient, stats: WireStats) {
    this.#client = client;
    this.#stats = stats;
  }

  /**
   * Writes `text` and returns the message id to await: the frame's own id when it parses as `[type, "<id>", ...]`,
   * otherwise "-1", the id an OCPP-J peer answers unparseable frames with.
   */
  send(text: string): string {
    let messageId = '-1';
    let action = 'raw';
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && typeof parsed[1] === 'string') {
        messageId = parsed[1];
        if (parsed[0] === MSG_CALL && typeof parsed[2] === 'string') {
          action = parsed[2];
          this.#stats.countCallSent(action);
        }
      }
    } catch {
      // not JSON: that is the point of some negative tests
    }
    this.#actions.set(messageId, action);
    this.#client.sendRaw(text);
    return messageId;
  }

  /** The next CALLRESULT / CALLERROR with this id answering a raw frame (buffered if it already came). */
  awaitResponse(messageId: string, timeoutMs: number): Promise<RawResponse> {
    const buffered = this.#responses.get(messageId)?.shift();
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
      const waiters = this.#waiters.get(messageId) ?? [];
      waiters.push(waiter);
      this.#waiters.set(messageId, waiters);
    });
  }

  /** An incoming frame: taken when it answers a raw frame. */
  received(text: string): void {
    if (this.#actions.size === 0) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(parsed) || typeof parsed[1] !== 'string') return;
    const messageId = parsed[1];
    const action = this.#actions.get(messageId);
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
      this.#stats.errorsReceived.push({ action, code: response.code, description: response.description, messageId });
    } else {
      return;
    }
    if (messageId !== '-1') this.#actions.delete(messageId);
    const waiter = this.#waiters.get(messageId)?.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(response);
      return;
    }
    const buffered = this.#responses.get(messageId) ?? [];
    buffered.push(response);
    this.#responses.set(messageId, buffered);
  }

  /** The connection closed: nothing still awaited will be answered. */
  failWaiting(): void {
    for (const [id, waiters] of this.#waiters) {
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new UnavailableError(`connection closed before raw message ${id} was answered`));
      }
    }
    this.#waiters.clear();
  }

  #removeWaiter(messageId: string, waiter: RawWaiter): void {
    const waiters = this.#waiters.get(messageId);
    if (!waiters) return;
    const index = waiters.indexOf(waiter);
    if (index >= 0) waiters.splice(index, 1);
  }
}
