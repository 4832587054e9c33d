import { loadConfig, loggingConfigSchema, observabilityConfigSchema, type EnvSource } from '@vz/core';
import { defaultCommandTimeoutMs, prepaidConfigShape } from '@vz/edge';
import { kafkaConfigSchema } from '@vz/kafka';
import { z } from 'zod';

/** The MQTT bridge's configuration, from `VZ_*` environment variables (e.g. `VZ_MQTT_BROKER_URL`). */
export const mqttConfigSchema = z.object({
  logging: loggingConfigSchema.prefault({}),
  http: observabilityConfigSchema.prefault({}),
  kafka: kafkaConfigSchema,
  mqtt: z.object({
    instanceId: z.string().min(1).default('mqtt-0'),
    brokerUrl: z.string().min(1),
    username: z.string().min(1),
    password: z.string().min(1),
    /** How long a command without its own deadline waits for the plug's answer. */
    commandTimeoutMs: z.number().int().positive().default(defaultCommandTimeoutMs),
    /**
     * Only plugs whose id starts with this are bridged (their state, availability, answers and authorizations); others
     * on the same broker are left to their own bridge. Empty: every plug.
     */
    plugIdPrefix: z.string().max(40).default(''),
    /** Accept plugs' authorizations of idTags `registry.tokens` does not know (a demo, an open plug); else rejected. */
    acceptUnknownTokens: z.boolean().default(false),
    /** Prepaid starts (libs/edge PrepaidAuthorizer): `VZ_MQTT_PREPAID_*`. */
    ...prepaidConfigShape,
  }),
});
export type MqttConfig = z.output<typeof mqttConfigSchema>;

export function loadMqttConfig(env: EnvSource = process.env): MqttConfig {
  return loadConfig(mqttConfigSchema, env);
}
