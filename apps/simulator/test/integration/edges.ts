import { MqttBridge, mqttBridgeApplication } from '@vz/connector-mqtt';
import type { CommandTopics } from '@vz/edge';
import type { KafkaConfig } from '@vz/kafka';
import {
  type AuthorizationToken,
  type ChargerEvent,
  type DeadLetter,
  deadLetterTopicSpec,
  type RawFrame,
  type TopicCodec,
} from '@vz/schemas';
import { type Isolation, isolatedTopic, testCodec } from '@vz/testing';
import type { Logger } from '@vz/core';

/** An MQTT bridge on the platform's Mosquitto writing to this test's isolated topics (started). */
export async function startTestBridge(options: {
  readonly isolation: Isolation;
  readonly kafka: KafkaConfig;
  readonly rawFrames: TopicCodec<RawFrame>;
  readonly chargerEvents: TopicCodec<ChargerEvent>;
  readonly logger: Logger;
  readonly commands?: CommandTopics;
  /** Plugs' authorizations answered from this tokens topic (else every token is accepted). */
  readonly tokens?: { readonly codec: TopicCodec<AuthorizationToken>; readonly acceptUnknown: boolean };
}): Promise<MqttBridge> {
  const { isolation } = options;
  const { mqtt: broker } = isolation.endpoints;
  const bridge = new MqttBridge({
    brokerUrl: broker.url,
    username: broker.user,
    password: broker.password,
    instanceId: `mqtt-${isolation.id}`,
    kafka: options.kafka,
    rawFrames: options.rawFrames,
    chargerEvents: options.chargerEvents,
    deadLetters: await isolatedTopic<DeadLetter>(
      isolation,
      testCodec(isolation),
      deadLetterTopicSpec(mqttBridgeApplication, 1),
    ),
    commands: options.commands,
    tokens: options.tokens,
    logger: options.logger,
  });
  await bridge.start();
  return bridge;
}
