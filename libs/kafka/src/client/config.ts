import { z } from 'zod';

/** How a process reaches Kafka and the schema registry; one section of each deployable's zod config. */
export const kafkaConfigSchema = z.strictObject({
  /** Comma-separated `host:port` list. */
  bootstrap: z.string().min(1),
  clientId: z.string().min(1).default('vz'),
  registryUrl: z.url(),
  saslMechanism: z.enum(['none', 'SCRAM-SHA-512', 'SCRAM-SHA-256', 'PLAIN']).default('none'),
  saslUsername: z.string().default(''),
  saslPassword: z.string().default(''),
});
export type KafkaConfig = z.output<typeof kafkaConfigSchema>;

/** Options every @platformatic/kafka client of ours shares. */
export function baseClientOptions(config: KafkaConfig, role: string) {
  return {
    clientId: `${config.clientId}-${role}`,
    bootstrapBrokers: config.bootstrap.split(',').map((broker) => broker.trim()),
    ...(config.saslMechanism === 'none'
      ? {}
      : {
          sasl: { mechanism: config.saslMechanism, username: config.saslUsername, password: config.saslPassword },
        }),
  };
}
