// The MQTT bridge deployable: `node connectors/mqtt/src/main.ts`, configured by VZ_* variables (config.ts).
import { Admin } from '@platformatic/kafka';
import { type CommandTopics, edgeCommandTopics, followEdgeAuthorization, prepaidSettingsOf } from '@vz/edge';
import { baseClientOptions, bindWhenRegistered, ensureDeadLetterTopic } from '@vz/kafka';
import { createLogger, createMetricsRegistry, createShutdown, startObservabilityServer } from '@vz/core';
import {
  AvroCodec,
  type ChargerEvent,
  type DeadLetter,
  loadSchemaSet,
  type RawFrame,
  SchemaRegistryClient,
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

const authorization = await followEdgeAuthorization({
  codec,
  kafka: config.kafka,
  application: mqttBridgeApplication,
  instanceId: connection.instanceId,
  logger,
  settings: prepaidSettingsOf(config.mqtt),
});
shutdown.register('registry', authorization.close);
const bridge = new MqttBridge({
  ...connection,
  kafka: config.kafka,
  rawFrames: await bind<RawFrame>(topics.chargerFramesRaw),
  chargerEvents: await bind<ChargerEvent>(topics.chargerEvents),
  deadLetters,
  commands,
  tokens: { acceptUnknown: acceptUnknownTokens, codec: authorization.tokens },
  prepaid: authorization.prepaid,
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
