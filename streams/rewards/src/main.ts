// The rewards deployable: `node streams/rewards/src/main.ts`, configured by VZ_* variables (config.ts).
import { Admin } from '@platformatic/kafka';
import { baseClientOptions, bindWhenRegistered, runProcessorService } from '@vz/kafka';
import { followRegistry } from '@vz/registry';
import { type Party, topics } from '@vz/schemas';
import { loadRewardsConfig } from './config.ts';
import { rewardsApplications, rewardsStages } from './processor.ts';
import { loadRewardRules } from './rules.ts';
import { rewardsTopics } from './topics.ts';

const config = loadRewardsConfig();
const { instanceId, rulesFile, ...batching } = config.rewards;
const rules = loadRewardRules(rulesFile);

await runProcessorService({
  service: 'stream-rewards',
  config,
  build: async ({ codec, logger, shutdown }) => {
    const registry = await followRegistry({
      kafka: config.kafka,
      application: rewardsApplications.rate,
      instanceId,
      logger,
      topics: {
        parties: await bindWhenRegistered<Party>(
          codec,
          topics.registryParties.name,
          topics.registryParties.valueSchema,
          {
            logger,
          },
        ),
      },
    });
    shutdown.register('registry', registry.close);
    logger.info({ ruleId: rules.ruleId, versions: rules.versions.map((v) => v.version), rulesFile }, 'reward rules');
    const admin = new Admin(baseClientOptions(config.kafka, 'rewards-admin'));
    try {
      return rewardsStages(await rewardsTopics(admin, codec, logger), rules, instanceId, batching, (partyId, at) =>
        registry.view.walletOf(partyId, at),
      );
    } finally {
      await admin.close();
    }
  },
});
