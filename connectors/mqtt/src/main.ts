// The MQTT bridge deployable: `node connectors/mqtt/src/main.ts`, configured by VZ_* variables (config.ts).
import { Admin } from '@platformatic/kafka';
import { baseClientOptions, bindWhenRegistered, ensureTopics } from '@vz/kafka';
import { createLogger, createMetricsRegistry, createShutdown, startObservabilityServer } from '@vz/core';
import {
  AvroCodec,
  type ChargerEvent,
  type DeadLetter,
  deadLetterTopicSpec,
  loadSchemaSet,
  type RawFrame,
  SchemaRegistryClient,
  topicConfigs,
  topics,
} from '@vz/schemas';
import { MqttBridge, mqttBridgeApplication } from './bridge.ts';
import { loadMqttConfig } from './config.ts';

const config = loadMqttConfig();
const logger = createLogger('connector-mqtt', config.logging);
const shutdown = createShutdown(logger);
shutdown.installSignalHandlers();

const codec = new AvroCodec(new SchemaRegistryClient(config.kafka.registryUrl), loadSchemaSet());
const deadLetterSpec = deadLetterTopicSpec(mqttBridgeApplication, 1);
const admin = new Admin(baseClientOptions(config.kafka, 'mqtt-admin'));
try {
  await ensureTopics(admin, [{ name: deadLetterSpec.name, partitions: 1, configs: topicConfigs(deadLetterSpec) }]);
} finally {
  await admin.close();
}
const bridge = new MqttBridge({
  ...config.mqtt,
  kafka: config.kafka,
  rawFrames: await bindWhenRegistered<RawFrame>(
    codec,
    topics.chargerFramesRaw.name,
    topics.chargerFramesRaw.valueSchema,
    { logger },
  ),
  chargerEvents: await bindWhenRegistered<ChargerEvent>(
    codec,
    topics.chargerEvents.name,
    topics.chargerEvents.valueSchema,
    { logger },
  ),
  // The DLQ is this application's own topic, so it registers its schema itself (as the processor runtime does).
  deadLetters: await bindWhenRegistered<DeadLetter>(codec, deadLetterSpec.name, deadLetterSpec.valueSchema, {
    logger,
    register: true,
  }),
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
