import { type EnvSource, loadConfig, loggingConfigSchema, observabilityConfigSchema } from '@vz/core';
import { kafkaConfigSchema } from '@vz/kafka';
import { z } from 'zod';
import { defaultSessionRules } from './derive.ts';

/** The sessions processor's configuration, from `VZ_*` environment variables (e.g. `VZ_SESSIONS_INSTANCE_ID`). */
export const sessionsConfigSchema = z.object({
  logging: loggingConfigSchema.prefault({}),
  http: observabilityConfigSchema.prefault({}),
  kafka: kafkaConfigSchema,
  sessions: z
    .object({
      /** Stable per instance (static membership and transactional id): e.g. the pod name. */
      instanceId: z.string().min(1).default('sessions-0'),
      updateIntervalMs: z.number().int().positive().default(defaultSessionRules.updateIntervalMs),
      inactivityTimeoutMs: z.number().int().positive().default(defaultSessionRules.inactivityTimeoutMs),
      completedKept: z.number().int().min(1).max(1_000).default(defaultSessionRules.completedKept),
      groupsKept: z.number().int().min(0).max(100_000).default(defaultSessionRules.groupsKept),
      /** Where energy registers roll over to 0 (`SessionRules.registerMaxWh`), for every charger; unset: unknown. */
      registerMaxWh: z.number().int().positive().nullable().default(null),
    })
    .prefault({}),
});
export type SessionsConfig = z.output<typeof sessionsConfigSchema>;

export function loadSessionsConfig(env: EnvSource = process.env): SessionsConfig {
  return loadConfig(sessionsConfigSchema, env);
}
