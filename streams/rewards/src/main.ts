// The rewards deployable: `node streams/rewards/src/main.ts`, configured by VZ_* variables (config.ts).
import { Admin } from '@platformatic/kafka';
import { baseClientOptions, runProcessorService } from '@vz/kafka';
import { loadRewardsConfig } from './config.ts';
import { rewardsStages } from './processors.ts';
import { loadRewardRules } from './rules.ts';
import { rewardsTopics } from './topics.ts';

const config = loadRewardsConfig();
const { instanceId, rulesFile, ...batching } = config.rewards;
const rules = loadRewardRules(rulesFile);

await runProcessorService({
  service: 'stream-rewards',
  config,
  build: async ({ codec, logger }) => {
    logger.info({ ruleId: rules.ruleId, versions: rules.versions.map((v) => v.version), rulesFile }, 'reward rules');
    const admin = new Admin(baseClientOptions(config.kafka, 'rewards-admin'));
    try {
      return rewardsStages(await rewardsTopics(admin, codec, logger), rules, instanceId, batching);
    } finally {
      await admin.close();
    }
  },
});
