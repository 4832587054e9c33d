import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MqttBridge } from '@vz/connector-mqtt';
import { Csms, defaultCsmsSettings, StationCredentials } from '@vz/connector-ocpp';
import { createLogger, hashPassword } from '@vz/core';
import { Admin, Producer } from '@platformatic/kafka';
import type { Processor } from '@vz/kafka';
import {
  type AuthorizationToken,
  type ChargerEvent,
  type ChargingAsset,
  type ChargingSession,
  type MintBatch,
  type PaymentEvent,
  type RawFrame,
  type Settlement,
  type SettlementReview,
  type Station,
  type Tariff,
  type TopicCodec,
  topics,
  type VzpReward,
} from '@vz/schemas';
import { followRegistry } from '@vz/registry';
import { type SessionSettlementState, settlementsApplication, settlementsProcessor } from '@vz/stream-settlements';
import { type ChargerSessions, sessionsApplication, sessionsProcessor } from '@vz/stream-sessions';
import {
  defaultRulesFile,
  loadRewardRules,
  rewardsStages,
  type RewardsTopics,
  rewardsTopics,
} from '@vz/stream-rewards';
import {
  sampleStation,
  sampleTariff,
  createIsolation,
  type Isolation,
  isolatedTopic,
  readTopic,
  testCodec,
  testKafkaConfig,
} from '@vz/testing';
import { runFleet } from '../../src/index.ts';
import { startTestBridge } from './edges.ts';
import { isolatedProcessor } from './processors.ts';

// The whole edge-to-session path on the real broker, registry and Mosquitto: a simulated fleet of OCPP 1.6J and
// 2.0.1 chargers (with network drops and offline replays) and MQTT plugs, through the central system and the plug
// bridge, into the sessions and settlements processors. Every session the simulator completed must land once,
// COMPLETED, with exactly the energy the simulator metered, and be settled once on that energy.

let isolation: Isolation;
let csms: Csms;
let bridge: MqttBridge;
let processor: Processor<ChargerEvent, ChargerSessions>;
let settler: Processor<ChargingSession | SettlementReview, SessionSettlementState>;
let rewarders: Processor<unknown, unknown>[];
let rewardTopics: RewardsTopics;
let registry: { close: () => Promise<void> };
let processing: Promise<void>[];
let settlements: TopicCodec<Settlement>;
let sessions: TopicCodec<ChargingSession>;
let latest: TopicCodec<ChargingSession>;
let endpoint: string;
const password = 'sessions-e2e-station-password';

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  const kafka = testKafkaConfig(isolation, 'test-sessions');
  const codec = testCodec(isolation);
  const logger = createLogger('sessions-e2e', { level: 'error' });
  const rawFrames = await isolatedTopic<RawFrame>(isolation, codec, topics.chargerFramesRaw);
  const chargerEvents = await isolatedTopic<ChargerEvent>(isolation, codec, topics.chargerEvents);
  sessions = await isolatedTopic<ChargingSession>(isolation, codec, topics.chargingSessions);
  latest = await isolatedTopic<ChargingSession>(isolation, codec, topics.chargingSessionsLatest);

  const hash = await hashPassword(password);
  csms = new Csms({
    settings: { ...defaultCsmsSettings, heartbeatIntervalSeconds: 3_600, rateLimitPerSecond: 200, rateLimitBurst: 400 },
    instanceId: `ocpp-${isolation.id}`,
    kafka,
    rawFrames,
    chargerEvents,
    credentials: new StationCredentials(chargerIds.map((id) => [id, hash] as const)),
    logger,
  });
  endpoint = `ws://127.0.0.1:${await csms.listen()}/ocpp`;
  bridge = await startTestBridge({ isolation, kafka, rawFrames, chargerEvents, logger });
  const context = { isolation, kafka, codec, logger };
  processor = isolatedProcessor(
    context,
    sessionsApplication,
    sessionsProcessor(
      { chargerEvents, sessions, latest },
      {
        updateIntervalMs: 1_000,
        inactivityTimeoutMs: 3_600_000,
        completedKept: 16,
        groupsKept: 16,
      },
    ),
  );

  // Settlements: a station per charger and per plug, their connectors priced by one tariff (30 ct/kWh + 50 per
  // session, no VAT), so every settlement can be checked against the simulator's energy.
  settlements = await isolatedTopic<Settlement>(isolation, codec, topics.billingSettlements);
  const registryTopics = {
    stations: await isolatedTopic<Station>(isolation, codec, topics.registryStations),
    tariffs: await isolatedTopic<Tariff>(isolation, codec, topics.registryTariffs),
    assets: await isolatedTopic<ChargingAsset>(isolation, codec, topics.registryAssets),
    tokens: await isolatedTopic<AuthorizationToken>(isolation, codec, topics.registryTokens),
    payments: await isolatedTopic<PaymentEvent>(isolation, codec, topics.paymentEvents),
  };
  const producer = new Producer({
    clientId: 'sessions-e2e-registry',
    bootstrapBrokers: [isolation.endpoints.kafka.bootstrap],
  });
  const stations = [
    ...chargerIds.map((chargerId, index) =>
      sampleStation(chargerId, { protocol: index % 2 === 1 ? 'ocpp2.0.1' : 'ocpp1.6', tariffIds: ['E2E'] }),
    ),
    ...plugIds().map((plugId) => sampleStation(plugId, { protocol: 'mqtt', tariffIds: ['E2E'] })),
  ];
  await producer.send({
    messages: [
      ...stations.map((station) => ({
        topic: registryTopics.stations.topic,
        key: Buffer.from(station.stationId),
        value: registryTopics.stations.encode(station),
      })),
      {
        topic: registryTopics.tariffs.topic,
        key: Buffer.from(e2eTariff.tariffId),
        value: registryTopics.tariffs.encode(e2eTariff),
      },
    ],
  });
  await producer.close();
  const followed = await followRegistry({
    kafka,
    topics: registryTopics,
    application: 'settlements',
    instanceId: 'e2e',
    logger,
  });
  registry = followed;
  settler = isolatedProcessor(
    context,
    settlementsApplication,
    settlementsProcessor(
      {
        sessions,
        settlements,
        reviews: await isolatedTopic<SettlementReview>(isolation, codec, topics.billingSettlementReviews),
      },
      followed.view,
    ),
  );
  // Rewards: the shipped rules (1 VZP per kWh, +5 VZP on a recipient's first session, off-peak x1.5).
  await isolatedTopic<VzpReward>(isolation, codec, topics.rewardsVzp);
  await isolatedTopic<MintBatch>(isolation, codec, topics.rewardsMintBatches);
  const admin = new Admin({ clientId: 'sessions-e2e-admin', bootstrapBrokers: [isolation.endpoints.kafka.bootstrap] });
  rewardTopics = await rewardsTopics(admin, codec, logger, isolation.topicPrefix).finally(() => admin.close());
  rewarders = rewardsStages(rewardTopics, loadRewardRules(defaultRulesFile), 'test-0').map((stage) =>
    isolatedProcessor(context, stage.application, stage),
  );
  processing = [processor.start(), settler.start(), ...rewarders.map((rewarder) => rewarder.start())];
});

const chargerIds = ['E2E-0001', 'E2E-0002', 'E2E-0003', 'E2E-0004'];
const plugIds = () => [1, 2].map((n) => `E2E-PLUG-${isolation.id}-${String(n).padStart(4, '0')}`);

const e2eTariff = sampleTariff('E2E', [
  { type: 'ENERGY', priceMinor: 30, vatBasisPoints: null },
  { type: 'FLAT', priceMinor: 50, vatBasisPoints: null },
]);

afterAll(async () => {
  await Promise.all([processor.stop(), settler.stop(), ...rewarders.map((rewarder) => rewarder.stop())]);
  await Promise.all(processing.map((loop) => loop.catch(() => undefined)));
  await registry.close();
  await bridge.close();
  await csms.close();
  await isolation.close();
});

describe('simulated fleet → connectors → sessions → settlements', () => {
  it('completes and settles every simulated session once, with the exact energy', async () => {
    const plugPrefix = `E2E-PLUG-${isolation.id}-`;
    // The plugs log in as one integrator (here the platform user); per-plug users are tested in plug-commands.
    const fleet = runFleet({
      endpoint,
      passwordFor: () => password,
      chargers: 4,
      share201: 0.5,
      idPrefix: 'E2E-',
      connectors: 2,
      sessionsPerCharger: 2,
      meterValueIntervalMs: 200,
      sessionMs: 1_500,
      idleMs: 300,
      faults: true,
      plugs: 2,
      mqttUrl: isolation.endpoints.mqtt.url,
      plugPrefix,
      plugUsername: isolation.endpoints.mqtt.user,
      plugPasswordFor: () => isolation.endpoints.mqtt.password,
      seed: 7,
    });
    await fleet.done;
    const report = await fleet.stop();

    const expected = new Map<string, number>();
    for (const session of report.sessions) {
      if (session.stoppedAt !== null) expected.set(`${session.identity}:${session.transactionId}`, session.energyWh);
    }
    for (const plug of report.plugs.perPlug) {
      for (const session of plug.sessions) {
        if (session.stoppedAt !== null) expected.set(`${plug.plugId}:${session.sessionId}`, session.energyWh);
      }
    }
    expect(expected.size).toBeGreaterThanOrEqual(4 * 2 + 2 * 2);

    // The compacted topic holds the latest state per session; wait until every expected session is completed there.
    const isOurs = (key: string) => key.startsWith('E2E-');
    const messages = await readTopic(isolation.endpoints.kafka.bootstrap, latest.topic, expected.size, {
      timeoutMs: 90_000,
      settleMs: 3_000,
      where: (message) => isOurs(message.key?.toString('utf8') ?? ''),
    });
    const final = new Map<string, ChargingSession>();
    for (const message of messages) {
      const session = await latest.decode(message.value, message);
      final.set(session.sessionId, session);
    }
    const landed = new Map([...final].filter(([, session]) => session.status === 'COMPLETED'));
    expect(new Map([...landed].map(([id, session]) => [id, session.energyWh]))).toEqual(expected);
    for (const session of landed.values()) expect(session.flags).toEqual([]);

    // The change log has exactly one STARTED (first record) per session and ends with its COMPLETED state.
    const changes = await readTopic(isolation.endpoints.kafka.bootstrap, sessions.topic, expected.size, {
      timeoutMs: 30_000,
      settleMs: 2_000,
      where: (message) => isOurs(message.key?.toString('utf8') ?? ''),
    });
    const bySession = new Map<string, ChargingSession[]>();
    for (const message of changes) {
      const session = await sessions.decode(message.value, message);
      bySession.set(session.sessionId, [...(bySession.get(session.sessionId) ?? []), session]);
    }
    for (const [sessionId, states] of bySession) {
      expect(states.filter((state) => state.status === 'COMPLETED').length).toBeGreaterThanOrEqual(1);
      expect(new Set(states.map((state) => state.eventId)).size).toBe(states.length);
      expect(states.at(-1)).toEqual(final.get(sessionId));
    }

    // One settlement per session, priced on the simulator's energy, its splits adding up to the total.
    const settled = await readTopic(isolation.endpoints.kafka.bootstrap, settlements.topic, expected.size, {
      timeoutMs: 60_000,
      settleMs: 2_000,
      where: (message) => isOurs(message.key?.toString('utf8') ?? ''),
    });
    const bills = await Promise.all(settled.map((message) => settlements.decode(message.value, message)));
    expect(bills.map((bill) => bill.sessionId).sort()).toEqual([...expected.keys()].sort());
    for (const bill of bills) {
      const energyWh = expected.get(bill.sessionId) ?? -1;
      expect(bill).toMatchObject({ revision: 0, tariffId: 'E2E', energyWh, flags: [] });
      expect(bill.total.amountMinor).toBe(Math.floor((energyWh * 30) / 1_000 + 0.5) + 50);
      expect(bill.splits.reduce((sum, split) => sum + split.amount.amountMinor, 0)).toBe(bill.total.amountMinor);
    }
    const billedWh = bills.reduce((sum, bill) => sum + bill.energyWh, 0);
    expect(billedWh).toBe(report.energyWh + report.plugs.energyWh);

    // One reward per session with an idTag (its recipient; the plugs' sessions have none), its energy step exactly
    // 1 VZP per kWh.
    const rewardable = [...landed.values()]
      .filter((session) => session.idTag !== null)
      .map((session) => session.sessionId);
    expect(rewardable.length).toBeGreaterThanOrEqual(4 * 2);
    const granted = await Promise.all(
      (
        await readTopic(isolation.endpoints.kafka.bootstrap, rewardTopics.rewards.topic, rewardable.length, {
          timeoutMs: 60_000,
          settleMs: 2_000,
          where: (message) => message.key?.toString('utf8').startsWith('idtag:') === true,
        })
      ).map((message) => rewardTopics.rewards.decode(message.value, message)),
    );
    const ours = granted.filter((reward) => reward.sessionId !== null && expected.has(reward.sessionId));
    expect(ours.map((reward) => reward.sessionId).sort()).toEqual(rewardable.sort());
    for (const reward of ours) {
      const energy = reward.steps.find((step) => step.name === 'energy');
      expect(energy?.amount).toBe((expected.get(reward.sessionId ?? '') ?? 0) * 1_000);
      expect(reward.steps.reduce((sum, step) => sum + step.amount, 0)).toBe(reward.amount);
      expect(reward.ruleId).toBe('vzp-charging@1');
    }
  });
});
