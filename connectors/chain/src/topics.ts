import { bindWhenRegistered } from '@vz/kafka';
import { type AvroCodec, type Party, type TopicCodec, topics } from '@vz/schemas';
import type { Logger } from 'pino';
import type { ExecutorTopics } from './executor/stages.ts';
import type { ListenerTopics } from './listener/listener.ts';

export type ChainConnectorTopics = ExecutorTopics & ListenerTopics & { readonly parties: TopicCodec<Party> };

/** The catalog topics the connector reads and writes. */
export const chainConnectorTopicSpecs = {
  settlements: topics.billingSettlements,
  paymentCommands: topics.paymentCommands,
  stations: topics.registryStations,
  assets: topics.registryAssets,
  parties: topics.registryParties,
  mintBatches: topics.rewardsMintBatches,
  anchors: topics.ledgerAnchors,
  transactions: topics.chainTransactions,
  payments: topics.paymentEvents,
  consents: topics.registryConsents,
} as const satisfies Record<keyof ChainConnectorTopics, unknown>;

/** Binds every topic of `chainConnectorTopicSpecs` with `bind` (the deployable waits for the catalog; tests create). */
export async function bindChainConnectorTopics(
  bind: (spec: (typeof chainConnectorTopicSpecs)[keyof ChainConnectorTopics]) => Promise<TopicCodec<unknown>>,
): Promise<ChainConnectorTopics> {
  const entries = await Promise.all(
    Object.entries(chainConnectorTopicSpecs).map(async ([name, spec]) => [name, await bind(spec)] as const),
  );
  return Object.fromEntries(entries) as unknown as ChainConnectorTopics;
}

/** Binds the connector's topics, each `<prefix><catalog name>` (tests use a prefix). */
export function chainConnectorTopics(codec: AvroCodec, logger: Logger, prefix = ''): Promise<ChainConnectorTopics> {
  return bindChainConnectorTopics((spec) =>
    bindWhenRegistered(codec, `${prefix}${spec.name}`, spec.valueSchema, { logger }),
  );
}
