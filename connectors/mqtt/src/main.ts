// The MQTT bridge deployable: `node connectors/mqtt/src/main.ts`, configured by VZ_* variables (config.ts).
import { Admin } from '@platformatic/kafka';
import { type CommandTopics, defaultPrepaidSettings, edgeCommandTopics } from '@vz/edge';
import { baseClientOptions, bindWhenRegistered, ensureDeadLetterTopic } from '@vz/kafka';
import { createLogger, createMetricsRegistry, createShutdown, startObservabilityServer } from '@vz/core';
import { followRegistry } from '@vz/registry';
import {
  type AuthorizationToken,
  AvroCodec,
  type ChainTransaction,
  type ChargerEvent,
  type DeadLetter,
  loadSchemaSet,
  type Party,
  type PaymentCommand,
  type RawFrame,
  SchemaRegistryClient,
  type Station,
  type Tariff,
  type TopicCodec,
  topics,
  type TopicSpec,
} from '@vz/schemas';
import { MqttBridge, mqttBridgeApplication } from './bridge.ts';
import { loadMqttConfig } from './config.ts';

const config = loadMqttConfig();
const logger = createLogger('connector-mqtt', config.logging);
const shutdown = createShutdown(logger);
shutdown.installSignalHandlers();

const codec = new AvroCodec(new SchemaRegistryClient(config.kafka.registryUrl), loadSchemaSet());
const admin = new Admin(baseClientOptions(config.kafka, 'mqtt-admin'));
let deadLetters: TopicCodec<DeadLetter>;
let commands: CommandTopics;
try {
  deadLetters = await ensureDeadLetterTopic(admin, codec, mqttBridgeApplication, 1);
  commands = await edgeCommandTopics({ admin, codec, logger, defaultTimeoutMs: config.mqtt.commandTimeoutMs });
} finally {
  await admin.close();
}
const { acceptUnknownTokens, prepaidLockMinor, prepaidCurrency, prepaidLockTimeoutMs, prepaidWaitMs, ...connection } =
  config.mqtt;
const bind = <Value>(spec: TopicSpec) => bindWhenRegistered<Value>(codec, spec.name, spec.valueSchema, { logger });

// Prepaid starts: who pays for a token (parties, tokens) and what a plug's tariff allows for (stations, tariffs).
const registryFeed = await followRegistry({
  kafka: config.kafka,
  application: mqttBridgeApplication,
  instanceId: connection.instanceId,
  logger,
  topics: {
    parties: await bind<Party>(topics.registryParties),
    tokens: await bind<AuthorizationToken>(topics.registryTokens),
    stations: await bind<Station>(topics.registryStations),
    tariffs: await bind<Tariff>(topics.registryTariffs),
  },
});
shutdown.register('registry', registryFeed.close);
const bridge = new MqttBridge({
  ...connection,
  kafka: config.kafka,
  rawFrames: await bind<RawFrame>(topics.chargerFramesRaw),
  chargerEvents: await bind<ChargerEvent>(topics.chargerEvents),
  deadLetters,
  commands,
  tokens: { acceptUnknown: acceptUnknownTokens, codec: await bind<AuthorizationToken>(topics.registryTokens) },
  prepaid: {
    registry: registryFeed.view,
    commands: await bind<PaymentCommand>(topics.paymentCommands),
    outcomes: await bind<ChainTransaction>(topics.chainTransactions),
    settings: {
      ...defaultPrepaidSettings,
      defaultLockMinor: prepaidLockMinor,
      defaultCurrency: prepaidCurrency,
      lockTimeoutMs: prepaidLockTimeoutMs,
      waitMs: prepaidWaitMs,
    },
  },
  logger,
});
await bridge.start();
shutdown.register('bridge', () => bridge.close());
const observability = await startObservabilityServer({
  config: config.http,
  registry: createMetricsRegistry('connector-mqtt'),
  readiness: { broker: async () => ({ healthy: true, detail: `subscribed to ${config.mqtt.brokerUrl}` }) },
});
shutdown.register('observability', () => observability.close());
