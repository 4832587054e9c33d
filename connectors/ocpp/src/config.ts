import { loadConfig, loggingConfigSchema, observabilityConfigSchema, type EnvSource } from '@vz/core';
import { prepaidConfigShape } from '@vz/edge';
import { kafkaConfigSchema } from '@vz/kafka';
import { z } from 'zod';

/** The CSMS deployable's configuration, from `VZ_*` environment variables (e.g. `VZ_OCPP_PORT`). */
export const ocppConfigSchema = z.object({
  logging: loggingConfigSchema.prefault({}),
  http: observabilityConfigSchema.prefault({}),
  kafka: kafkaConfigSchema,
  ocpp: z
    .object({
      /** Stable name of this instance (pod name): part of every connection id. */
      instanceId: z.string().min(1).default('ocpp-0'),
      host: z.string().default('127.0.0.1'),
      /** WebSocket port: chargers connect to `ws://host:port/ocpp/<charger id>`. */
      port: z.number().int().min(0).max(65535).default(18180),
      /** `{ "stations": [{ "chargerId", "passwordHash" }] }`; see `npm run ocpp:add-station -- <file> <id> <password>`. */
      stationsFile: z.string().min(1),
      heartbeatIntervalSeconds: z.number().int().min(10).max(86_400).default(300),
      autoProvision: z.boolean().default(false),
      /** Answer Accepted for idTags `registry.tokens` does not know (a demo, an open charger); otherwise Invalid. */
      acceptUnknownTokens: z.boolean().default(false),
      maxMessageBytes: z
        .number()
        .int()
        .min(1_024)
        .max(16 * 1024 * 1024)
        .default(64 * 1024),
      rateLimitPerSecond: z.number().positive().default(20),
      rateLimitBurst: z.number().int().positive().default(60),
      /** Prepaid starts (libs/edge PrepaidAuthorizer): `VZ_OCPP_PREPAID_*`. */
      ...prepaidConfigShape,
      /** OCPP Security Profile 2: PEM certificate and key files; both or neither. */
      tlsCertFile: z.string().optional(),
      tlsKeyFile: z.string().optional(),
    })
    .refine((ocpp) => ocpp.rateLimitBurst >= ocpp.rateLimitPerSecond, {
      message: 'rateLimitBurst must be at least rateLimitPerSecond',
    })
    .refine((ocpp) => (ocpp.tlsCertFile === undefined) === (ocpp.tlsKeyFile === undefined), {
      message: 'set both tlsCertFile and tlsKeyFile (Security Profile 2) or neither (Profile 1)',
    }),
});
export type OcppConfig = z.output<typeof ocppConfigSchema>;

export function loadOcppConfig(env: EnvSource = process.env): OcppConfig {
  return loadConfig(ocppConfigSchema, env);
}
