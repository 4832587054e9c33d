import type { Admin } from '@platformatic/kafka';
import { bindWhenRegistered, ensureTopics } from '@vz/kafka';
import { type AvroCodec, type MintBatch, type Settlement, topics, type VzpReward } from '@vz/schemas';
import type { Logger } from 'pino';
import type { RewardsTopics } from './processors.ts';

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
  const candidates = `${prefix}${rewardsInternalTopics.candidates.name}`;
  const mintQueue = `${prefix}${rewardsInternalTopics.mintQueue.name}`;
  await ensureTopics(admin, [
    { ...rewardsInternalTopics.candidates, name: candidates },
    { ...rewardsInternalTopics.mintQueue, name: mintQueue },
  ]);
  const bind = <Value>(topic: string, schema: string, register = false) =>
    bindWhenRegistered<Value>(codec, topic, schema, { logger, register });
  const catalog = <Value>(spec: { name: string; valueSchema: string }) =>
    bind<Value>(`${prefix}${spec.name}`, spec.valueSchema);
  return {
    settlements: await catalog<Settlement>(topics.billingSettlements),
    candidates: await bind<VzpReward>(candidates, topics.rewardsVzp.valueSchema, true),
    rewards: await catalog<VzpReward>(topics.rewardsVzp),
    mintQueue: await bind<VzpReward>(mintQueue, topics.rewardsVzp.valueSchema, true),
    mintBatches: await catalog<MintBatch>(topics.rewardsMintBatches),
  };
}
