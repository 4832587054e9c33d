import type { Message } from '@platformatic/kafka';
import { type BatchingSender, type FollowedTopic, followTopic, type KafkaConfig } from '@vz/kafka';
import type { ChargerCommand, ChargerCommandResult, TopicCodec } from '@vz/schemas';
import type { Logger } from 'pino';

/** Who holds a charger's socket: written by the instance on connect and on disconnect. */
export interface PresenceRecord {
  readonly instanceId: string;
  readonly connectionId: string;
  readonly connected: boolean;
  readonly at: number;
}

/**
 * The latest presence per charger, applied in topic order (one charger = one partition). A disconnect only clears
 * the owner when it closes the connection the board knows, so a charger that moved to another instance before its
 * old socket timed out stays with the new one.
 */
export class PresenceBoard {
  readonly #owners = new Map<string, { instanceId: string; connectionId: string }>();

  apply(chargerId: string, record: PresenceRecord): void {
    if (record.connected)
      this.#owners.set(chargerId, { instanceId: record.instanceId, connectionId: record.connectionId });
    else if (this.#owners.get(chargerId)?.connectionId === record.connectionId) this.#owners.delete(chargerId);
  }

  ownerOf(chargerId: string): string | undefined {
    return this.#owners.get(chargerId)?.instanceId;
  }
}

/** The topics of remote commands, and how long a command may wait. */
export interface CommandTopics {
  /** Consumer group shared by every edge instance, OCPP and MQTT alike (each command is routed by exactly one). */
  readonly application: string;
  readonly commands: TopicCodec<ChargerCommand>;
  readonly results: TopicCodec<ChargerCommandResult>;
  /** Compacted `<application>-connections-changelog`: charger or plug id → PresenceRecord (JSON). */
  readonly presenceTopic: string;
  /** `<application>-forwarded-commands`, keyed by the instance that reaches the charger. */
  readonly forwarded: TopicCodec<ChargerCommand>;
  /** How long a command without `expiresAt` may wait for its answer (and to be sent at all). */
  readonly defaultTimeoutMs: number;
}

export interface CommandRouterDependencies extends CommandTopics {
  readonly kafka: KafkaConfig;
  readonly instanceId: string;
  readonly sender: BatchingSender;
  /** Sends a command to a charger this instance reaches, or answers TIMEOUT/CHARGER_OFFLINE when it does not. */
  readonly execute: (command: ChargerCommand) => Promise<ChargerCommandResult>;
  readonly logger: Logger;
}

/**
 * Commands reach the instance that holds the charger's socket (OCPP) or that bridges the plug (MQTT), and each gets
 * exactly one result: the instance that owns the command's partition (one group shared by both connectors) looks the
 * charger up on the presence board; it
 * executes the command itself, forwards it to the owner through the forwarded-commands topic, or — nobody holds the
 * charger — answers TIMEOUT with CHARGER_OFFLINE. A forwarded command whose charger left meanwhile is answered the same
 * way by the instance it was forwarded to. Delivery is at least once: a crash between sending and committing may send
 * a command twice (ocpp-rpc gives every call a fresh message id, so the charger sees a new message).
 */
export class CommandRouter {
  readonly #deps: CommandRouterDependencies;
  readonly board = new PresenceBoard();
  readonly #followed: FollowedTopic[] = [];

  constructor(deps: CommandRouterDependencies) {
    this.#deps = deps;
  }

  async start(): Promise<void> {
    const { instanceId, application, presenceTopic, commands, forwarded, kafka, logger } = this.#deps;
    const follow = async (
      groupId: string,
      topic: string,
      from: 'earliest' | 'committed',
      handle: (message: Message) => Promise<void> | void,
    ) => {
      const followed = await followTopic({ kafka, groupId, topic, from, handle, logger });
      this.#followed.push(followed);
      return followed;
    };
    // Presence is read whole by every instance (its own throwaway group, from the start), before routing begins.
    const presence = await follow(
      `${application}-presence-${instanceId}-${Date.now()}`,
      presenceTopic,
      'earliest',
      (message) => {
        if (message.key === undefined || message.key === null || message.value === undefined || message.value === null)
          return;
        this.board.apply(message.key.toString('utf8'), JSON.parse(message.value.toString('utf8')) as PresenceRecord);
      },
    );
    await presence.caughtUp();
    await follow(`${application}-commands`, commands.topic, 'committed', (message) => this.#route(message));
    await follow(`${application}-forwarded-${instanceId}`, forwarded.topic, 'committed', (message) =>
      message.key?.toString('utf8') === instanceId ? this.#executeAndReport(message, forwarded) : undefined,
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.#followed.map((followed) => followed.close()));
  }

  async #route(message: Message): Promise<void> {
    const command = await this.#deps.commands.decode(message.value, message);
    const owner = this.board.ownerOf(command.chargerId);
    if (owner !== undefined && owner !== this.#deps.instanceId) {
      this.#deps.logger.debug({ commandId: command.commandId, owner }, 'forwarding command');
      await this.#deps.sender.send([
        { topic: this.#deps.forwarded.topic, key: Buffer.from(owner), value: this.#deps.forwarded.encode(command) },
      ]);
      return;
    }
    await this.#report(await this.#deps.execute(command));
  }

  async #executeAndReport(message: Message, codec: TopicCodec<ChargerCommand>): Promise<void> {
    await this.#report(await this.#deps.execute(await codec.decode(message.value, message)));
  }

  async #report(result: ChargerCommandResult): Promise<void> {
    const { results, sender } = this.#deps;
    await sender.send([{ topic: results.topic, key: Buffer.from(result.chargerId), value: results.encode(result) }]);
  }
}

/** The presence message an instance writes when it starts or stops reaching a charger. */
export function presenceMessage(
  topics: Pick<CommandTopics, 'presenceTopic'>,
  chargerId: string,
  record: PresenceRecord,
): { topic: string; key: Buffer; value: Buffer } {
  return { topic: topics.presenceTopic, key: Buffer.from(chargerId), value: Buffer.from(JSON.stringify(record)) };
}
