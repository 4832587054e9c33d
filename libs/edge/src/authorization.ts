import { bindWhenRegistered, type KafkaConfig } from '@vz/kafka';
import { followRegistry } from '@vz/registry';
import {
  type AuthorizationToken,
  type AvroCodec,
  type ChainTransaction,
  type Party,
  type PaymentCommand,
  type Station,
  type Tariff,
  type TopicCodec,
  type TopicSpec,
  topics,
} from '@vz/schemas';
import type { Logger } from 'pino';
import { z } from 'zod';
import { defaultPrepaidSettings, type PrepaidDependencies, type PrepaidSettings } from './prepaid.ts';

/**
 * The prepaid settings of an edge deployable's configuration (`VZ_OCPP_PREPAID_*`, `VZ_MQTT_PREPAID_*`): spread into
 * its zod object, read back with `prepaidSettingsOf`.
 */
export const prepaidConfigShape = {
  /** Lock when the tariff has no maxPrice, minor units. */
  prepaidLockMinor: z.number().int().positive().default(defaultPrepaidSettings.defaultLockMinor),
  /** Currency of that lock when the charger or plug has no tariff. */
  prepaidCurrency: z.string().length(3).default(defaultPrepaidSettings.defaultCurrency),
  /** A lock not settled within this long may be refunded to the driver, ms. */
  prepaidLockTimeoutMs: z.number().int().positive().default(defaultPrepaidSettings.lockTimeoutMs),
  /** How long a prepaid start waits for the lock's outcome before it is refused, ms. */
  prepaidWaitMs: z.number().int().positive().default(defaultPrepaidSettings.waitMs),
};

export function prepaidSettingsOf(config: {
  readonly prepaidLockMinor: number;
  readonly prepaidCurrency: string;
  readonly prepaidLockTimeoutMs: number;
  readonly prepaidWaitMs: number;
}): PrepaidSettings {
  return {
    ...defaultPrepaidSettings,
    defaultLockMinor: config.prepaidLockMinor,
    defaultCurrency: config.prepaidCurrency,
    lockTimeoutMs: config.prepaidLockTimeoutMs,
    waitMs: config.prepaidWaitMs,
  };
}

/**
 * What an edge deployable answers authorizations from: `registry.tokens`, and for prepaid starts who pays for a token
 * (parties, tokens) and what a charger's tariff allows for (stations, tariffs), followed from the catalog's topics, with
 * the lock orders' and outcomes' topics.
 */
export async function followEdgeAuthorization(options: {
  readonly codec: AvroCodec;
  readonly kafka: KafkaConfig;
  readonly application: string;
  readonly instanceId: string;
  readonly logger: Logger;
  readonly settings: PrepaidSettings;
}): Promise<{
  readonly tokens: TopicCodec<AuthorizationToken>;
  readonly prepaid: Omit<PrepaidDependencies, 'sender' | 'logger'>;
  close(): Promise<void>;
}> {
  const { codec, logger } = options;
  const bind = <Value>(spec: TopicSpec) => bindWhenRegistered<Value>(codec, spec.name, spec.valueSchema, { logger });
  const tokens = await bind<AuthorizationToken>(topics.registryTokens);
  const registry = await followRegistry({
    kafka: options.kafka,
    application: options.application,
    instanceId: options.instanceId,
    logger,
    topics: {
      parties: await bind<Party>(topics.registryParties),
      tokens,
      stations: await bind<Station>(topics.registryStations),
      tariffs: await bind<Tariff>(topics.registryTariffs),
    },
  });
  return {
    tokens,
    prepaid: {
      registry: registry.view,
      commands: await bind<PaymentCommand>(topics.paymentCommands),
      outcomes: await bind<ChainTransaction>(topics.chainTransactions),
      settings: options.settings,
    },
    close: registry.close,
  };
}
