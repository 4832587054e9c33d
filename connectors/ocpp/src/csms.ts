import type { Server } from 'node:http';
import type { KafkaConfig } from '@vz/kafka';
import type { Subprotocol } from '@vz/ocpp';
import type {
  AuthorizationToken,
  ChargerCommand,
  ChargerCommandResult,
  ChargerEvent,
  RawFrame,
  TopicCodec,
} from '@vz/schemas';
import type { RPCServer } from 'ocpp-rpc';
import type { Logger } from 'pino';
import {
  CommandRouter,
  type CommandTopics,
  EdgeIntake,
  followTokenBook,
  PrepaidAuthorizer,
  type PrepaidDependencies,
  type TokenBook,
} from '@vz/edge';
import { executeCommand } from './commands/execute.ts';
import { announcePresence } from './commands/presence.ts';
import { authorizeToken } from './handlers/authorization.ts';
import { type CallContext, handleCall, type RegisteredHandler } from './handlers/handler.ts';
import type { StationCredentials } from './stations/credentials.ts';
import { ChargerConnection, type ConnectionLimits, type ReceivedCall } from './transport/connection.ts';
import type { RPCServerClient } from './transport/rpc-client.ts';
import { createOcppServer, listenOcpp, type ServerSettings } from './transport/server.ts';
import { subprotocols, versions } from './versions.ts';

export interface CsmsSettings extends ServerSettings, ConnectionLimits {
  readonly heartbeatIntervalSeconds: number;
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

/**
 * The central system: chargers connect over WebSocket (transport/), each speaking the version negotiated at the
 * handshake (ocpp16/, ocpp201/: one handler per action), every frame lands on Kafka before it is answered, and
 * remote commands reach the charger through the connection that holds it (commands/).
 */
export class Csms {
  readonly #deps: CsmsDependencies;
  readonly #server: RPCServer;
  readonly #intake: EdgeIntake;
  #httpServer: Server | undefined;
  #connections = 0;
  readonly #held = new Map<string, ChargerConnection>();
  #router: CommandRouter | undefined;
  #tokens: TokenBook | undefined;
  #closeTokens: (() => Promise<void>) | undefined;
  #prepaid: PrepaidAuthorizer | undefined;

  constructor(deps: CsmsDependencies) {
    this.#deps = deps;
    this.#intake = EdgeIntake.create(deps.kafka, `ocpp-${deps.instanceId}`, deps);
    this.#server = createOcppServer({
      settings: deps.settings,
      subprotocols,
      credentials: deps.credentials,
      logger: deps.logger,
      onClient: (client) => this.#attach(client),
    });
  }

  /** Chargers connected to this instance now. */
  get connections(): number {
    return this.#connections;
  }

  async listen(): Promise<number> {
    const { kafka, instanceId, logger, tokens, prepaid, commands } = this.#deps;
    if (tokens !== undefined) {
      // Every instance reads the whole compacted topic into memory before it answers, and keeps following it.
      const followed = await followTokenBook({
        kafka,
        codec: tokens.codec,
        acceptUnknown: tokens.acceptUnknown,
        application: 'connector-ocpp',
        instanceId,
        logger,
      });
      this.#tokens = followed.book;
      this.#closeTokens = followed.close;
    }
    if (prepaid !== undefined) {
      const authorizer = new PrepaidAuthorizer({ ...prepaid, sender: this.#intake.sender, logger });
      await authorizer.start(kafka, instanceId);
      this.#prepaid = authorizer;
    }
    this.#httpServer = await listenOcpp(this.#server, this.#deps.settings);
    if (commands !== undefined) {
      this.#router = new CommandRouter({
        ...commands,
        kafka,
        instanceId,
        sender: this.#intake.sender,
        execute: (command) => this.execute(command),
        logger,
      });
      await this.#router.start();
    }
    const address = this.#httpServer.address();
    return typeof address === 'object' && address !== null ? address.port : this.#deps.settings.port;
  }

  /**
   * Sends a command to a charger connected to this instance and says how it ended. Not connected here, or past its
   * deadline: TIMEOUT, without sending anything.
   */
  execute(command: ChargerCommand): Promise<ChargerCommandResult> {
    return executeCommand(command, this.#held.get(command.chargerId), this.#deps.commands?.defaultTimeoutMs);
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

  #attach(client: RPCServerClient): void {
    const { settings, instanceId, logger } = this.#deps;
    this.#connections += 1;
    const connection = new ChargerConnection(client, {
      connectionId: `${instanceId}-${Date.now().toString(36)}-${this.#connections}`,
      // ocpp-rpc offers only the subprotocols of `versions` and refuses a handshake without a mutual one.
      version: versions[client.protocol as Subprotocol],
      intake: this.#intake,
      limits: settings,
      logger,
    });
    connection.log.info({ protocol: connection.version.subprotocol }, 'charger connected');
    this.#held.set(connection.chargerId, connection);
    this.#announce(connection, true);
    connection.onClose(({ code, reason }) => {
      this.#connections -= 1;
      if (this.#held.get(connection.chargerId) === connection) this.#held.delete(connection.chargerId);
      this.#announce(connection, false);
      connection.log.info({ code, reason: String(reason) }, 'charger disconnected');
    });
    for (const handler of connection.version.handlers) {
      connection.handle(handler.action, (call) => this.#answer(connection, handler, call));
    }
  }

  /** Answers a call and writes the charger events it means, tied to its raw frame. */
  async #answer(connection: ChargerConnection, handler: RegisteredHandler, call: ReceivedCall): Promise<unknown> {
    const { raw } = call;
    const requestId = raw?.eventId ?? call.messageId;
    const context: CallContext = {
      chargerId: connection.chargerId,
      provisioned: connection.provisioned,
      heartbeatIntervalSeconds: this.#deps.settings.heartbeatIntervalSeconds,
      authorize: (idTag, purpose) =>
        authorizeToken(
          { tokens: this.#tokens, prepaid: this.#prepaid, logger: this.#deps.logger },
          { chargerId: connection.chargerId, idTag, requestId, purpose },
        ),
    };
    const heartbeatIntervalMs = this.#deps.settings.heartbeatIntervalSeconds * 1000;
    const { response, events } = await handleCall(handler, call.params, context, heartbeatIntervalMs);
    if (raw !== undefined && events.length > 0) await this.#intake.writeChargerEvents(raw, events);
    return response;
  }

  #announce(connection: ChargerConnection, connected: boolean): void {
    const { commands, instanceId, logger } = this.#deps;
    if (commands === undefined) return;
    announcePresence({ sender: this.#intake.sender, commands, instanceId, logger }, connection, connected);
  }
}
