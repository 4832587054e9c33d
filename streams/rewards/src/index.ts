export { defaultRulesFile, loadRewardsConfig, rewardsConfigSchema, type RewardsConfig } from './config.ts';
export { rewardsApplications, rewardsStages, type RewardsTopics } from './processor.ts';
export {
  batchReward,
  type BatchRules,
  bucketOf,
  type BucketState,
  candidateReward,
  defaultBatchRules,
  grantReward,
  type RecipientState,
  recipientOf,
  VZP_DECIMALS,
} from './reward.ts';
export { loadRewardRules, type RewardRules, rewardRulesSchema, ruleVersionAt } from './rules.ts';
export { rewardsInternalTopics, rewardsTopics } from './topics.ts';
