import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Producer } from '@platformatic/kafka';
import type { MqttBridge } from '@vz/connector-mqtt';
import { createLogger } from '@vz/core';
import { type AuthorizationToken, type ChargerEvent, type RawFrame, type TopicCodec, topics } from '@vz/schemas';
import {
  createIsolation,
  type Isolation,
  isolatedTopic,
  readTopic,
  sampleToken,
  testCodec,
  testKafkaConfig,
} from '@vz/testing';
import { SimulatedPlug } from '../../src/index.ts';
import { startTestBridge } from './edges.ts';

// A plug charging for a driver: it asks the bridge to authorize the driver's token first; accepted, the session's
// start carries the token; rejected, there is no session.

let isolation: Isolation;
let bridge: MqttBridge;
let chargerEvents: TopicCodec<ChargerEvent>;
let plug: SimulatedPlug;

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  const kafka = testKafkaConfig(isolation, 'test-plug-authorize');
  const codec = testCodec(isolation);
  const rawFrames = await isolatedTopic<RawFrame>(isolation, codec, topics.chargerFramesRaw);
  chargerEvents = await isolatedTopic<ChargerEvent>(isolation, codec, topics.chargerEvents);
  const tokens = await isolatedTopic<AuthorizationToken>(isolation, codec, topics.registryTokens);
  const producer = new Producer({
    clientId: 'test-plug-authorize',
    bootstrapBrokers: [isolation.endpoints.kafka.bootstrap],
  });
  const driver = sampleToken('T-DRIVER', null);
  await producer
    .send({ messages: [{ topic: tokens.topic, key: Buffer.from(driver.idTag), value: tokens.encode(driver) }] })
    .finally(() => producer.close());
  const logger = createLogger('plug-authorize-test', { level: 'error' });
  bridge = await startTestBridge({
    isolation,
    kafka,
    rawFrames,
    chargerEvents,
    logger,
    tokens: { codec: tokens, acceptUnknown: false },
  });
  const { mqtt: broker } = isolation.endpoints;
  // As the platform user: per-plug users' ACL is tested in deploy/local and plug-commands.
  plug = new SimulatedPlug({
    brokerUrl: broker.url,
    plugId: `PLUG-AUTH-${isolation.id}`,
    username: broker.user,
    password: broker.password,
    meterValueIntervalMs: 60_000,
  });
  await plug.connect();
});

afterAll(async () => {
  await plug.close();
  await bridge.close();
  await isolation.close();
});

describe('a plug charging for a driver', () => {
  it('starts only with an accepted token, and the start carries it', async () => {
    const sessionId = await plug.startSession({ idTag: 'T-DRIVER' });
    await plug.stopSession();
    await expect(plug.startSession({ idTag: 'T-NOBODY' })).rejects.toThrow(/T-NOBODY rejected \(unknown token\)/);
    const report = plug.report();
    expect(report.authorizations).toEqual({ accepted: 1, rejected: 1 });
    expect(report.sessions).toEqual([expect.objectContaining({ sessionId, idTag: 'T-DRIVER', escrowId: null })]);

    const events = await Promise.all(
      (
        await readTopic(isolation.endpoints.kafka.bootstrap, chargerEvents.topic, 1, {
          timeoutMs: 30_000,
          settleMs: 2_000,
          where: (message) => message.key?.toString('utf8') === plug.plugId,
        })
      ).map((message) => chargerEvents.decode(message.value, message)),
    );
    const started = events.flatMap((event) =>
      'vz.charger.TransactionStarted' in event.payload ? [event.payload['vz.charger.TransactionStarted']] : [],
    );
    expect(started).toEqual([expect.objectContaining({ transactionId: sessionId, idTag: 'T-DRIVER' })]);
  });
});
