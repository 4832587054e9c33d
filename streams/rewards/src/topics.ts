import type { Admin } from '@platformatic/kafka';
import { bindWhenRegistered, ensureInternalTopic } from '@vz/kafka';
import { type AvroCodec, type MintBatch, type Settlement, topics, type VzpReward } from '@vz/schemas';
import type { Logger } from 'pino';
import type { RewardsTopics } from './processor.ts';

const aWeek = { 'retention.ms': String(7 * 86_400_000) };

/** The topics between the stages (re-keying), kept a week: what they hold is derived and replayable. */
export const rewardsInternalTopics = {
  candidates: { name: 'rewards-candidates', partitions: topics.rewardsVzp.partitions, configs: aWeek },
  mintQueue: { name: 'rewards-mint-queue', partitions: topics.rewardsVzp.partitions, configs: aWeek },
} as const;

/** Creates the internal topics if missing and binds every topic of the rewards stages (with a prefix for tests). */
export async function rewardsTopics(
  admin: Admin,
  codec: AvroCodec,
  logger: Logger,
  prefix = '',
): Promise<RewardsTopics> {
  const internal = <Value>(topic: (typeof rewardsInternalTopics)[keyof typeof rewardsInternalTopics]) =>
    ensureInternalTopic<Value>(
      admin,
      codec,
      { ...topic, name: `${prefix}${topic.name}` },
      topics.rewardsVzp.valueSchema,
    );
  const catalog = <Value>(spec: { name: string; valueSchema: string }) =>
    bindWhenRegistered<Value>(codec, `${prefix}${spec.name}`, spec.valueSchema, { logger });
  return {
    settlements: await catalog<Settlement>(topics.billingSettlements),
    candidates: await internal<VzpReward>(rewardsInternalTopics.candidates),
    rewards: await catalog<VzpReward>(topics.rewardsVzp),
    mintQueue: await internal<VzpReward>(rewardsInternalTopics.mintQueue),
    mintBatches: await catalog<MintBatch>(topics.rewardsMintBatches),
  };
}
