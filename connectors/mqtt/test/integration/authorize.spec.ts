import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Message, Producer } from '@platformatic/kafka';
import { createLogger } from '@vz/core';
import { defaultPrepaidSettings } from '@vz/edge';
import { RegistryView } from '@vz/registry';
import {
  type AuthorizationToken,
  type ChainTransaction,
  type ChargerEvent,
  type DeadLetter,
  deadLetterTopicSpec,
  type PaymentCommand,
  type RawFrame,
  type TopicCodec,
  topics,
} from '@vz/schemas';
import {
  createIsolation,
  type Isolation,
  isolatedTopic,
  readTopic,
  sampleParty,
  sampleToken,
  testCodec,
  testKafkaConfig,
} from '@vz/testing';
import mqtt, { type MqttClient } from 'mqtt';
import { MqttBridge, mqttBridgeApplication } from '../../src/bridge.ts';
import type { PlugAuthorization } from '../../src/plug-message.ts';

// Plugs authorizing drivers: the bridge answers from registry.tokens (unknown tokens rejected) and, for a prepaid
// account, from the escrow lock. The prepaid case here is an account without a wallet, refused before any chain
// order; a lock confirmed on chain is covered by libs/edge's PrepaidAuthorizer tests.

let isolation: Isolation;
let bridge: MqttBridge;
let rawFrames: TopicCodec<RawFrame>;
let chargerEvents: TopicCodec<ChargerEvent>;
let deadLetters: TopicCodec<DeadLetter>;
let plugId: string;
let plug: MqttClient;

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  plugId = `AUTH-${isolation.id}`;
  const kafka = testKafkaConfig(isolation, 'test-mqtt-authorize');
  const codec = testCodec(isolation);
  rawFrames = await isolatedTopic<RawFrame>(isolation, codec, topics.chargerFramesRaw);
  chargerEvents = await isolatedTopic<ChargerEvent>(isolation, codec, topics.chargerEvents);
  deadLetters = await isolatedTopic<DeadLetter>(isolation, codec, deadLetterTopicSpec(mqttBridgeApplication, 1));
  const tokens = await isolatedTopic<AuthorizationToken>(isolation, codec, topics.registryTokens);
  const postpaid = sampleToken('T-POSTPAID', 'driver-postpaid', { occurredAt: 0 });
  const prepaid = sampleToken('T-PREPAID', 'driver-prepaid', { occurredAt: 0 });
  const producer = new Producer({
    clientId: 'test-mqtt-authorize',
    bootstrapBrokers: [isolation.endpoints.kafka.bootstrap],
  });
  await producer.send({
    messages: [postpaid, prepaid, sampleToken('T-BLOCKED', null, { status: 'BLOCKED' })].map((token) => ({
      topic: tokens.topic,
      key: Buffer.from(token.idTag),
      value: tokens.encode(token),
    })),
  });
  await producer.close();
  // Who pays for a token: filled directly here (main.ts follows registry.parties and registry.tokens for it).
  const registry = new RegistryView();
  registry.applyParty(sampleParty('driver-postpaid', null, { paymentMode: 'POSTPAID', occurredAt: 0 }));
  registry.applyParty(sampleParty('driver-prepaid', null, { paymentMode: 'PREPAID', occurredAt: 0 }));
  registry.applyToken(postpaid);
  registry.applyToken(prepaid);

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
    tokens: { codec: tokens, acceptUnknown: false },
    prepaid: {
      registry,
      commands: await isolatedTopic<PaymentCommand>(isolation, codec, topics.paymentCommands),
      outcomes: await isolatedTopic<ChainTransaction>(isolation, codec, topics.chainTransactions),
      settings: defaultPrepaidSettings,
    },
    logger: createLogger('mqtt-authorize-test', { level: 'warn' }),
  });
  await bridge.start();

  // The plug, speaking as the platform user (the ACL for per-plug users is tested in deploy/local).
  plug = await mqtt.connectAsync(broker.url, { username: broker.user, password: broker.password, protocolVersion: 5 });
});

afterAll(async () => {
  await plug.endAsync();
  await bridge.close();
  await isolation.close();
});

/**
 * The answer of this test's bridge, read from its own raw frames: the platform's running bridge shares the broker and
 * answers the plug's topic too (from the platform's registry), so what arrives over MQTT first may be its answer.
 */
async function authorize(requestId: string, idTag: string): Promise<PlugAuthorization> {
  await plug.publishAsync(`vz/plugs/${plugId}/authorize`, JSON.stringify({ requestId, idTag }), { qos: 1 });
  for (const deadline = Date.now() + 30_000; ; await sleep(200)) {
    const frames = await Promise.all(
      (
        await readTopic(isolation.endpoints.kafka.bootstrap, rawFrames.topic, 1, {
          timeoutMs: 30_000,
          settleMs: 200,
          where: ownPlug,
        })
      ).map((message) => rawFrames.decode(message.value, message)),
    );
    const answers = frames
      .filter((frame) => frame.direction === 'TO_CHARGER' && frame.action === 'authorization')
      .map((frame) => JSON.parse(frame.payload.toString('utf8')) as PlugAuthorization);
    const answer = answers.find((each) => each.requestId === requestId);
    if (answer !== undefined) return answer;
    if (Date.now() > deadline) throw new Error(`no authorization answer to ${requestId} after 30 s`);
  }
}

async function publishState(messageId: string, timestamp: number, session: object): Promise<void> {
  const state = { messageId, timestamp, state: 'charging', energyRegisterWh: 1_000, powerW: 2_300, session };
  await plug.publishAsync(`vz/plugs/${plugId}/state`, JSON.stringify(state), { qos: 1 });
}

const ownPlug = (message: Message) => message.key?.toString('utf8') === plugId;

describe('plug authorizations', () => {
  it('accepts a registered postpaid token, rejects unknown, blocked and credit-less prepaid ones', async () => {
    expect(await authorize('r-1', 'T-POSTPAID')).toEqual({ requestId: 'r-1', status: 'accepted' });
    expect(await authorize('r-2', 'T-NOBODY')).toEqual({
      requestId: 'r-2',
      status: 'rejected',
      reason: 'unknown token',
    });
    expect(await authorize('r-3', 'T-BLOCKED')).toEqual({ requestId: 'r-3', status: 'rejected', reason: 'blocked' });
    expect(await authorize('r-4', 'T-PREPAID')).toEqual({ requestId: 'r-4', status: 'rejected', reason: 'no credit' });
    // Not an authorization request: a dead letter naming the field, no answer.
    await plug.publishAsync(`vz/plugs/${plugId}/authorize`, JSON.stringify({ requestId: 'r-5' }), { qos: 1 });

    // A session without a token starts as before; the authorized one carries its token.
    await publishState('m-1', 1_763_700_000_000, { event: 'start', sessionId: 's-anonymous' });
    await publishState('m-2', 1_763_700_100_000, { event: 'start', sessionId: 's-driver', idTag: 'T-POSTPAID' });

    const events = await Promise.all(
      (
        await readTopic(isolation.endpoints.kafka.bootstrap, chargerEvents.topic, 6, {
          timeoutMs: 30_000,
          where: ownPlug,
        })
      ).map((message) => chargerEvents.decode(message.value, message)),
    );
    const starts = events.flatMap((event) =>
      'vz.charger.TransactionStarted' in event.payload ? [event.payload['vz.charger.TransactionStarted']] : [],
    );
    expect(starts).toEqual([
      expect.objectContaining({ transactionId: 's-anonymous', idTag: null, escrowId: null }),
      expect.objectContaining({ transactionId: 's-driver', idTag: 'T-POSTPAID', escrowId: null }),
    ]);

    // Every request and every answer is a raw frame: 5 requests, 4 answers, 2 states.
    const frames = await Promise.all(
      (
        await readTopic(isolation.endpoints.kafka.bootstrap, rawFrames.topic, 11, {
          timeoutMs: 30_000,
          where: ownPlug,
        })
      ).map((message) => rawFrames.decode(message.value, message)),
    );
    const count = (direction: RawFrame['direction'], action: string) =>
      frames.filter((frame) => frame.direction === direction && frame.action === action).length;
    expect([count('FROM_CHARGER', 'authorize'), count('TO_CHARGER', 'authorization')]).toEqual([5, 4]);

    const [letter] = await Promise.all(
      (
        await readTopic(isolation.endpoints.kafka.bootstrap, deadLetters.topic, 1, {
          timeoutMs: 30_000,
          where: ownPlug,
        })
      ).map((message) => deadLetters.decode(message.value, message)),
    );
    expect(letter).toMatchObject({ stage: 'VALIDATE', sourceTopic: rawFrames.topic });
    expect(letter?.reason).toMatch(/^idTag/);
  });
});
