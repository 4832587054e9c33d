import { type FollowedTopic, followTopic, type KafkaConfig } from '@vz/kafka';
import type { Party, TopicCodec } from '@vz/schemas';
import type { Logger } from 'pino';

/** The latest state of each party (registry.parties), by partyId: whose wallet a station or an investor is paid to. */
export class PartiesView {
  readonly #parties = new Map<string, Party>();

  apply(party: Party): void {
    const known = this.#parties.get(party.partyId);
    if (known === undefined || party.occurredAt >= known.occurredAt) this.#parties.set(party.partyId, party);
  }

  readonly lookup = (partyId: string): Party | undefined => this.#parties.get(partyId);
}

/**
 * Reads registry.parties whole from the start (a group of its own per start) and keeps following it; resolves once
 * caught up, so the registry mirror's first record sees every party published before the connector started.
 */
export async function followParties(options: {
  readonly kafka: KafkaConfig;
  readonly parties: TopicCodec<Party>;
  readonly instanceId: string;
  readonly logger: Logger;
}): Promise<{ view: PartiesView; followed: FollowedTopic }> {
  const view = new PartiesView();
  const { parties } = options;
  const followed = await followTopic({
    kafka: options.kafka,
    groupId: `connector-chain-parties-${options.instanceId}-${parties.topic}-${Date.now()}`,
    topic: parties.topic,
    from: 'earliest',
    handle: async (message) => view.apply(await parties.decode(message.value, message)),
    logger: options.logger,
  });
  await followed.caughtUp();
  return { view, followed };
}
