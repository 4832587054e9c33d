import { type FollowedTopic, followTopic, type KafkaConfig } from '@vz/kafka';
import {
  type AuthorizationToken,
  type ChargingAsset,
  type Party,
  type PaymentEvent,
  type Station,
  type Tariff,
  type TopicCodec,
  type TopicSpec,
  topics as catalog,
} from '@vz/schemas';
import type { Logger } from 'pino';
import { RegistryView } from './view.ts';

export interface RegistryTopics {
  readonly parties: TopicCodec<Party>;
  readonly stations: TopicCodec<Station>;
  readonly tariffs: TopicCodec<Tariff>;
  readonly assets: TopicCodec<ChargingAsset>;
  readonly tokens: TopicCodec<AuthorizationToken>;
  readonly payments: TopicCodec<PaymentEvent>;
}

/** The catalog's reference-data topics, each bound by `bind` (which may wait for registration, or add a prefix). */
export async function bindRegistryTopics(
  bind: <Value>(spec: TopicSpec) => Promise<TopicCodec<Value>>,
): Promise<RegistryTopics> {
  return {
    parties: await bind<Party>(catalog.registryParties),
    stations: await bind<Station>(catalog.registryStations),
    tariffs: await bind<Tariff>(catalog.registryTariffs),
    assets: await bind<ChargingAsset>(catalog.registryAssets),
    tokens: await bind<AuthorizationToken>(catalog.registryTokens),
    payments: await bind<PaymentEvent>(catalog.paymentEvents),
  };
}

/**
 * Fills a RegistryView from the registry and payment topics given (a user follows only what it looks up), each read
 * whole from the start (a throwaway group per instance) and then followed; resolves once all of them have caught up,
 * so the first record processed already sees everything published before the instance started.
 */
export async function followRegistry(options: {
  readonly kafka: KafkaConfig;
  readonly topics: Partial<RegistryTopics>;
  /** Names the throwaway consumer groups: `<application>-registry-<instanceId>-<topic>-<time>`. */
  readonly application: string;
  readonly instanceId: string;
  readonly logger: Logger;
}): Promise<{ view: RegistryView; close: () => Promise<void> }> {
  const view = new RegistryView();
  const { topics } = options;
  const follow = <Value>(codec: TopicCodec<Value> | undefined, apply: (value: Value) => void) =>
    codec === undefined
      ? []
      : [
          followTopic({
            kafka: options.kafka,
            groupId: `${options.application}-registry-${options.instanceId}-${codec.topic}-${Date.now()}`,
            topic: codec.topic,
            from: 'earliest',
            handle: async (message) => apply(await codec.decode(message.value, message)),
            logger: options.logger,
          }),
        ];
  const followed: FollowedTopic[] = await Promise.all([
    ...follow(topics.parties, (value) => view.applyParty(value)),
    ...follow(topics.stations, (value) => view.applyStation(value)),
    ...follow(topics.tariffs, (value) => view.applyTariff(value)),
    ...follow(topics.assets, (value) => view.applyAsset(value)),
    ...follow(topics.tokens, (value) => view.applyToken(value)),
    ...follow(topics.payments, (value) => view.applyPayment(value)),
  ]);
  await Promise.all(followed.map((feed) => feed.caughtUp()));
  return { view, close: async () => void (await Promise.all(followed.map((feed) => feed.close()))) };
}
