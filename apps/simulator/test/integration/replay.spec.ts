import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Csms, defaultCsmsSettings, StationCredentials } from '@vz/connector-ocpp';
import { createLogger, hashPassword } from '@vz/core';
import { type ChargerEvent, type RawFrame, type TopicCodec, topics } from '@vz/schemas';
import { createIsolation, type Isolation, isolatedTopic, readTopic, testCodec, testKafkaConfig } from '@vz/testing';
import { ManualClock, SimulatedCharger } from '../../src/index.ts';

// The simulator against the real central system, Kafka and registry: a charger that loses its connection in the
// middle of a session and replays its queued meter values must yield the exact energy, counted once.

let isolation: Isolation;
let csms: Csms;
let endpoint: string;
let chargerEvents: TopicCodec<ChargerEvent>;
const password = 'replay-test-station-password';

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  const kafka = testKafkaConfig(isolation, 'test-replay');
  const codec = testCodec(isolation);
  const rawFrames = await isolatedTopic<RawFrame>(isolation, codec, topics.chargerFramesRaw);
  chargerEvents = await isolatedTopic<ChargerEvent>(isolation, codec, topics.chargerEvents);
  const hash = await hashPassword(password);
  csms = new Csms({
    settings: { ...defaultCsmsSettings, heartbeatIntervalSeconds: 3_600, rateLimitPerSecond: 100, rateLimitBurst: 200 },
    instanceId: 'replay',
    kafka,
    rawFrames,
    chargerEvents,
    credentials: new StationCredentials([
      ['REPLAY-16', hash],
      ['REPLAY-201', hash],
    ]),
    logger: createLogger('replay-test', { level: 'warn' }),
  });
  endpoint = `ws://127.0.0.1:${await csms.listen()}/ocpp`;
});

afterAll(async () => {
  await csms.close();
  await isolation.close();
});

describe.each([
  ['REPLAY-16', 'ocpp1.6'],
  ['REPLAY-201', 'ocpp2.0.1'],
] as const)('%s (%s) losing its connection mid-session', (identity, protocol) => {
  it('delivers the exact energy once its queue is replayed, and replays carry the same event ids', async () => {
    const clock = new ManualClock(Date.parse('2026-11-21T08:00:00Z'));
    const charger = new SimulatedCharger({
      endpoint,
      identity,
      password,
      protocol,
      meterValueIntervalMs: 60_000,
      initialRegisterWh: 1_000_000,
      clock,
    });
    await charger.connect();
    await charger.boot();
    const session = await charger.startSession({ connectorId: 1, idTag: 'TAG-REPLAY', powerW: 7_400 });
    await charger.advance(5 * 60_000);
    await charger.dropConnection();
    await charger.advance(10 * 60_000); // meter values queued while offline
    await charger.connect();
    await charger.boot(); // replays the queue
    await charger.advance(5 * 60_000);
    const finished = await charger.stopSession(session, 'EVDisconnected');
    const report = charger.report();
    await charger.close();
    expect(report.replayed).toBeGreaterThanOrEqual(10);

    const messages = await readTopic(isolation.endpoints.kafka.bootstrap, chargerEvents.topic, 1, {
      settleMs: 3_000,
      timeoutMs: 30_000,
    });
    const events = (await Promise.all(messages.map((message) => chargerEvents.decode(message.value, message)))).filter(
      (event) => event.chargerId === identity,
    );
    const started = events.flatMap((event) =>
      'vz.charger.TransactionStarted' in event.payload ? [event.payload['vz.charger.TransactionStarted']] : [],
    );
    const ended = events.flatMap((event) =>
      'vz.charger.TransactionEnded' in event.payload ? [event.payload['vz.charger.TransactionEnded']] : [],
    );
    const samples = events.filter((event) => 'vz.charger.MeterSampled' in event.payload);
    expect(new Set(started.map((event) => event.transactionId))).toEqual(new Set([finished.transactionId]));
    expect(started[0]?.meterStartWh).toBe(finished.meterStartWh);
    expect(ended.at(-1)?.meterStopWh).toBe(finished.meterStopWh);
    expect((finished.meterStopWh ?? 0) - (finished.meterStartWh ?? 0)).toBe(finished.energyWh);
    expect(finished.energyWh).toBe(Math.floor((7_400 * 20 * 60_000) / 3_600_000));
    // Every periodic sample arrived, the offline ones included; a sample sent twice has one id.
    const uniqueSampleIds = new Set(samples.map((event) => event.eventId));
    expect(uniqueSampleIds.size).toBeGreaterThanOrEqual(20);
    const registers = samples.flatMap((event) =>
      ('vz.charger.MeterSampled' in event.payload ? event.payload['vz.charger.MeterSampled'].samples : [])
        .filter((sample) => sample.measurand === 'ENERGY_ACTIVE_IMPORT_REGISTER')
        .map((sample) => sample.value),
    );
    expect(Math.max(...registers)).toBe(finished.meterStopWh);
  });
});
