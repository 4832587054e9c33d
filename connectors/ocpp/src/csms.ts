import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { KafkaConfig } from '@vz/kafka';
import type {
  AuthorizationToken,
  ChargerCommand,
  ChargerCommandResult,
  ChargerEvent,
  FrameDirection,
  FrameProtocol,
  RawFrame,
  TopicCodec,
} from '@vz/schemas';
import { createRPCError, RPCServer } from 'ocpp-rpc';
import type { Logger } from 'pino';
import { ocppCallFor, outcomeOf } from './commands/ocpp-calls.ts';
import {
  CommandRouter,
  commandDeadline,
  commandResult,
  type CommandTopics,
  defaultCommandTimeoutMs,
  EdgeIntake,
  expiredResult,
  followTokenBook,
  FrameSequence,
  offlineResult,
  PrepaidAuthorizer,
  type PrepaidDecision,
  type PrepaidDependencies,
  presenceMessage,
  type TokenBook,
  type TokenDecision,
} from '@vz/edge';
import { type NormalizedEvent, record } from './normalize/events.ts';
import { normalize16 } from './normalize/ocpp16.ts';
import { normalize201 } from './normalize/ocpp201.ts';
import type { StationCredentials } from './stations/credentials.ts';
import { TokenBucket } from './stations/rate-limit.ts';
import { ocppTokenStatus } from './stations/tokens.ts';

export interface CsmsSettings {
  readonly host: string;
  readonly port: number;
  readonly heartbeatIntervalSeconds: number;
  /** Accept unknown stations (their boot is answered Pending) instead of refusing them. */
  readonly autoProvision: boolean;
  /** Larger frames get a CALLERROR; frames above four times this close the connection (WebSocket 1009). */
  readonly maxMessageBytes: number;
  readonly rateLimitPerSecond: number;
  readonly rateLimitBurst: number;
  /** OCPP Security Profile 2: serve `wss://` with this certificate and key (PEM) instead of `ws://`. */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer } | undefined;
}

/** Settings for tests and tools: loopback, a free port, the deployable's defaults for the rest. */
export const defaultCsmsSettings: CsmsSettings = {
  host: '127.0.0.1',
  port: 0,
  heartbeatIntervalSeconds: 300,
  autoProvision: false,
  maxMessageBytes: 64 * 1024,
  rateLimitPerSecond: 20,
  rateLimitBurst: 60,
};

export interface CsmsDependencies {
  readonly settings: CsmsSettings;
  readonly instanceId: string;
  readonly kafka: KafkaConfig;
  readonly rawFrames: TopicCodec<RawFrame>;
  readonly chargerEvents: TopicCodec<ChargerEvent>;
  readonly credentials: StationCredentials;
  readonly logger: Logger;
  /** `registry.tokens`: authorizations are answered from it; without it every token is accepted. */
  readonly tokens?: { readonly codec: TopicCodec<AuthorizationToken>; readonly acceptUnknown: boolean } | undefined;
  /** Remote commands (charger.commands → the instance holding the socket → charger.command-results). */
  readonly commands?: CommandTopics | undefined;
  /**
   * Prepaid starts: an Authorize / start of a prepaid account's token is answered Accepted only once its escrow lock
   * is on chain (PrepaidAuthorizer); without it every start is decided by the token alone.
   */
  readonly prepaid?: Omit<PrepaidDependencies, 'sender' | 'logger'> | undefined;
}

/** Without `registry.tokens` every token is accepted. */
const acceptedWithoutBook: TokenDecision = { status: 'ACCEPTED', known: false, expiresAt: null, parentIdTag: null };

/** What a start's prepaid decision answers (1.6 has neither NoCredit nor NotAtThisTime: §7.2 AuthorizationStatus). */
function prepaidStatus(decision: PrepaidDecision, v16: boolean): string | undefined {
  if (decision.kind === 'NO_CREDIT') return v16 ? 'Invalid' : 'NoCredit';
  if (decision.kind === 'UNAVAILABLE') return v16 ? 'Invalid' : 'NotAtThisTime';
  return undefined;
}

/** The subprotocols served on one port (OCPP-J 1.6 §3.1.2, OCPP 2.0.1 Part 4 §3.1.2); the first mutual one wins. */
const protocols = { 'ocpp2.0.1': 'OCPP201', 'ocpp1.6': 'OCPP16' } as const satisfies Record<string, FrameProtocol>;
type Subprotocol = keyof typeof protocols;

/** Calls this CSMS answers, per protocol; any other gets NotImplemented from ocpp-rpc. */
const handledActions: Record<Subprotocol, readonly string[]> = {
  'ocpp1.6': [
    'BootNotification',
    'Heartbeat',
    'StatusNotification',
    'Authorize',
    'StartTransaction',
    'MeterValues',
    'StopTransaction',
    'DataTransfer',
    'FirmwareStatusNotification',
    'DiagnosticsStatusNotification',
  ],
  'ocpp2.0.1': [
    'BootNotification',
    'Heartbeat',
    'StatusNotification',
    'Authorize',
    'TransactionEvent',
    'MeterValues',
    'NotifyEvent',
    'SecurityEventNotification',
    'DataTransfer',
    'FirmwareStatusNotification',
    'LogStatusNotification',
  ],
};

type Params = Record<string, unknown>;

/**
 * OCPP 1.6 transaction ids are the CSMS's to give (§4.8). Derived from what identifies the start, so a charger that
 * sends the same StartTransaction again (a replay after reconnect) gets the same id and nothing is counted twice;
 * 31 bits because 1.6 declares it an integer and chargers keep it in an int32.
 */
export function transactionIdFor(chargerId: string, params: Params): number {
  const digest = createHash('sha256')
    .update(
      JSON.stringify([chargerId, params['connectorId'], params['idTag'], params['timestamp'], params['meterStart']]),
    )
    .digest();
  return digest.readUInt32BE(0) & 0x7fffffff || 1;
}

interface Connection {
  readonly chargerId: string;
  readonly connectionId: string;
  readonly subprotocol: Subprotocol;
  readonly provisioned: boolean;
  readonly frames: FrameSequence;
  readonly rawByCall: Map<string, Promise<RawFrame>>;
  readonly bucket: TokenBucket;
  overLimit: number;
}

/** The central system: chargers connect over WebSocket, every frame lands on Kafka before it is answered. */
export class Csms {
  readonly #deps: CsmsDependencies;
  readonly #server: RPCServer;
  readonly #intake: EdgeIntake;
  #httpServer: Server | undefined;
  #connections = 0;
  readonly #clients = new Map<string, { client: RPCServerClient; connection: Connection }>();
  #router: CommandRouter | undefined;
  #tokens: TokenBook | undefined;
  #closeTokens: (() => Promise<void>) | undefined;
  #prepaid: PrepaidAuthorizer | undefined;

  constructor(deps: CsmsDependencies) {
    this.#deps = deps;
    this.#intake = EdgeIntake.create(deps.kafka, `ocpp-${deps.instanceId}`, deps);
    this.#server = new RPCServer({
      protocols: Object.keys(protocols),
      strictMode: true,
      respondWithDetailedErrors: false,
      maxBadMessages: 10,
      callConcurrency: 1,
      wssOptions: { maxPayload: deps.settings.maxMessageBytes * 4 },
    });
    this.#server.auth((accept, reject, handshake) => {
      void this.#authenticate(handshake.identity, handshake.password).then(
        (outcome) =>
          outcome === 'refused' ? reject(401, 'Unauthorized') : accept({ provisioned: outcome === 'known' }),
        (error: unknown) => {
          deps.logger.error({ err: error, chargerId: handshake.identity }, 'authentication failed');
          reject(500, 'Internal Server Error');
        },
      );
    });
    this.#server.on('client', (client) => this.#attach(client));
  }

  /** Chargers connected to this instance now. */
  get connections(): number {
    return this.#connections;
  }

  async listen(): Promise<number> {
    const { host, port, tls } = this.#deps.settings;
    const { tokens } = this.#deps;
    if (tokens !== undefined) {
      // Every instance reads the whole compacted topic into memory before it answers, and keeps following it.
      const followed = await followTokenBook({
        kafka: this.#deps.kafka,
        codec: tokens.codec,
        acceptUnknown: tokens.acceptUnknown,
        application: 'connector-ocpp',
        instanceId: this.#deps.instanceId,
        logger: this.#deps.logger,
      });
      this.#tokens = followed.book;
      this.#closeTokens = followed.close;
    }

    if (this.#deps.prepaid !== undefined) {
      const prepaid = new PrepaidAuthorizer({
        ...this.#deps.prepaid,
        sender: this.#intake.sender,
        logger: this.#deps.logger,
      });
      await prepaid.start(this.#deps.kafka, this.#deps.instanceId);
      this.#prepaid = prepaid;
    }

    if (tls === undefined) {
      this.#httpServer = await this.#server.listen(port, host);
    } else {
      // Security Profile 2: TLS, then the same Basic auth; ocpp-rpc's upgrade handler serves the https server.
      const server = createHttpsServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' });
      server.on('upgrade', this.#server.handleUpgrade);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      this.#httpServer = server;
    }
    const { commands } = this.#deps;
    if (commands !== undefined) {
      this.#router = new CommandRouter({
        ...commands,
        kafka: this.#deps.kafka,
        instanceId: this.#deps.instanceId,
        sender: this.#intake.sender,
        execute: (command) => this.execute(command),
        logger: this.#deps.logger,
      });
      await this.#router.start();
    }
    const address = this.#httpServer.address();
    return typeof address === 'object' && address !== null ? address.port : port;
  }

  /**
   * Sends a command to a charger connected to this instance and says how it ended. Not connected here, or past its
   * deadline: TIMEOUT, without sending anything.
   */
  async execute(command: ChargerCommand): Promise<ChargerCommandResult> {
    const deadline = commandDeadline(command, this.#deps.commands?.defaultTimeoutMs ?? defaultCommandTimeoutMs);
    const expired = expiredResult(command, deadline);
    if (expired !== undefined) return expired;
    const held = this.#clients.get(command.chargerId);
    if (held === undefined) return offlineResult(command);
    const answer = (outcome: ChargerCommandResult['outcome'], details: Parameters<typeof commandResult>[2]) =>
      commandResult(command, outcome, details);
    const call = ocppCallFor(command, held.connection.subprotocol);
    if (call === undefined)
      return answer('REJECTED', { reason: `not supported for ${held.connection.subprotocol} yet` });
    try {
      const response = await held.client.call(call.action, call.params, {
        callTimeoutMs: Math.max(1, deadline - Date.now()),
      });
      const { outcome, status, reason } = outcomeOf(response);
      return answer(outcome, { action: call.action, status, reason });
    } catch (error) {
      const { name, rpcErrorCode, message } = error as { name?: string; rpcErrorCode?: string; message?: string };
      if (name === 'TimeoutError')
        return answer('TIMEOUT', { action: call.action, reason: 'no answer before the deadline' });
      return answer('ERROR', {
        action: call.action,
        errorCode: rpcErrorCode ?? name ?? 'ERROR',
        reason: message ?? String(error),
      });
    }
  }

  async close(): Promise<void> {
    await this.#server.close({ code: 1001, reason: 'CSMS shutting down', awaitPending: true });
    await this.#router?.close();
    await this.#closeTokens?.();
    await this.#prepaid?.close();
    await this.#intake.close();
    if (this.#deps.settings.tls !== undefined) {
      await new Promise<void>((resolve) => this.#httpServer?.close(() => resolve()) ?? resolve());
    }
  }

  /** OCPP Security Profile 1 (HTTP Basic, username = charger id; Part 2 of the OCPP security whitepaper). */
  async #authenticate(chargerId: string, password: Buffer | undefined): Promise<'known' | 'provisional' | 'refused'> {
    const { credentials, settings, logger } = this.#deps;
    if (credentials.knows(chargerId)) {
      if (await credentials.verify(chargerId, password)) return 'known';
      logger.warn({ chargerId }, 'refused: wrong password');
      return 'refused';
    }
    if (settings.autoProvision) return 'provisional';
    logger.warn({ chargerId }, 'refused: unknown station');
    return 'refused';
  }

  #attach(client: RPCServerClient): void {
    const { settings, instanceId, logger } = this.#deps;
    const subprotocol = client.protocol as Subprotocol;
    this.#connections += 1;
    const connectionId = `${instanceId}-${Date.now().toString(36)}-${this.#connections}`;
    const connection: Connection = {
      chargerId: client.identity,
      connectionId,
      subprotocol,
      provisioned: (client.session as { provisioned?: boolean }).provisioned === true,
      frames: new FrameSequence(connectionId),
      rawByCall: new Map(),
      bucket: new TokenBucket(settings.rateLimitPerSecond, settings.rateLimitBurst),
      overLimit: 0,
    };
    const log = logger.child({ chargerId: connection.chargerId, connectionId: connection.connectionId });
    log.info({ protocol: subprotocol }, 'charger connected');
    this.#clients.set(connection.chargerId, { client, connection });
    this.#announce(connection, true);
    client.on('message', ({ message, outbound }: { message: Buffer | string; outbound: boolean }) => {
      const raw = this.#rawFrame(connection, Buffer.from(message), outbound ? 'TO_CHARGER' : 'FROM_CHARGER');
      const written = this.#intake.writeFrame(raw).then(() => raw);
      if (!outbound && raw.messageTypeId === 2 && raw.uniqueId !== null) {
        connection.rawByCall.set(raw.uniqueId, written);
      }
      // Our answer closes the call; calls ocpp-rpc answered without a handler (refused ones) are forgotten here too.
      if (outbound && raw.messageTypeId !== 2 && raw.uniqueId !== null) connection.rawByCall.delete(raw.uniqueId);
      written.catch((error: unknown) => log.error({ err: error, frame: raw.eventId }, 'raw frame not written'));
    });
    client.on('close', ({ code, reason }: { code: number; reason: string }) => {
      this.#connections -= 1;
      if (this.#clients.get(connection.chargerId)?.connection === connection)
        this.#clients.delete(connection.chargerId);
      this.#announce(connection, false);
      log.info({ code, reason: String(reason) }, 'charger disconnected');
    });
    for (const action of handledActions[subprotocol]) {
      client.handle(action, async ({ messageId, params }: { messageId: string; params: Params }) => {
        const raw = await connection.rawByCall.get(messageId);
        connection.rawByCall.delete(messageId);
        this.#admit(client, connection, raw);
        const { response, escrowId } = await this.#respond(connection, action, params, raw?.eventId ?? messageId);
        const normalized =
          subprotocol === 'ocpp1.6'
            ? normalize16(connection.chargerId, action, params, response, settings.heartbeatIntervalSeconds * 1000)
            : normalize201(connection.chargerId, action, params, response, settings.heartbeatIntervalSeconds * 1000);
        const events = escrowId === null ? normalized : normalized.map((event) => withEscrow(event, escrowId));
        if (raw !== undefined && events.length > 0) await this.#intake.writeChargerEvents(raw, events);
        return response;
      });
    }
  }

  /** Size and rate limits: a CALLERROR for the offending call; a station far over its rate is disconnected. */
  #admit(client: RPCServerClient, connection: Connection, raw: RawFrame | undefined): void {
    const { settings } = this.#deps;
    if (raw !== undefined && raw.payload.length > settings.maxMessageBytes) {
      // OCPP 1.6 spells it FormationViolation (§4.2.3), 2.0.1 FormatViolation (Part 4 §4.3).
      const code = connection.subprotocol === 'ocpp1.6' ? 'FormationViolation' : 'FormatViolation';
      throw createRPCError(
        code,
        `message of ${raw.payload.length} bytes exceeds the limit of ${settings.maxMessageBytes}`,
      );
    }
    if (connection.bucket.take()) {
      connection.overLimit = 0;
      return;
    }
    connection.overLimit += 1;
    if (connection.overLimit > settings.rateLimitBurst) {
      void client.close({ code: 1008, reason: 'rate limit exceeded' });
    }
    throw createRPCError('GenericError', `rate limit of ${settings.rateLimitPerSecond} messages/s exceeded`);
  }

  /**
   * What the protocol needs back (OCPP 1.6 §6, OCPP 2.0.1 Part 2 §1); authorizations from `registry.tokens`, and for
   * a prepaid account's start the escrow lock (`escrowId`, put on the TransactionStarted it normalises to).
   */
  async #respond(
    connection: Connection,
    action: string,
    params: Params,
    requestId: string,
  ): Promise<{ response: Params; escrowId: string | null }> {
    const answer = (response: Params, escrowId: string | null = null) => ({ response, escrowId });
    switch (action) {
      case 'BootNotification':
        return answer({
          status: connection.provisioned ? 'Accepted' : 'Pending',
          currentTime: new Date().toISOString(),
          interval: this.#deps.settings.heartbeatIntervalSeconds,
        });
      case 'Heartbeat':
        return answer({ currentTime: new Date().toISOString() });
      case 'DataTransfer':
        return answer({ status: 'UnknownVendorId' });
    }
    const v16 = connection.subprotocol === 'ocpp1.6';
    let escrowId: string | null = null;
    const decide = async (idTag: string, start: 'authorize' | 'start' | undefined) => {
      const decision = this.#tokens?.decide(idTag) ?? acceptedWithoutBook;
      let status = ocppTokenStatus(decision, connection.subprotocol);
      if (status === 'Accepted' && start !== undefined && this.#prepaid !== undefined) {
        const prepaid = await this.#prepaid.authorize({
          chargerId: connection.chargerId,
          idTag,
          requestId,
          at: Date.now(),
          handOver: start === 'start',
        });
        if (prepaid.kind === 'LOCKED') escrowId = prepaid.escrowId;
        else if (prepaid.kind !== 'NOT_PREPAID') {
          this.#deps.logger.warn(
            { chargerId: connection.chargerId, idTag, reason: prepaid.reason },
            'prepaid start refused',
          );
        }
        status = prepaidStatus(prepaid, v16) ?? status;
      }
      const expiry =
        decision.expiresAt === null
          ? {}
          : { [v16 ? 'expiryDate' : 'cacheExpiryDateTime']: new Date(decision.expiresAt).toISOString() };
      const parent =
        decision.parentIdTag === null
          ? {}
          : v16
            ? { parentIdTag: decision.parentIdTag }
            : { groupIdToken: { idToken: decision.parentIdTag, type: 'Central' } };
      return { status, ...expiry, ...parent };
    };
    if (v16) {
      const idTag = String(params['idTag']);
      if (action === 'Authorize') return answer({ idTagInfo: await decide(idTag, 'authorize') });
      if (action === 'StartTransaction') {
        const idTagInfo = await decide(idTag, 'start');
        return answer({ transactionId: transactionIdFor(connection.chargerId, params), idTagInfo }, escrowId);
      }
      if (action === 'StopTransaction' && params['idTag'] !== undefined) {
        return answer({ idTagInfo: await decide(idTag, undefined) });
      }
      return answer({});
    }
    const idToken = record(params['idToken'])['idToken'];
    if (action === 'Authorize') return answer({ idTokenInfo: await decide(String(idToken), 'authorize') });
    if (action === 'TransactionEvent' && idToken !== undefined) {
      // A start, or a transaction authorised after it began (E02): both need the lock before charging.
      const starts =
        params['eventType'] === 'Started' ||
        (params['eventType'] === 'Updated' && params['triggerReason'] === 'Authorized');
      const idTokenInfo = await decide(String(idToken), starts ? 'start' : undefined);
      return answer({ idTokenInfo }, escrowId);
    }
    return answer({});
  }

  /** Presence for the command router: which instance holds the charger now (a compacted topic, JSON). */
  #announce(connection: Connection, connected: boolean): void {
    const { commands, instanceId, logger } = this.#deps;
    if (commands === undefined) return;
    const record = { instanceId, connectionId: connection.connectionId, connected, at: Date.now() };
    this.#intake.sender
      .send([presenceMessage(commands, connection.chargerId, record)])
      .catch((error: unknown) => logger.error({ err: error, chargerId: connection.chargerId }, 'presence not written'));
  }

  #rawFrame(connection: Connection, payload: Buffer, direction: FrameDirection): RawFrame {
    const receivedAt = Date.now();
    let messageTypeId: number | null = null;
    let uniqueId: string | null = null;
    let action: string | null = null;
    let parseError: string | null = null;
    try {
      const frame = JSON.parse(payload.toString('utf8')) as unknown;
      if (!Array.isArray(frame)) throw new Error('not an OCPP-J array');
      messageTypeId = typeof frame[0] === 'number' ? frame[0] : null;
      uniqueId = typeof frame[1] === 'string' ? frame[1] : null;
      action = messageTypeId === 2 && typeof frame[2] === 'string' ? frame[2] : null;
    } catch (error) {
      parseError = (error as Error).message;
    }
    return connection.frames.next(
      {
        chargerId: connection.chargerId,
        protocol: protocols[connection.subprotocol],
        direction,
        payload,
        mqttTopic: null,
        messageTypeId,
        uniqueId,
        action,
        parseError,
      },
      receivedAt,
    );
  }
}

/** The lock the central system placed for a start, on the TransactionStarted it normalised to. */
function withEscrow(event: NormalizedEvent, escrowId: string): NormalizedEvent {
  const started =
    'vz.charger.TransactionStarted' in event.payload ? event.payload['vz.charger.TransactionStarted'] : undefined;
  if (started === undefined) return event;
  return { ...event, payload: { 'vz.charger.TransactionStarted': { ...started, escrowId } } };
}

type RPCServerClient = Parameters<Parameters<RPCServer['on']>[1]>[0] & {
  identity: string;
  protocol: string;
  session: Record<string, unknown>;
  handle(method: string, handler: (call: { messageId: string; params: Params }) => Promise<unknown>): void;
  close(options: { code: number; reason: string }): Promise<unknown>;
  on(event: string, listener: (...args: never[]) => void): unknown;
};
