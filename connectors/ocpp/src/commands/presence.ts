import { type CommandTopics, presenceMessage } from '@vz/edge';
import type { BatchingSender } from '@vz/kafka';
import type { Logger } from 'pino';

/** Presence for the command router: which instance holds the charger now (a compacted topic, JSON). */
export function announcePresence(
  target: { sender: BatchingSender; commands: CommandTopics; instanceId: string; logger: Logger },
  connection: { chargerId: string; connectionId: string },
  connected: boolean,
): void {
  const { sender, commands, instanceId, logger } = target;
  const record = { instanceId, connectionId: connection.connectionId, connected, at: Date.now() };
  sender
    .send([presenceMessage(commands, connection.chargerId, record)])
    .catch((error: unknown) => logger.error({ err: error, chargerId: connection.chargerId }, 'presence not written'));
}
