import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MqttBridge } from '@vz/connector-mqtt';
import { Csms, defaultCsmsSettings, StationCredentials } from '@vz/connector-ocpp';
import { createLogger, hashPassword } from '@vz/core';
import { Processor } from '@vz/kafka';
import { type ChargerEvent, type ChargingSession, type RawFrame, type TopicCodec, topics } from '@vz/schemas';
import { type ChargerSessions, sessionsApplication, sessionsProcessor } from '@vz/stream-sessions';
import { createIsolation, type Isolation, isolatedTopic, readTopic, testCodec, testKafkaConfig } from '@vz/testing';
import { Registry } from 'prom-client';
import { runFleet } from '../../src/index.ts';
import { startTestBridge } from './edges.ts';

// The whole edge-to-session path on the real broker, registry and Mosquitto: a simulated fleet of OCPP 1.6J and
// 2.0.1 chargers (with network drops and offline replays) and MQTT plugs, through the central system and the plug
// bridge, into the sessions processor. Every session the simulator completed must land once, COMPLETED, with
// exactly the energy the simulator metered.

let isolation: Isolation;
let csms: Csms;
let bridge: MqttBridge;
let processor: Processor<ChargerEvent, ChargerSessions>;
let processing: Promise<void>;
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
    credentials: new StationCredentials(
      ['E2E-0001', 'E2E-0002', 'E2E-0003', 'E2E-0004'].map((id) => [id, hash] as const),
    ),
    logger,
  });
  endpoint = `ws://127.0.0.1:${await csms.listen()}/ocpp`;
  bridge = await startTestBridge({ isolation, kafka, rawFrames, chargerEvents, logger });
  processor = new Processor({
    application: `${isolation.topicPrefix}${sessionsApplication}`,
    instanceId: 'e2e-0',
    kafka,
    codec,
    logger,
    metricsRegistry: new Registry(),
    batch: { maxRecords: 500, lingerMs: 20 },
    ...sessionsProcessor(
      { chargerEvents, sessions, latest },
      {
        updateIntervalMs: 1_000,
        inactivityTimeoutMs: 3_600_000,
        completedKept: 16,
        groupsKept: 16,
      },
    ),
  });
  processing = processor.start();
});

afterAll(async () => {
  await processor.stop();
  await processing.catch(() => undefined);
  await bridge.close();
  await csms.close();
  await isolation.close();
});

describe('simulated fleet → connectors → sessions', () => {
  it('completes every simulated session once, with the exact energy', async () => {
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
  });
});
