import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Message } from '@platformatic/kafka';
import { createLogger } from '@vz/core';
import {
  type ChargerEvent,
  type DeadLetter,
  deadLetterTopicSpec,
  type RawFrame,
  type TopicCodec,
  topics,
} from '@vz/schemas';
import { createIsolation, type Isolation, isolatedTopic, readTopic, testCodec, testKafkaConfig } from '@vz/testing';
import mqtt from 'mqtt';
import { MqttBridge, mqttBridgeApplication } from '../../src/bridge.ts';

let isolation: Isolation;
let bridge: MqttBridge;
let rawFrames: TopicCodec<RawFrame>;
let chargerEvents: TopicCodec<ChargerEvent>;
let deadLetters: TopicCodec<DeadLetter>;

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  const kafka = testKafkaConfig(isolation, 'test-mqtt');
  const codec = testCodec(isolation);
  rawFrames = await isolatedTopic<RawFrame>(isolation, codec, topics.chargerFramesRaw);
  chargerEvents = await isolatedTopic<ChargerEvent>(isolation, codec, topics.chargerEvents);
  const dlq = deadLetterTopicSpec(mqttBridgeApplication, 1);
  deadLetters = await isolatedTopic<DeadLetter>(isolation, codec, dlq);
  const { mqtt: broker } = isolation.endpoints;
  bridge = new MqttBridge({
    brokerUrl: broker.url,
    username: broker.user,
    password: broker.password,
    instanceId: isolation.id,
    kafka,
    rawFrames,
    chargerEvents,
    deadLetters,
    logger: createLogger('mqtt-test', { level: 'warn' }),
  });
  await bridge.start();
});

afterAll(async () => {
  await bridge.close();
  await isolation.close();
});

async function publish(messages: ReadonlyArray<readonly [string, string]>): Promise<void> {
  const { mqtt: broker } = isolation.endpoints;
  const plug = await mqtt.connectAsync(broker.url, {
    username: broker.user,
    password: broker.password,
    protocolVersion: 5,
  });
  for (const [topic, payload] of messages) await plug.publishAsync(topic, payload, { qos: 1 });
  await plug.endAsync();
}

describe('the MQTT plug bridge', () => {
  it('turns a plug session into charger events, and refused messages into dead letters with the reason', async () => {
    const plug = `PLUG-${isolation.id}`;
    // The demo plugs of the running platform publish to the same broker: count this plug's records only.
    const ownPlug = (message: Message) => message.key?.toString('utf8') === plug;
    const state = (messageId: string, timestamp: number, body: object) =>
      [`vz/plugs/${plug}/state`, JSON.stringify({ messageId, timestamp, ...body })] as const;
    await publish([
      state('m1', 1_763_700_000_000, {
        state: 'charging',
        energyRegisterWh: 5_000,
        powerW: 2_300,
        session: { event: 'start', sessionId: 's-1' },
      }),
      state('m2', 1_763_700_900_000, { state: 'charging', energyRegisterWh: 5_575, powerW: 2_300 }),
      [`vz/plugs/${plug}/state`, '{"messageId": "m3", "timestamp": '],
      state('m4', 1_763_701_000_000, { state: 'charging', energyRegisterWh: -1, powerW: 2_300 }),
      state('m5', 1_763_701_800_000, {
        state: 'idle',
        energyRegisterWh: 6_150,
        powerW: 0,
        session: { event: 'stop', sessionId: 's-1' },
      }),
    ]);

    const raw = await readTopic(isolation.endpoints.kafka.bootstrap, rawFrames.topic, 5, {
      timeoutMs: 30_000,
      where: ownPlug,
    });
    expect(raw).toHaveLength(5);

    const events = await Promise.all(
      (
        await readTopic(isolation.endpoints.kafka.bootstrap, chargerEvents.topic, 8, {
          timeoutMs: 30_000,
          where: ownPlug,
        })
      ).map((message) => chargerEvents.decode(message.value, message)),
    );
    expect(events.map((event) => Object.keys(event.payload)[0])).toEqual([
      'vz.charger.StatusChanged',
      'vz.charger.TransactionStarted',
      'vz.charger.MeterSampled',
      'vz.charger.StatusChanged',
      'vz.charger.MeterSampled',
      'vz.charger.StatusChanged',
      'vz.charger.MeterSampled',
      'vz.charger.TransactionEnded',
    ]);
    expect(events[1]?.payload).toEqual({
      'vz.charger.TransactionStarted': expect.objectContaining({ transactionId: 's-1', meterStartWh: 5_000 }),
    });
    expect(events[7]).toMatchObject({
      occurredAt: 1_763_701_800_000,
      payload: { 'vz.charger.TransactionEnded': { meterStopWh: 6_150 } },
    });

    const letters = await Promise.all(
      (
        await readTopic(isolation.endpoints.kafka.bootstrap, deadLetters.topic, 2, {
          timeoutMs: 30_000,
          where: ownPlug,
        })
      ).map((message) => deadLetters.decode(message.value, message)),
    );
    expect(letters.map((letter) => [letter.stage, letter.sourceTopic])).toEqual([
      ['DECODE', rawFrames.topic],
      ['VALIDATE', rawFrames.topic],
    ]);
    expect(letters[0]?.reason).toMatch(/not JSON/);
    expect(letters[1]?.reason).toMatch(/energyRegisterWh/);
  });
});
