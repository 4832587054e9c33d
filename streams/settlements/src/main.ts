// The settlements deployable: `node streams/settlements/src/main.ts`, configured by VZ_* variables (config.ts).
import { Admin } from '@platformatic/kafka';
import { baseClientOptions, bindWhenRegistered, processorStage, runProcessorService } from '@vz/kafka';
import { bindRegistryTopics, followRegistry } from '@vz/registry';
import { type ChargingSession, type Settlement, type SettlementReview, type TopicSpec, topics } from '@vz/schemas';
import { assetRevenueStages, assetRevenueTopics } from './asset-revenue-stages.ts';
import { loadSettlementsConfig } from './config.ts';
import { settlementsApplication, settlementsProcessor } from './processor.ts';

/** 120 attempts, backing off to 5 s: about ten minutes. */
const lockWaitRetry = { maxAttempts: 120, initialBackoffMs: 200, maxBackoffMs: 5_000 };

const config = loadSettlementsConfig();
const { instanceId, ...rules } = config.settlements;

await runProcessorService({
  service: 'stream-settlements',
  config,
  build: async ({ codec, logger, shutdown }) => {
    const bind = <Value>(topic: TopicSpec) =>
      bindWhenRegistered<Value>(codec, topic.name, topic.valueSchema, { logger });
    const registry = await followRegistry({
      kafka: config.kafka,
      application: settlementsApplication,
      instanceId,
      logger,
      topics: await bindRegistryTopics(bind),
    });
    shutdown.register('registry', registry.close);
    const admin = new Admin(baseClientOptions(config.kafka, 'settlements-admin'));
    const assetTopics = await assetRevenueTopics(admin, codec, logger).finally(() => admin.close());
    return [
      processorStage({
        application: settlementsApplication,
        instanceId,
        // A session naming a lock waits for the lock's event (LockNotYetKnownError): about 10 minutes, then the DLQ.
        retry: lockWaitRetry,
        ...settlementsProcessor(
          {
            sessions: await bind<ChargingSession>(topics.chargingSessions),
            settlements: await bind<Settlement>(topics.billingSettlements),
            reviews: await bind<SettlementReview>(topics.billingSettlementReviews),
          },
          registry.view,
          rules,
        ),
      }),
      ...assetRevenueStages(assetTopics, instanceId),
    ];
  },
});
