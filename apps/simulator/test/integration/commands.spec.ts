import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Csms, defaultCsmsSettings, StationCredentials } from '@vz/connector-ocpp';
import { createLogger, hashPassword } from '@vz/core';
import {
  changelogTopicName,
  type ChargerCommand,
  type ChargerCommandResult,
  type ChargerEvent,
  type RawFrame,
  type TopicCodec,
  topics,
} from '@vz/schemas';
import { createIsolation, type Isolation, isolatedTopic, readTopic, testCodec, testKafkaConfig } from '@vz/testing';
import { Admin, Producer } from '@platformatic/kafka';
import { edgeCommandTopics } from '@vz/edge';
import { SimulatedCharger } from '../../src/index.ts';

// Remote commands through two central-system instances: whichever instance routes a command, it reaches the one
// holding the charger's socket, and every command gets exactly one result.

let isolation: Isolation;
let instances: Csms[];
let endpoints: string[];
let commands: TopicCodec<ChargerCommand>;
let results: TopicCodec<ChargerCommandResult>;
let chargerEvents: TopicCodec<ChargerEvent>;
const password = 'commands-test-station-password';
const chargers = [
  ['CMD-A-16', 'ocpp1.6', 0],
  ['CMD-A-201', 'ocpp2.0.1', 0],
  ['CMD-B-16', 'ocpp1.6', 1],
  ['CMD-B-201', 'ocpp2.0.1', 1],
] as const;

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  const kafka = testKafkaConfig(isolation, 'test-commands');
  const codec = testCodec(isolation);
  const rawFrames = await isolatedTopic<RawFrame>(isolation, codec, topics.chargerFramesRaw);
  chargerEvents = await isolatedTopic<ChargerEvent>(isolation, codec, topics.chargerEvents);
  commands = await isolatedTopic<ChargerCommand>(isolation, codec, topics.chargerCommands);
  results = await isolatedTopic<ChargerCommandResult>(isolation, codec, topics.chargerCommandResults);
  const admin = new Admin({ clientId: 'test-commands-admin', bootstrapBrokers: [isolation.endpoints.kafka.bootstrap] });
  const edge = await edgeCommandTopics({
    admin,
    codec,
    logger: createLogger('commands-test', { level: 'warn' }),
    prefix: isolation.topicPrefix,
    commandsTopic: commands.topic,
    resultsTopic: results.topic,
    defaultTimeoutMs: 30_000,
  }).finally(() => admin.close());
  expect(edge.presenceTopic).toBe(`${isolation.topicPrefix}${changelogTopicName('charger-edge', 'connections')}`);
  const hash = await hashPassword(password);
  instances = ['a', 'b'].map(
    (instanceId) =>
      new Csms({
        settings: {
          ...defaultCsmsSettings,
          heartbeatIntervalSeconds: 3_600,
          rateLimitPerSecond: 100,
          rateLimitBurst: 200,
        },
        instanceId,
        kafka,
        rawFrames,
        chargerEvents,
        credentials: new StationCredentials(chargers.map(([id]) => [id, hash] as const)),
        logger: createLogger(`commands-test-${instanceId}`, { level: 'warn' }),
        commands: edge,
      }),
  );
  endpoints = await Promise.all(instances.map(async (instance) => `ws://127.0.0.1:${await instance.listen()}/ocpp`));
});

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.close()));
  await isolation.close();
});

describe('remote commands through two central-system instances', () => {
  it('reach the instance holding the socket and give exactly one result each; a charger nobody holds is offline', async () => {
    const simulated = chargers.map(
      ([identity, protocol, instance]) =>
        new SimulatedCharger({ endpoint: endpoints[instance] ?? '', identity, password, protocol }),
    );
    await Promise.all(simulated.map((charger) => charger.start()));
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // presence reaches both instances

    const now = Date.now();
    const remoteStart = (chargerId: string): ChargerCommand => ({
      eventId: `cmd-${chargerId}`,
      occurredAt: now,
      causationId: 'test',
      chargerId,
      commandId: `start-${chargerId}`,
      requestedBy: 'test',
      expiresAt: now + 30_000,
      payload: {
        'vz.charger.RemoteStartCommand': {
          idTag: `REMOTE-${chargerId}`,
          connectorId: 1,
          evseId: null,
          remoteStartId: null,
        },
      },
    });
    const targets = [...chargers.map(([id]) => id), 'CMD-NOBODY'];
    const producer = new Producer({
      clientId: 'test-commands',
      bootstrapBrokers: [isolation.endpoints.kafka.bootstrap],
    });
    await producer.send({
      messages: targets.map((id) => ({
        topic: commands.topic,
        key: Buffer.from(id),
        value: commands.encode(remoteStart(id)),
      })),
    });
    await producer.close();

    const answered = await Promise.all(
      (
        await readTopic(isolation.endpoints.kafka.bootstrap, results.topic, targets.length, {
          timeoutMs: 60_000,
          settleMs: 3_000,
        })
      ).map((message) => results.decode(message.value, message)),
    );
    expect(answered.map((result) => result.commandId).sort()).toEqual(targets.map((id) => `start-${id}`).sort());
    const byCharger = new Map(answered.map((result) => [result.chargerId, result]));
    for (const [id, protocol] of chargers) {
      expect(byCharger.get(id)).toMatchObject({
        outcome: 'ACCEPTED',
        action: protocol === 'ocpp1.6' ? 'RemoteStartTransaction' : 'RequestStartTransaction',
        status: 'Accepted',
      });
    }
    expect(byCharger.get('CMD-NOBODY')).toMatchObject({
      outcome: 'TIMEOUT',
      errorCode: 'CHARGER_OFFLINE',
      action: null,
    });

    // The chargers acted on it: each started a transaction for the remote idTag.
    await Promise.all(simulated.map((charger) => charger.idle()));
    const events = await Promise.all(
      (
        await readTopic(isolation.endpoints.kafka.bootstrap, chargerEvents.topic, 1, {
          timeoutMs: 30_000,
          settleMs: 3_000,
        })
      ).map((message) => chargerEvents.decode(message.value, message)),
    );
    const started = events.flatMap((event) =>
      'vz.charger.TransactionStarted' in event.payload ? [event.chargerId] : [],
    );
    expect(new Set(started)).toEqual(new Set(chargers.map(([id]) => id)));

    // Smart charging: a station-wide limit, and a TxProfile for the running transaction's connector, in both
    // protocols (strict schemas on both sides), to chargers held by either instance.
    const profile = (chargerId: string, purpose: string, index: number): ChargerCommand => ({
      ...remoteStart(chargerId),
      eventId: `profile-${index}`,
      commandId: `profile-${index}`,
      payload: {
        'vz.charger.SetChargingProfileCommand': {
          connectorId: purpose === 'TxProfile' ? 1 : 0,
          evseId: purpose === 'TxProfile' ? 1 : 0,
          chargingProfileId: 10 + index,
          stackLevel: 1,
          purpose,
          kind: 'Relative',
          recurrency: null,
          transactionId: null,
          validFromAt: null,
          validToAt: null,
          startScheduleAt: null,
          durationMs: null,
          rateUnit: 'MILLIAMPERE',
          periods: [{ startOffsetMs: 0, limit: 10_000, numberPhases: null }],
        },
      },
    });
    const profiles = chargers.flatMap(([id], index) => [
      profile(id, 'ChargingStationMaxProfile', 2 * index),
      profile(id, 'TxProfile', 2 * index + 1),
    ]);
    const again = new Producer({ clientId: 'test-commands', bootstrapBrokers: [isolation.endpoints.kafka.bootstrap] });
    await again.send({
      messages: profiles.map((command) => ({
        topic: commands.topic,
        key: Buffer.from(command.chargerId),
        value: commands.encode(command),
      })),
    });
    await again.close();
    const profileResults = (
      await Promise.all(
        (
          await readTopic(isolation.endpoints.kafka.bootstrap, results.topic, targets.length + profiles.length, {
            timeoutMs: 60_000,
            settleMs: 2_000,
          })
        ).map((message) => results.decode(message.value, message)),
      )
    ).filter((result) => result.commandId.startsWith('profile-'));
    expect(profileResults).toHaveLength(profiles.length);
    for (const result of profileResults) {
      expect(result).toMatchObject({ outcome: 'ACCEPTED', action: 'SetChargingProfile', status: 'Accepted' });
    }
    await Promise.all(simulated.map((charger) => charger.close()));
  });
});
