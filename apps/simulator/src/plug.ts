import { randomUUID } from 'node:crypto';
import { ConflictError, createLogger, ForbiddenError, type Logger, TimeoutError } from '@vz/core';
import {
  type PlugAuthorization,
  plugAuthorizationSchema,
  type PlugAuthorize,
  type PlugCommandResult,
  plugCommandSchema,
  type PlugState,
  plugTopic,
} from '@vz/connector-mqtt/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import { z } from 'zod';
import { type Clock, SystemClock, type Timer } from './clock.ts';
import { type Delivery, type EvModel, integrate, WMS_PER_WH, whOf } from './meter.ts';
import { parseOptions } from './options.ts';

const plugOptionsSchema = z.strictObject({
  /** `mqtt://host:port` of the platform's broker. */
  brokerUrl: z.string().regex(/^mqtts?:\/\/[^/]+/, 'must be an mqtt:// or mqtts:// URL'),
  plugId: z.string().regex(/^[A-Za-z0-9_.:-]{1,48}$/, 'must be 1-48 of A-Z a-z 0-9 _ . : -'),
  /** Broker user: the plug id itself (per-plug credentials) unless an integrator's user is given. */
  username: z.string().min(1).optional(),
  password: z.string().min(1),
  /** 5 = MQTT 5, 4 = MQTT 3.1.1. */
  protocolVersion: z.union([z.literal(5), z.literal(4)]).default(5),
  /** Period of state reports while charging. */
  meterValueIntervalMs: z.number().int().positive().default(60_000),
  /** What the plugged device draws: a slow-charge socket, 2.3 kW by default. */
  powerW: z.number().int().positive().max(22_000).default(2_300),
  initialRegisterWh: z.number().int().nonnegative().default(0),
  /** How long a session for a driver waits for the platform's authorization (a prepaid lock can take seconds). */
  authorizeTimeoutMs: z.number().int().positive().default(30_000),
  clock: z.custom<Clock>((value) => typeof value === 'object' && value !== null && 'now' in value).optional(),
  logger: z.custom<Logger>((value) => typeof value === 'object' && value !== null && 'child' in value).optional(),
});

export type SimulatedPlugOptions = z.input<typeof plugOptionsSchema>;

const startSessionSchema = z.strictObject({
  /** The driver's token (e.g. from an app after scanning the plug's QR code): authorized before the session starts. */
  idTag: z.string().min(1).max(36).optional(),
});

/** One session of a plug as it went over the wire: enough to check the exact energy that landed. */
export interface PlugSessionReport {
  sessionId: string;
  meterStartWh: number;
  meterStopWh: number | null;
  energyWh: number;
  startedAt: number;
  stoppedAt: number | null;
  /** The driver's token, null for an anonymous session. */
  idTag: string | null;
  /** The prepaid lock the authorization answered, if any. */
  escrowId: string | null;
  /** Ended by a switch-off command rather than by the device leaving. */
  switchedOff: boolean;
}

export interface PlugReport {
  plugId: string;
  connected: boolean;
  relayOn: boolean;
  /** State messages published (QoS 1: each delivered at least once, possibly after a reconnect). */
  statesSent: number;
  commandsReceived: number;
  /** Answers by status: accepted / rejected. */
  commandResults: Record<PlugCommandResult['status'], number>;
  /** The platform's answers to this plug's authorizations, by status. */
  authorizations: Record<PlugAuthorization['status'], number>;
  sessions: PlugSessionReport[];
}

interface RunningSession {
  readonly report: PlugSessionReport;
  readonly delivery: Delivery;
  readonly ev: EvModel;
  lastTickAt: number;
  timer: Timer;
}

/**
 * An IoT slow-charge plug speaking the platform's MQTT layout (connectors/mqtt/README.md): it says it is online
 * (retained, with an `offline` Last Will), reports state with its energy register while charging, and obeys
 * switch commands, answering each with its command id. A session for a driver is authorized first (the driver's
 * token; a prepaid lock comes back with the answer), an anonymous one is not. Messages are QoS 1 on a persistent session, so what it
 * publishes while the broker is unreachable is delivered after it reconnects.
 */
export class SimulatedPlug {
  readonly plugId: string;
  readonly #settings: z.output<typeof plugOptionsSchema>;
  readonly #clock: Clock;
  readonly #logger: Logger;
  #client: MqttClient | undefined;
  #registerWms: number;
  #relayOn = true;
  #session: RunningSession | undefined;
  #messageSeq = 0;
  #sessionSeq = 0;
  #authorizeSeq = 0;
  readonly #awaitingAuthorization = new Map<string, (answer: PlugAuthorization) => void>();
  /**
   * Makes this run's message and session ids differ from those of an earlier run of the same plug: the counters start
   * at 1 again, and a session id seen before is a duplicate start to the platform (the session would be lost).
   */
  readonly #bootId = randomUUID().slice(0, 8);
  readonly #report: Omit<PlugReport, 'plugId' | 'connected' | 'relayOn' | 'sessions'> = {
    statesSent: 0,
    commandsReceived: 0,
    commandResults: { accepted: 0, rejected: 0 },
    authorizations: { accepted: 0, rejected: 0 },
  };
  readonly #sessions: PlugSessionReport[] = [];

  constructor(options: SimulatedPlugOptions) {
    this.#settings = parseOptions(plugOptionsSchema, options, 'SimulatedPlug');
    this.plugId = this.#settings.plugId;
    this.#clock = this.#settings.clock ?? new SystemClock();
    this.#logger = (this.#settings.logger ?? createLogger('simulator', { level: 'silent' })).child({
      plugId: this.plugId,
    });
    this.#registerWms = this.#settings.initialRegisterWh * WMS_PER_WH;
  }

  get charging(): boolean {
    return this.#session !== undefined;
  }

  async connect(): Promise<void> {
    const { brokerUrl, username, password, protocolVersion } = this.#settings;
    const availability = plugTopic(this.plugId, 'availability');
    this.#client = await mqtt.connectAsync(brokerUrl, {
      username: username ?? this.plugId,
      password,
      protocolVersion,
      clientId: `vz-plug-${this.plugId}`,
      clean: false,
      ...(protocolVersion === 5 ? { properties: { sessionExpiryInterval: 3_600 } } : {}),
      will: { topic: availability, payload: Buffer.from('offline'), qos: 1, retain: true },
      reconnectPeriod: 1_000,
    });
    this.#client.on('message', (topic, payload) => {
      if (topic === plugTopic(this.plugId, 'commands')) void this.#obey(payload);
      if (topic === plugTopic(this.plugId, 'authorization')) this.#answered(payload);
    });
    await this.#client.subscribeAsync([plugTopic(this.plugId, 'commands'), plugTopic(this.plugId, 'authorization')], {
      qos: 1,
    });
    await this.#client.publishAsync(availability, 'online', { qos: 1, retain: true });
    await this.#publishState('idle');
  }

  /**
   * Something is plugged in and draws power: a session starts and state is reported every meter interval. With an
   * `idTag` the plug asks the platform first; a rejected authorization (ForbiddenError) or none in time
   * (TimeoutError) means no session.
   */
  async startSession(options: z.input<typeof startSessionSchema> = {}): Promise<string> {
    const { idTag } = parseOptions(startSessionSchema, options, 'startSession');
    this.#assertCanStart();
    const authorization = idTag === undefined ? undefined : await this.#authorize(idTag);
    this.#assertCanStart();
    this.#sessionSeq += 1;
    const sessionId = `${this.#bootId}-s${this.#sessionSeq}`;
    const now = this.#clock.now();
    const report: PlugSessionReport = {
      sessionId,
      meterStartWh: whOf(this.#registerWms),
      meterStopWh: null,
      energyWh: 0,
      startedAt: now,
      stoppedAt: null,
      switchedOff: false,
      idTag: idTag ?? null,
      escrowId: authorization?.escrowId ?? null,
    };
    this.#sessions.push(report);
    const ev: EvModel = { maxPowerW: this.#settings.powerW, batteryWh: 1e9, socStartPercent: 0, taper: false };
    const session: RunningSession = {
      report,
      delivery: { energyWms: 0 },
      ev,
      lastTickAt: now,
      timer: this.#clock.every(this.#settings.meterValueIntervalMs, () => this.#tick()),
    };
    this.#session = session;
    await this.#publishState('charging', {
      event: 'start',
      sessionId,
      ...(idTag === undefined ? {} : { idTag }),
      ...(authorization?.escrowId === undefined ? {} : { escrowId: authorization.escrowId }),
    });
    return sessionId;
  }

  #assertCanStart(): void {
    if (this.#session !== undefined) throw new ConflictError(`plug ${this.plugId} is already charging`);
    if (!this.#relayOn) throw new ConflictError(`plug ${this.plugId} is switched off`);
  }

  /** Asks the platform whether the driver may charge here; resolves with an accepted answer, throws otherwise. */
  async #authorize(idTag: string): Promise<PlugAuthorization> {
    const client = this.#client;
    if (client === undefined) throw new ConflictError(`plug ${this.plugId} is not connected`);
    this.#authorizeSeq += 1;
    const request: PlugAuthorize = { requestId: `${this.#bootId}-a${this.#authorizeSeq}`, idTag };
    const answered = new Promise<PlugAuthorization>((resolve) =>
      this.#awaitingAuthorization.set(request.requestId, resolve),
    );
    const giveUp = new AbortController();
    const timedOut = this.#clock.sleep(this.#settings.authorizeTimeoutMs, giveUp.signal).then(
      () => undefined,
      () => undefined,
    );
    let answer: PlugAuthorization | undefined;
    try {
      await client.publishAsync(plugTopic(this.plugId, 'authorize'), JSON.stringify(request), { qos: 1 });
      answer = await Promise.race([answered, timedOut]);
    } finally {
      giveUp.abort();
      this.#awaitingAuthorization.delete(request.requestId);
    }
    if (answer === undefined) {
      throw new TimeoutError(
        `plug ${this.plugId}: no authorization of ${idTag} within ${this.#settings.authorizeTimeoutMs} ms`,
      );
    }
    this.#report.authorizations[answer.status] += 1;
    if (answer.status === 'rejected') {
      throw new ForbiddenError(`plug ${this.plugId}: ${idTag} rejected (${answer.reason ?? 'no reason given'})`);
    }
    return answer;
  }

  #answered(payload: Buffer): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const answer = plugAuthorizationSchema.safeParse(parsed);
    if (!answer.success) {
      this.#logger.warn({ issues: answer.error.issues }, 'authorization answer refused');
      return;
    }
    this.#awaitingAuthorization.get(answer.data.requestId)?.(answer.data);
  }

  /** The device is unplugged (or the relay opened): the session ends with a final register reading. */
  async stopSession(switchedOff = false): Promise<void> {
    const session = this.#session;
    if (session === undefined) return;
    session.timer.cancel();
    this.#advance(session);
    this.#session = undefined;
    session.report.meterStopWh = whOf(this.#registerWms);
    session.report.energyWh = session.report.meterStopWh - session.report.meterStartWh;
    session.report.stoppedAt = this.#clock.now();
    session.report.switchedOff = switchedOff;
    await this.#publishState('idle', { event: 'stop', sessionId: session.report.sessionId });
  }

  /** Goes away cleanly: says `offline` (retained) and disconnects; a running session is stopped first. */
  async close(): Promise<void> {
    await this.stopSession();
    if (this.#client === undefined) return;
    await this.#client.publishAsync(plugTopic(this.plugId, 'availability'), 'offline', { qos: 1, retain: true });
    await this.#client.endAsync();
  }

  report(): PlugReport {
    return {
      plugId: this.plugId,
      connected: this.#client?.connected === true,
      relayOn: this.#relayOn,
      ...this.#report,
      commandResults: { ...this.#report.commandResults },
      authorizations: { ...this.#report.authorizations },
      sessions: this.#sessions.map((session) => ({ ...session })),
    };
  }

  #advance(session: RunningSession): void {
    const now = this.#clock.now();
    this.#registerWms += integrate(session.ev, session.delivery, now - session.lastTickAt);
    session.lastTickAt = now;
    session.report.energyWh = whOf(this.#registerWms) - session.report.meterStartWh;
  }

  async #tick(): Promise<void> {
    if (this.#session === undefined) return;
    this.#advance(this.#session);
    await this.#publishState('charging');
  }

  async #publishState(state: PlugState['state'], session?: PlugState['session']): Promise<void> {
    const client = this.#client;
    if (client === undefined) throw new ConflictError(`plug ${this.plugId} is not connected`);
    this.#messageSeq += 1;
    const message: PlugState = {
      messageId: `${this.#bootId}-m${this.#messageSeq}`,
      timestamp: this.#clock.now(),
      state,
      energyRegisterWh: whOf(this.#registerWms),
      powerW: state === 'charging' ? this.#settings.powerW : 0,
      ...(session === undefined ? {} : { session }),
    };
    this.#report.statesSent += 1;
    await client.publishAsync(plugTopic(this.plugId, 'state'), JSON.stringify(message), { qos: 1 });
  }

  /** Switch on/off (the only command a plug knows); a command past its expiresAt is refused, not executed. */
  async #obey(payload: Buffer): Promise<void> {
    this.#report.commandsReceived += 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const command = plugCommandSchema.safeParse(parsed);
    if (!command.success) {
      this.#logger.warn({ issues: command.error.issues }, 'command refused');
      return;
    }
    let answer: PlugCommandResult;
    if (command.data.expiresAt <= this.#clock.now()) {
      answer = { commandId: command.data.commandId, status: 'rejected', reason: 'expired' };
    } else {
      if (!command.data.on) await this.stopSession(true);
      this.#relayOn = command.data.on;
      answer = { commandId: command.data.commandId, status: 'accepted' };
    }
    this.#report.commandResults[answer.status] += 1;
    await this.#client?.publishAsync(plugTopic(this.plugId, 'command-results'), JSON.stringify(answer), { qos: 1 });
  }
}
