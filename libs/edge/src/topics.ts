import type { Admin } from '@platformatic/kafka';
import { bindWhenRegistered, ensureInternalTopic, ensureTopics } from '@vz/kafka';
import {
  type AvroCodec,
  changelogTopicName,
  type ChargerCommand,
  type ChargerCommandResult,
  topics,
} from '@vz/schemas';
import type { Logger } from 'pino';
import type { CommandTopics } from './router.ts';

/**
 * The application the edge connectors share for commands: one consumer group over `charger.commands`, one presence
 * board, one forwarding topic — an OCPP instance can route a command to the MQTT bridge that reaches a plug, and back.
 */
export const edgeApplication = 'charger-edge';

/** How long a command without `expiresAt` may wait, unless the connector is configured otherwise. */
export const defaultCommandTimeoutMs = 60_000;

/**
 * Creates the two internal topics if missing (presence, compacted; forwarded commands, a day) and binds the codecs of
 * the command topics. `prefix` isolates tests: it is put in front of every internal topic and of the application.
 */
export async function edgeCommandTopics(options: {
  readonly admin: Admin;
  readonly codec: AvroCodec;
  readonly logger: Logger;
  readonly defaultTimeoutMs?: number;
  readonly commandsTopic?: string;
  readonly resultsTopic?: string;
  readonly prefix?: string;
}): Promise<CommandTopics> {
  const { admin, codec, logger, prefix = '' } = options;
  const application = `${prefix}${edgeApplication}`;
  const presenceTopic = `${prefix}${changelogTopicName(edgeApplication, 'connections')}`;
  const forwardedTopic = `${application}-forwarded-commands`;
  const partitions = topics.chargerCommands.partitions;
  // Presence is JSON (no schema); the forwarded commands are ChargerCommands.
  await ensureTopics(admin, [{ name: presenceTopic, partitions, configs: { 'cleanup.policy': 'compact' } }]);
  const bind = <Value>(topic: string, schema: string) => bindWhenRegistered<Value>(codec, topic, schema, { logger });
  return {
    application,
    presenceTopic,
    defaultTimeoutMs: options.defaultTimeoutMs ?? defaultCommandTimeoutMs,
    commands: await bind<ChargerCommand>(
      options.commandsTopic ?? topics.chargerCommands.name,
      topics.chargerCommands.valueSchema,
    ),
    results: await bind<ChargerCommandResult>(
      options.resultsTopic ?? topics.chargerCommandResults.name,
      topics.chargerCommandResults.valueSchema,
    ),
    forwarded: await ensureInternalTopic<ChargerCommand>(
      admin,
      codec,
      { name: forwardedTopic, partitions, configs: { 'retention.ms': String(86_400_000) } },
      topics.chargerCommands.valueSchema,
    ),
  };
}
