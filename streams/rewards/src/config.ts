import { resolve } from 'node:path';
import { type EnvSource, loadConfig, loggingConfigSchema, observabilityConfigSchema } from '@vz/core';
import { kafkaConfigSchema } from '@vz/kafka';
import { z } from 'zod';
import { defaultBatchRules } from './reward.ts';

/** The rules shipped with the platform (versioned in git; a deployment points VZ_REWARDS_RULES_FILE at its own). */
export const defaultRulesFile = resolve(import.meta.dirname, '../rules/vzp-rules.json');

/** The rewards deployable's configuration, from `VZ_*` environment variables (e.g. `VZ_REWARDS_RULES_FILE`). */
export const rewardsConfigSchema = z.object({
  logging: loggingConfigSchema.prefault({}),
  http: observabilityConfigSchema.prefault({}),
  kafka: kafkaConfigSchema,
  rewards: z
    .object({
      instanceId: z.string().min(1).default('rewards-0'),
      rulesFile: z.string().min(1).default(defaultRulesFile),
      batchSize: z.number().int().min(1).max(10_000).default(defaultBatchRules.batchSize),
      maxBatchAgeMs: z.number().int().positive().default(defaultBatchRules.maxBatchAgeMs),
      buckets: z.number().int().min(1).max(64).default(defaultBatchRules.buckets),
    })
    .prefault({}),
});
export type RewardsConfig = z.output<typeof rewardsConfigSchema>;

export function loadRewardsConfig(env: EnvSource = process.env): RewardsConfig {
  return loadConfig(rewardsConfigSchema, env);
}
