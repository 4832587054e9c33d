// The settlements deployable: `node streams/settlements/src/main.ts`, configured by VZ_* variables (config.ts).
import { bindWhenRegistered, runProcessorService } from '@vz/kafka';
import {
  type AuthorizationToken,
  type ChargingAsset,
  type ChargingSession,
  type PaymentEvent,
  type Settlement,
  type Station,
  type Tariff,
  topics,
} from '@vz/schemas';
import { loadSettlementsConfig } from './config.ts';
import { settlementsApplication, settlementsProcessor } from './processor.ts';
import { followRegistry } from './registry-feed.ts';
import type { SettledState } from './settle.ts';

const config = loadSettlementsConfig();
const { instanceId, ...rules } = config.settlements;

await runProcessorService<ChargingSession, SettledState>({
  service: 'stream-settlements',
  config,
  build: async ({ codec, logger, shutdown }) => {
    const bind = <Value>(topic: (typeof topics)[keyof typeof topics]) =>
      bindWhenRegistered<Value>(codec, topic.name, topic.valueSchema, { logger });
    const registry = await followRegistry({
      kafka: config.kafka,
      instanceId,
      logger,
      topics: {
        stations: await bind<Station>(topics.registryStations),
        tariffs: await bind<Tariff>(topics.registryTariffs),
        assets: await bind<ChargingAsset>(topics.registryAssets),
        tokens: await bind<AuthorizationToken>(topics.registryTokens),
        payments: await bind<PaymentEvent>(topics.paymentEvents),
      },
    });
    shutdown.register('registry', registry.close);
    return {
      application: settlementsApplication,
      instanceId,
      ...settlementsProcessor(
        {
          sessions: await bind<ChargingSession>(topics.chargingSessions),
          settlements: await bind<Settlement>(topics.billingSettlements),
        },
        registry.view,
        rules,
      ),
    };
  },
});
