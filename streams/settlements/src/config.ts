import { type EnvSource, loadConfig, loggingConfigSchema, observabilityConfigSchema } from '@vz/core';
import { kafkaConfigSchema } from '@vz/kafka';
import { z } from 'zod';
import { defaultSettlementRules } from './settle.ts';

const basisPoints = z.number().int().min(0).max(10_000);

/** The settlements processor's configuration, from `VZ_*` environment variables (e.g. `VZ_SETTLEMENTS_INSTANCE_ID`). */
export const settlementsConfigSchema = z.object({
  logging: loggingConfigSchema.prefault({}),
  http: observabilityConfigSchema.prefault({}),
  kafka: kafkaConfigSchema,
  settlements: z
    .object({
      instanceId: z.string().min(1).default('settlements-0'),
      platformCommissionBasisPoints: basisPoints.default(defaultSettlementRules.platformCommissionBasisPoints),
      mspFeeBasisPoints: basisPoints.default(defaultSettlementRules.mspFeeBasisPoints),
      defaultCurrency: z
        .string()
        .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')
        .default(defaultSettlementRules.defaultCurrency),
    })
    .prefault({})
    .refine((rules) => rules.platformCommissionBasisPoints + rules.mspFeeBasisPoints <= 10_000, {
      message: 'platform commission and MSP fee together exceed 10000 basis points',
    }),
});
export type SettlementsConfig = z.output<typeof settlementsConfigSchema>;

export function loadSettlementsConfig(env: EnvSource = process.env): SettlementsConfig {
  return loadConfig(settlementsConfigSchema, env);
}
