import type { Logger } from '@vz/core';
import { isRpcError, type RpcClient } from '../rpc.ts';
import type { ChargerReport, ErrorReceived } from '../types.ts';
import type { RecordedFrame } from './api.ts';

const increment = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** What a charger's report takes from elsewhere than these counters. */
export type ReportContext = Pick<
  ChargerReport,
  'identity' | 'protocol' | 'connected' | 'offlineQueueLength' | 'sessions'
>;

/** What went over the wire and how it was answered, counted from ocpp-rpc's events and by the charger. */
export class WireStats {
  framesSent = 0;
  framesReceived = 0;
  readonly callsByAction: Record<string, number> = {};
  readonly callsReceivedByAction: Record<string, number> = {};
  readonly errorsReceived: ErrorReceived[] = [];
  readonly invalidResponses: { action: string; description: string }[] = [];
  readonly #invalidResponseErrors = new WeakSet<object>();
  callsUnanswered = 0;
  readonly skippedOffline: Record<string, number> = {};
  replayed = 0;
  boots = 0;
  disconnects = 0;
  readonly #frames: RecordedFrame[] = [];
  readonly #recordFrames: boolean;
  readonly #now: () => number;
  readonly #logger: Logger;

  constructor(options: { recordFrames: boolean; now: () => number; logger: Logger }) {
    this.#recordFrames = options.recordFrames;
    this.#now = options.now;
    this.#logger = options.logger;
  }

  /** Counts every frame, CALL and error of `client`; `onReceived` sees the text of each incoming frame first. */
  listen(client: RpcClient, onReceived: (text: string) => void): void {
    client.on('message', (event: { message: string | Buffer; outbound: boolean }) => {
      const text = typeof event.message === 'string' ? event.message : event.message.toString('utf8');
      if (event.outbound) this.framesSent += 1;
      else {
        this.framesReceived += 1;
        onReceived(text);
      }
      if (this.#recordFrames) {
        this.#frames.push({ direction: event.outbound ? 'out' : 'in', at: this.#now(), text });
      }
    });
    client.on('call', (event: { outbound: boolean; payload: unknown[] }) => {
      const action = String(event.payload[2]);
      increment(event.outbound ? this.callsByAction : this.callsReceivedByAction, action);
    });
    client.on(
      'strictValidationFailure',
      (event: { method: string; outbound: boolean; isCall: boolean; error: Error }) => {
        if (!event.outbound && !event.isCall) {
          this.#invalidResponseErrors.add(event.error);
          this.invalidResponses.push({ action: event.method, description: event.error.message });
        } else if (event.outbound) {
          // Our own frame failed the schema: a bug of the simulator, never sent.
          this.#logger.error({ action: event.method, err: event.error }, 'strict mode refused an outbound frame');
        }
      },
    );
    client.on('callError', (event: { outbound: boolean; method: string; messageId: string; error: unknown }) => {
      if (!event.outbound || this.#invalidResponseErrors.has(event.error as object)) return;
      if (isRpcError(event.error)) {
        this.errorsReceived.push({
          action: event.method,
          code: event.error.rpcErrorCode,
          description: event.error.message,
          messageId: event.messageId,
        });
      } else {
        this.callsUnanswered += 1;
      }
    });
  }

  /** A CALL written past ocpp-rpc (a raw frame), which its 'call' event does not see. */
  countCallSent(action: string): void {
    increment(this.callsByAction, action);
  }

  /** A message not sent because the charger was offline. */
  countSkipped(action: string): void {
    increment(this.skippedOffline, action);
  }

  /** The charger's report: these counters with `context` (and the frames when recorded). */
  report(context: ReportContext): ChargerReport & { frames?: RecordedFrame[] } {
    return {
      identity: context.identity,
      protocol: context.protocol,
      connected: context.connected,
      framesSent: this.framesSent,
      framesReceived: this.framesReceived,
      callsByAction: { ...this.callsByAction },
      callsReceivedByAction: { ...this.callsReceivedByAction },
      errorsReceived: this.errorsReceived.map((e) => ({ ...e })),
      invalidResponses: this.invalidResponses.map((e) => ({ ...e })),
      callsUnanswered: this.callsUnanswered,
      skippedOffline: { ...this.skippedOffline },
      offlineQueueLength: context.offlineQueueLength,
      replayed: this.replayed,
      boots: this.boots,
      disconnects: this.disconnects,
      sessions: context.sessions,
      ...(this.#recordFrames ? { frames: [...this.#frames] } : {}),
    };
  }
}
