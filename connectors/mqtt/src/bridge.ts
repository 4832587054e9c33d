import {
  commandDeadline,
  commandResult,
  CommandRouter,
  defaultCommandTimeoutMs,
  type CommandTopics,
  EdgeIntake,
  expiredResult,
  followTokenBook,
  FrameSequence,
  type LocatedFrame,
  offlineResult,
  PrepaidAuthorizer,
  type PrepaidDependencies,
  presenceMessage,
  type TokenBook,
} from '@vz/edge';
import type { KafkaConfig } from '@vz/kafka';
import type {
  AuthorizationToken,
  ChargerCommand,
  ChargerCommandResult,
  ChargerEvent,
  DeadLetter,
  FrameDirection,
  RawFrame,
  TopicCodec,
} from '@vz/schemas';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { normalizePlugState } from './normalize.ts';
import {
  describeIssues,
  type PlugAuthorization,
  type PlugAuthorize,
  plugAuthorizeSchema,
  type PlugCommand,
  plugAvailabilitySchema,
  plugCommandResultSchema,
  plugInboundTopicFilters,
  plugOutboundTopicKinds,
  plugStateSchema,
  plugTopic,
  plugTopicOf,
} from './plug-message.ts';

export interface MqttBridgeDependencies {
  readonly brokerUrl: string;
  /** Only plugs whose id starts with this are bridged; others on the broker belong to another bridge. Default: all. */
  readonly plugIdPrefix?: string;
  readonly username: string;
  readonly password: string;
  readonly instanceId: string;
  readonly kafka: KafkaConfig;
  readonly rawFrames: TopicCodec<RawFrame>;
  readonly chargerEvents: TopicCodec<ChargerEvent>;
  readonly deadLetters: TopicCodec<DeadLetter>;
  /** Commands to plugs (switch on/off); the bridge joins the edge connectors' command routing. */
  readonly commands?: CommandTopics | undefined;
  /** `registry.tokens`: plugs' authorizations are answered from it; without it every token is accepted. */
  readonly tokens?: { readonly codec: TopicCodec<AuthorizationToken>; readonly acceptUnknown: boolean } | undefined;
  /**
   * Prepaid starts: an authorization of a prepaid account's token is accepted only once its escrow lock is on chain
   * (PrepaidAuthorizer); without it every authorization is decided by the token alone.
   */
  readonly prepaid?: Omit<PrepaidDependencies, 'sender' | 'logger'> | undefined;
  readonly logger: Logger;
}

/** The application name of the bridge: its dead letters go to `connector-mqtt-dlq`. */
export const mqttBridgeApplication = 'connector-mqtt';

interface PendingCommand {
  readonly command: ChargerCommand;
  readonly resolve: (result: ChargerCommandResult) => void;
}

/**
 * Plugs publish to the broker; the bridge writes every message verbatim to the raw-frames topic, then either the
 * charger events it means or a dead letter with the reason. It acknowledges a QoS 1 message (PUBACK) only after
 * Kafka has it, so a message the broker delivered is never lost: if the bridge dies first, the broker redelivers.
 *
 * Commands: a plug that says it is `online` (or reports its state) is announced on the edge presence board as reached
 * by this bridge, so a command for it is routed here from any edge instance; the bridge publishes it to the plug's
 * command topic and reports the plug's answer, or TIMEOUT at the deadline.
 */
export class MqttBridge {
  readonly #deps: MqttBridgeDependencies;
  readonly #intake: EdgeIntake;
  /** The bridge is one connection (its MQTT client session): every plug's frames are numbered in it. */
  readonly #frames: FrameSequence;
  /** Plugs this bridge has announced as reachable. */
  readonly #present = new Set<string>();
  readonly #pending = new Map<string, PendingCommand>();
  #router: CommandRouter | undefined;
  #tokens: TokenBook | undefined;
  #closeTokens: (() => Promise<void>) | undefined;
  #prepaid: PrepaidAuthorizer | undefined;
  /**
   * Plug messages being written and authorizations being decided (a prepaid one waits for the chain): finished
   * before the bridge closes its producer.
   */
  readonly #inFlight = new Set<Promise<void>>();
  #client: MqttClient | undefined;

  constructor(deps: MqttBridgeDependencies) {
    this.#deps = deps;
    this.#frames = new FrameSequence(`${deps.instanceId}-${Date.now().toString(36)}`);
    this.#intake = EdgeIntake.create(deps.kafka, `mqtt-${deps.instanceId}`, deps);
  }

  async start(): Promise<void> {
    const { brokerUrl, username, password, instanceId, commands, kafka, logger, tokens, prepaid } = this.#deps;
    if (tokens !== undefined) {
      const followed = await followTokenBook({
        kafka,
        codec: tokens.codec,
        acceptUnknown: tokens.acceptUnknown,
        application: mqttBridgeApplication,
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
    this.#client = await mqtt.connectAsync(brokerUrl, {
      username,
      password,
      protocolVersion: 5,
      // A persistent session: QoS 1 messages published while the bridge is away wait for it at the broker.
      clientId: `vz-bridge-${instanceId}`,
      clean: false,
      properties: { sessionExpiryInterval: 24 * 3600 },
      customHandleAcks: (topic, payload, _packet, done) => {
        this.#track(this.#handle(topic, payload)).then(
          () => done(0),
          (error: unknown) => {
            logger.error({ err: error, topic }, 'could not write to Kafka; the broker will redeliver');
            // MQTT 5 reason code 0x80 "Unspecified error": no PUBACK success, so the message is not lost.
            done(0x80);
          },
        );
      },
    });
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
    // customHandleAcks covers QoS 1 and 2; retained QoS 0 availability messages arrive here.
    this.#client.on('message', (topic, payload, packet) => {
      if (packet.qos === 0) {
        void this.#track(this.#handle(topic, payload)).catch((error: unknown) => logger.error({ err: error }));
      }
    });
    await this.#client.subscribeAsync(plugInboundTopicFilters, { qos: 1 });
    logger.info({ brokerUrl, topics: plugInboundTopicFilters }, 'bridging plugs');
  }

  async close(): Promise<void> {
    await this.#router?.close();
    await Promise.allSettled(this.#inFlight);
    for (const plugId of this.#present) this.#announce(plugId, false);
    await this.#client?.endAsync();
    // Messages that arrived while the client was ending.
    await Promise.allSettled(this.#inFlight);
    await this.#closeTokens?.();
    await this.#prepaid?.close();
    await this.#intake.close();
  }

  /** Publishes a command to a plug this bridge reaches and waits for its answer until the command's deadline. */
  async execute(command: ChargerCommand): Promise<ChargerCommandResult> {
    const deadline = commandDeadline(command, this.#deps.commands?.defaultTimeoutMs ?? defaultCommandTimeoutMs);
    const expired = expiredResult(command, deadline);
    if (expired !== undefined) return expired;
    const client = this.#client;
    if (client === undefined || !this.#present.has(command.chargerId)) return offlineResult(command);
    const switchCommand =
      'vz.charger.SwitchPlugCommand' in command.payload ? command.payload['vz.charger.SwitchPlugCommand'] : undefined;
    const action = 'switch';
    if (switchCommand === undefined)
      return commandResult(command, 'REJECTED', { reason: 'MQTT plugs take only SwitchPlugCommand' });
    const message: PlugCommand = {
      commandId: command.commandId,
      command: action,
      on: switchCommand.on,
      expiresAt: deadline,
    };
    const payload = Buffer.from(JSON.stringify(message));
    const topic = plugTopic(command.chargerId, 'commands');
    const answered = new Promise<ChargerCommandResult>((resolve) =>
      this.#pending.set(command.commandId, { command, resolve }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<ChargerCommandResult>((resolve) => {
      timer = setTimeout(
        () => resolve(commandResult(command, 'TIMEOUT', { action, reason: 'no answer before the deadline' }, deadline)),
        deadline - Date.now(),
      );
    });
    try {
      await this.#writeRaw(command.chargerId, topic, payload, 'TO_CHARGER', action, null);
      await client.publishAsync(topic, payload, { qos: 1 });
      return await Promise.race([answered, timedOut]);
    } catch (error) {
      return commandResult(command, 'ERROR', { action, errorCode: 'PUBLISH_FAILED', reason: String(error) });
    } finally {
      clearTimeout(timer);
      this.#pending.delete(command.commandId);
    }
  }

  async #handle(topic: string, payload: Buffer): Promise<void> {
    const receivedAt = Date.now();
    const addressed = plugTopicOf(topic);
    if (addressed !== undefined && !addressed.plugId.startsWith(this.#deps.plugIdPrefix ?? '')) return;
    const plugId = addressed?.plugId ?? 'unknown';
    let parsed: unknown;
    let parseError: string | null = null;
    if (addressed?.kind === 'availability') parsed = payload.toString('utf8').trim();
    else {
      try {
        parsed = JSON.parse(payload.toString('utf8'));
      } catch (error) {
        parseError = (error as Error).message;
      }
    }
    const raw = await this.#writeRaw(plugId, topic, payload, 'FROM_CHARGER', addressed?.kind ?? null, parseError);
    const refuse = (reason: string, stage: DeadLetter['stage']) => this.#deadLetter(raw, topic, reason, stage);
    if (addressed === undefined || plugOutboundTopicKinds.has(addressed.kind))
      return refuse(`topic ${topic} is not one a plug publishes to`, 'VALIDATE');
    if (parseError !== null) return refuse(`not JSON: ${parseError}`, 'DECODE');
    const invalid = (error: z.ZodError) => refuse(describeIssues(error), 'VALIDATE');

    if (addressed.kind === 'availability') {
      const availability = plugAvailabilitySchema.safeParse(parsed);
      if (!availability.success) return invalid(availability.error);
      if ((availability.data === 'online') !== this.#present.has(plugId))
        this.#announce(plugId, availability.data === 'online');
      return undefined;
    }
    if (addressed.kind === 'command-results') {
      const answer = plugCommandResultSchema.safeParse(parsed);
      if (!answer.success) return invalid(answer.error);
      const pending = this.#pending.get(answer.data.commandId);
      if (pending === undefined) {
        this.#deps.logger.info({ plugId, commandId: answer.data.commandId }, 'late or unknown command result ignored');
        return undefined;
      }
      const outcome = answer.data.status === 'accepted' ? 'ACCEPTED' : 'REJECTED';
      pending.resolve(
        commandResult(
          pending.command,
          outcome,
          {
            action: 'switch',
            status: answer.data.status,
            reason: answer.data.reason ?? null,
            causationId: raw.eventId,
          },
          receivedAt,
        ),
      );
      return undefined;
    }
    if (addressed.kind === 'authorize') {
      const request = plugAuthorizeSchema.safeParse(parsed);
      if (!request.success) return invalid(request.error);
      // Answered in the background: a prepaid decision waits for the chain, and the plug's other messages (and other
      // plugs') must not wait behind it. The request is on Kafka already; a plug without an answer asks again.
      void this.#track(this.#authorize(plugId, request.data, receivedAt)).catch((error: unknown) =>
        this.#deps.logger.error(
          { err: error, plugId, requestId: request.data.requestId },
          'authorization not answered',
        ),
      );
      return undefined;
    }
    const state = plugStateSchema.safeParse(parsed);
    if (!state.success) return invalid(state.error);
    // A plug that reports is reachable, even one that never published its availability.
    if (!this.#present.has(plugId)) this.#announce(plugId, true);
    const events = normalizePlugState(plugId, state.data).map((event) => ({
      ...event,
      occurredAt: state.data.timestamp,
    }));
    await this.#intake.writeChargerEvents(raw, events, receivedAt);
    return undefined;
  }

  #track(work: Promise<void>): Promise<void> {
    this.#inFlight.add(work);
    const settled = (): void => void this.#inFlight.delete(work);
    work.then(settled, settled);
    return work;
  }

  /**
   * Decides a plug's authorization like the OCPP central system decides an Authorize: the token book first, then for
   * a prepaid account the escrow lock, and publishes the answer (written to the raw frames first, like a command).
   */
  async #authorize(plugId: string, request: PlugAuthorize, at: number): Promise<void> {
    const answer = await this.#decide(plugId, request, at);
    if (answer.status === 'rejected') {
      this.#deps.logger.info({ plugId, requestId: request.requestId, reason: answer.reason }, 'authorization rejected');
    }
    const client = this.#client;
    if (client === undefined) return;
    const topic = plugTopic(plugId, 'authorization');
    const payload = Buffer.from(JSON.stringify(answer));
    await this.#writeRaw(plugId, topic, payload, 'TO_CHARGER', 'authorization', null);
    await client.publishAsync(topic, payload, { qos: 1 });
  }

  async #decide(plugId: string, request: PlugAuthorize, at: number): Promise<PlugAuthorization> {
    const { requestId, idTag } = request;
    const token = this.#tokens?.decide(idTag, at);
    if (token !== undefined && token.status !== 'ACCEPTED') {
      const reason = token.known ? token.status.toLowerCase().replaceAll('_', ' ') : 'unknown token';
      return { requestId, status: 'rejected', reason };
    }
    if (this.#prepaid === undefined) return { requestId, status: 'accepted' };
    const prepaid = await this.#prepaid.authorize({
      chargerId: plugId,
      idTag,
      // From the plug's own request id, not the frame's: a plug asking again (same requestId) gets the same escrow
      // id, so the chain connector answers ALREADY_DONE instead of locking twice.
      requestId: `${plugId}/mqtt/authorize/${requestId}`,
      at,
      // The lock is not held for a later start: the plug carries it to its start itself (session.escrowId).
      handOver: true,
    });
    if (prepaid.kind === 'NOT_PREPAID') return { requestId, status: 'accepted' };
    if (prepaid.kind === 'LOCKED') return { requestId, status: 'accepted', escrowId: prepaid.escrowId };
    this.#deps.logger.warn({ plugId, idTag, reason: prepaid.reason }, 'prepaid start refused');
    return { requestId, status: 'rejected', reason: prepaid.kind === 'NO_CREDIT' ? 'no credit' : 'unavailable' };
  }

  async #writeRaw(
    plugId: string,
    topic: string,
    payload: Buffer,
    direction: FrameDirection,
    action: string | null,
    parseError: string | null,
  ): Promise<LocatedFrame> {
    const raw = this.#frames.next({
      chargerId: plugId,
      protocol: 'MQTT',
      direction,
      payload,
      mqttTopic: topic,
      messageTypeId: null,
      uniqueId: null,
      action,
      parseError,
    });
    return this.#intake.writeFrameAndLocate(raw);
  }

  async #deadLetter(raw: LocatedFrame, topic: string, reason: string, stage: DeadLetter['stage']): Promise<void> {
    const letter: DeadLetter = {
      eventId: `${mqttBridgeApplication}:${raw.eventId}`,
      occurredAt: raw.receivedAt,
      causationId: raw.eventId,
      application: mqttBridgeApplication,
      // The dead letter points at the raw frame on Kafka, which holds the message verbatim.
      sourceTopic: raw.coordinates?.topic ?? this.#deps.rawFrames.topic,
      sourcePartition: raw.coordinates?.partition ?? -1,
      sourceOffset: raw.coordinates?.offset ?? -1,
      sourceTimestamp: raw.receivedAt,
      key: Buffer.from(raw.chargerId),
      value: raw.payload,
      headers: [{ key: 'mqtt-topic', value: Buffer.from(topic) }],
      errorCode: 'INPUT_INVALID',
      reason,
      stage,
      attempts: 1,
    };
    this.#deps.logger.warn({ plugId: raw.chargerId, topic, reason }, 'plug message refused');
    await this.#intake.write(this.#deps.deadLetters, raw.chargerId, [letter]);
  }

  /** Tells every edge instance whether this bridge reaches the plug (see CommandRouter). */
  #announce(plugId: string, online: boolean): void {
    if (online) this.#present.add(plugId);
    else this.#present.delete(plugId);
    const { commands, instanceId, logger } = this.#deps;
    if (commands === undefined) return;
    const record = { instanceId, connectionId: this.#frames.connectionId, connected: online, at: Date.now() };
    this.#intake.sender
      .send([presenceMessage(commands, plugId, record)])
      .catch((error: unknown) => logger.error({ err: error, plugId }, 'presence not written'));
  }
}
