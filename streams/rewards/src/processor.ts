import { jsonSerde, outputRecord, type ProcessorStage, processorStage } from '@vz/kafka';
import type { MintBatch, Settlement, TopicCodec, VzpReward } from '@vz/schemas';
import {
  batchReward,
  type BatchRules,
  bucketOf,
  type BucketState,
  candidateReward,
  defaultBatchRules,
  grantReward,
  type RecipientState,
} from './reward.ts';
import type { RewardRules } from './rules.ts';

/** The three stages' applications (consumer groups, transactional ids, internal topics). */
export const rewardsApplications = { rate: 'rewards-rate', grant: 'rewards', mint: 'rewards-mint' } as const;

export interface RewardsTopics {
  readonly settlements: TopicCodec<Settlement>;
  /** Internal `rewards-candidates`: stage 1 → 2, keyed by recipient. */
  readonly candidates: TopicCodec<VzpReward>;
  readonly rewards: TopicCodec<VzpReward>;
  /** Internal `rewards-mint-queue`: stage 2 → 3, keyed by bucket. */
  readonly mintQueue: TopicCodec<VzpReward>;
  readonly mintBatches: TopicCodec<MintBatch>;
}

/**
 * Rewards in three exactly-once stages, because each needs its own key: (1) per settlement, the rule-based amount
 * (stateless), re-keyed by recipient; (2) per recipient, the first-session bonus and the daily cap, granting the
 * reward on rewards.vzp and queueing it by bucket; (3) per bucket, mint batches closed on size or event-time age.
 */
export function rewardsStages(
  topics: RewardsTopics,
  rules: RewardRules,
  instanceId: string,
  batching: BatchRules = defaultBatchRules,
  /** Recipients' wallets (registry.parties) as of the session's start; without it rewards carry no address. */
  walletOf?: (recipientId: string, at: number) => string | null,
): ProcessorStage[] {
  return [
    processorStage<Settlement, never>({
      application: rewardsApplications.rate,
      instanceId,
      inputs: [topics.settlements],
      process(record) {
        const candidate = candidateReward(record.value, rules, walletOf);
        return {
          outputs: candidate === undefined ? [] : [outputRecord(topics.candidates, candidate.recipientId, candidate)],
        };
      },
    }),
    processorStage<VzpReward, RecipientState>({
      application: rewardsApplications.grant,
      instanceId,
      inputs: [topics.candidates],
      store: { name: 'recipients', serde: jsonSerde<RecipientState>() },
      process(record, state) {
        const granted = grantReward(record.value, state, rules);
        const reward = granted.reward;
        return {
          state: granted.state,
          outputs:
            reward === undefined
              ? []
              : [
                  outputRecord(topics.rewards, reward.recipientId, reward),
                  outputRecord(topics.mintQueue, `b${bucketOf(reward.recipientId, batching.buckets)}`, reward),
                ],
        };
      },
    }),
    processorStage<VzpReward, BucketState>({
      application: rewardsApplications.mint,
      instanceId,
      inputs: [topics.mintQueue],
      store: { name: 'buckets', serde: jsonSerde<BucketState>() },
      process(record, state) {
        const bucket = Number((record.key ?? 'b0').slice(1));
        const batched = batchReward(record.value, bucket, state, batching);
        return {
          state: batched.state,
          outputs:
            batched.batch === undefined ? [] : [outputRecord(topics.mintBatches, batched.batch.batchId, batched.batch)],
        };
      },
    }),
  ];
}
