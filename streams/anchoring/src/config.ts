import { type EnvSource, loadConfig, loggingConfigSchema, observabilityConfigSchema } from '@vz/core';
import { kafkaConfigSchema } from '@vz/kafka';
import { z } from 'zod';

/** The anchoring deployable's configuration, from `VZ_*` environment variables (e.g. `VZ_ANCHORING_MAX_LEAVES`). */
export const anchoringConfigSchema = z.object({
  logging: loggingConfigSchema.prefault({}),
  http: observabilityConfigSchema.prefault({}),
  kafka: kafkaConfigSchema,
  anchoring: z
    .object({
      instanceId: z.string().min(1).default('anchoring-0'),
      /** A batch closes at this many records... */
      maxLeaves: z.number().int().min(1).max(5_000_000).default(10_000),
      /** ...or this long after its first record, whichever first. One anchor transaction per batch. */
      maxAgeMs: z.number().int().min(100).default(60_000),
      /** Leaves per ledger.anchor-leaves record (~120 bytes each; 2,000 keeps a record near 250 KB). */
      chunkSize: z.number().int().min(1).max(5_000).default(2_000),
      /** EIP-155 chain id and AnchorRegistry address the roots go to (written into each batch record). */
      chainId: z.number().int().min(1).default(31337),
      contractAddress: z
        .string()
        .regex(/^0x[0-9a-f]{40}$/, 'a lower-case 0x address')
        .nullable()
        .default(null),
      /** Prefix of every topic name (tests run the worker on their own topics). */
      topicPrefix: z.string().default(''),
    })
    .prefault({}),
});
export type AnchoringConfig = z.output<typeof anchoringConfigSchema>;

export function loadAnchoringConfig(env: EnvSource = process.env): AnchoringConfig {
  return loadConfig(anchoringConfigSchema, env);
}
