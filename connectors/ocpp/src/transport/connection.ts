import { type EdgeIntake, FrameSequence } from '@vz/edge';
import type { RawFrame } from '@vz/schemas';
import { createRPCError } from 'ocpp-rpc';
import type { Logger } from 'pino';
import type { OcppVersion } from '../handlers/handler.ts';
import { TokenBucket } from './rate-limit.ts';
import { frameFields } from './raw-frame.ts';
import type { IncomingCall, RPCServerClient } from './rpc-client.ts';

export interface ConnectionLimits {
  /** Larger frames get a CALLERROR; frames above four times this close the connection (WebSocket 1009). */
  readonly maxMessageBytes: number;
  readonly rateLimitPerSecond: number;
  readonly rateLimitBurst: number;
}

/** An inbound call with its raw frame, once the frame is on Kafka. */
export interface ReceivedCall extends IncomingCall {
  readonly raw: RawFrame | undefined;
}

/**
 * One charger's WebSocket: every frame in both directions goes to the intake verbatim, a call is answered only after
 * its raw frame is written, and size and rate limits apply per station. The version is the one negotiated at the
 * handshake, for the connection's whole life.
 */
export class ChargerConnection {
  readonly chargerId: string;
  readonly connectionId: string;
  readonly version: OcppVersion;
  readonly provisioned: boolean;
  readonly #client: RPCServerClient;
  readonly #intake: EdgeIntake;
  readonly #limits: ConnectionLimits;
  readonly #log: Logger;
  readonly #frames: FrameSequence;
  readonly #bucket: TokenBucket;
  #overLimit = 0;
  /** The last call received, while its raw frame is written; see `#receivedCall`. */
  #lastCall: { readonly uniqueId: string; readonly written: Promise<RawFrame> } | undefined;

  constructor(
    client: RPCServerClient,
    setup: { connectionId: string; version: OcppVersion; intake: EdgeIntake; limits: ConnectionLimits; logger: Logger },
  ) {
    this.#client = client;
    this.chargerId = client.identity;
    this.connectionId = setup.connectionId;
    this.version = setup.version;
    this.provisioned = client.session.provisioned === true;
    this.#intake = setup.intake;
    this.#limits = setup.limits;
    this.#log = setup.logger.child({ chargerId: this.chargerId, connectionId: this.connectionId });
    this.#frames = new FrameSequence(this.connectionId);
    this.#bucket = new TokenBucket(setup.limits.rateLimitPerSecond, setup.limits.rateLimitBurst);
    client.on('message', ({ message, outbound }: { message: Buffer | string; outbound: boolean }) =>
      this.#record(Buffer.from(message), outbound),
    );
  }

  get log(): Logger {
    return this.#log;
  }

  /** Answers `action` with `answer`, once the call's raw frame is written and the call is within the limits. */
  handle(action: string, answer: (call: ReceivedCall) => Promise<unknown>): void {
    this.#client.handle(action, async ({ messageId, params }: IncomingCall) => {
      const received = this.#receivedCall(messageId);
      const raw = await received;
      this.#admit(raw);
      return answer({ messageId, params, raw });
    });
  }

  /** Sends a call to the charger (a command) and resolves with its answer. */
  call(action: string, params: object, options: { callTimeoutMs: number }): Promise<unknown> {
    return this.#client.call(action, params, options);
  }

  onClose(listener: (closed: { code: number; reason: string }) => void): void {
    this.#client.on('close', listener);
  }

  #record(payload: Buffer, outbound: boolean): void {
    const raw = this.#frames.next(
      frameFields(this.chargerId, this.version.frameProtocol, payload, outbound ? 'TO_CHARGER' : 'FROM_CHARGER'),
    );
    const written = this.#intake.writeFrame(raw).then(() => raw);
    if (!outbound) {
      this.#lastCall =
        raw.messageTypeId === 2 && raw.uniqueId !== null ? { uniqueId: raw.uniqueId, written } : undefined;
    }
    written.catch((error: unknown) => this.#log.error({ err: error, frame: raw.eventId }, 'raw frame not written'));
  }

  /**
   * The raw frame of the call a handler was given. ocpp-rpc emits an inbound message's 'message' event and then, in
   * the same synchronous step, validates the call and invokes its handler (client.js `_onMessage` → `_onCall`), so
   * the call a handler gets is the last inbound frame recorded (a refused call's frame is replaced by the next one).
   */
  #receivedCall(messageId: string): Promise<RawFrame | undefined> {
    const call = this.#lastCall;
    this.#lastCall = undefined;
    if (call?.uniqueId !== messageId) return Promise.resolve(undefined);
    return call.written;
  }

  /** Size and rate limits: a CALLERROR for the offending call; a station far over its rate is disconnected. */
  #admit(raw: RawFrame | undefined): void {
    const { maxMessageBytes, rateLimitPerSecond, rateLimitBurst } = this.#limits;
    if (raw !== undefined && raw.payload.length > maxMessageBytes) {
      throw createRPCError(
        this.version.formatViolation,
        `message of ${raw.payload.length} bytes exceeds the limit of ${maxMessageBytes}`,
      );
    }
    if (this.#bucket.take()) {
      this.#overLimit = 0;
      return;
    }
    this.#overLimit += 1;
    if (this.#overLimit > rateLimitBurst) void this.#client.close({ code: 1008, reason: 'rate limit exceeded' });
    throw createRPCError('GenericError', `rate limit of ${rateLimitPerSecond} messages/s exceeded`);
  }
}
