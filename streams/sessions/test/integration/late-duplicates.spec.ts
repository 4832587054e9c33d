import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { compatibilityPartitioner, type Message, Producer } from '@platformatic/kafka';
import { createLogger } from '@vz/core';
import { type KafkaConfig, Processor } from '@vz/kafka';
import { type AvroCodec, type ChargerEvent, type ChargingSession, changelogTopicName, topics } from '@vz/schemas';
import { createIsolation, type Isolation, isolatedTopic, readTopic, testCodec, testKafkaConfig } from '@vz/testing';
import { Registry } from 'prom-client';
import {
  type ChargerSessions,
  defaultSessionRules,
  endedSessionsIndex,
  sessionsApplication,
  sessionsProcessor,
  type SessionsTopics,
} from '../../src/index.ts';

// The sessions processor on the real broker and registry, on this file's own topics: a charger that replays its
// offline queue sends a transaction's stop (and start) again after many later sessions, once while the processor
// runs and once after it was restarted (its state restored from the changelogs). The settled session must not get a
// single new state.

const chargerId = 'LATE-0001';
const T0 = Date.UTC(2026, 10, 21, 8);
const laterSessions = 10;

let isolation: Isolation;
let kafka: KafkaConfig;
let codec: AvroCodec;
let sessionTopics: SessionsTopics;
const logger = createLogger('sessions-late-duplicates', { level: 'error' });
/** The processor running now, stopped by the next `startProcessor` or after the tests, also when one failed. */
let running: { processor: Processor<ChargerEvent, ChargerSessions>; loop: Promise<void> } | undefined;

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  kafka = testKafkaConfig(isolation, 'test-sessions-late');
  codec = testCodec(isolation);
  sessionTopics = {
    chargerEvents: await isolatedTopic<ChargerEvent>(isolation, codec, topics.chargerEvents),
    sessions: await isolatedTopic<ChargingSession>(isolation, codec, topics.chargingSessions),
    latest: await isolatedTopic<ChargingSession>(isolation, codec, topics.chargingSessionsLatest),
  };
});

async function stopProcessor(): Promise<void> {
  if (running === undefined) return;
  const { processor, loop } = running;
  running = undefined;
  await processor.stop();
  await loop;
}

afterAll(async () => {
  await stopProcessor();
  await isolation.close();
});

/**
 * The processor as main.ts builds it, with this file's group and internal topics. Stops the one running first: the
 * new one restores the state from the changelogs.
 */
async function startProcessor(): Promise<void> {
  await stopProcessor();
  const processor = new Processor<ChargerEvent, ChargerSessions>({
    ...sessionsProcessor(sessionTopics, defaultSessionRules),
    application: `${isolation.topicPrefix}${sessionsApplication}`,
    instanceId: 'test-0',
    kafka,
    codec,
    logger,
    metricsRegistry: new Registry(),
    batch: { maxRecords: 500, lingerMs: 20 },
  });
  running = { processor, loop: processor.start() };
}

function chargerEvent(eventId: string, atSeconds: number, payload: ChargerEvent['payload']): ChargerEvent {
  return {
    eventId,
    occurredAt: T0 + atSeconds * 1_000,
    causationId: eventId.split('/').slice(0, -1).join('/'),
    chargerId,
    protocol: 'OCPP201',
    receivedAt: T0 + atSeconds * 1_000,
    payload,
  };
}

// Event ids as the 2.0.1 connector makes them: a replayed frame carries the same ids.
const started = (n: number, evseId = 1) =>
  chargerEvent(`${chargerId}/tx/T${n}/started`, n * 3_600, {
    'vz.charger.TransactionStarted': {
      transactionId: `T${n}`,
      connectorId: 1,
      evseId,
      idTag: 'TAG-LATE',
      meterStartWh: n * 10_000,
      reservationId: null,
      remoteStartId: null,
      triggerReason: null,
      escrowId: null,
    },
  });
const ended = (n: number) =>
  chargerEvent(`${chargerId}/tx/T${n}/ended`, n * 3_600 + 1_800, {
    'vz.charger.TransactionEnded': {
      transactionId: `T${n}`,
      connectorId: 1,
      evseId: 1,
      idTag: null,
      meterStopWh: n * 10_000 + 7_000,
      reason: 'EV_DISCONNECTED',
      signedMeterStop: null,
    },
  });

async function send(events: readonly ChargerEvent[]): Promise<void> {
  const producer = new Producer({
    clientId: 'sessions-late-producer',
    bootstrapBrokers: [kafka.bootstrap],
    partitioner: compatibilityPartitioner,
    acks: -1,
  });
  try {
    await producer.send({
      messages: events.map((event) => ({
        topic: sessionTopics.chargerEvents.topic,
        key: Buffer.from(event.chargerId),
        value: sessionTopics.chargerEvents.encode(event),
      })),
    });
  } finally {
    await producer.close();
  }
}

/**
 * Every session state written for the charger: waits for `expected` of them, then reads on a while longer so that
 * one more (the duplicate's) would be seen too.
 */
async function sessionStates(expected: number): Promise<ChargingSession[]> {
  const messages = await readTopic(kafka.bootstrap, sessionTopics.sessions.topic, expected, {
    settleMs: 3_000,
    where: (message: Message) => message.key?.toString('utf8').startsWith(`${chargerId}:`) === true,
  });
  return Promise.all(messages.map((message) => sessionTopics.sessions.decode(message.value, message)));
}

const statesOf = (states: readonly ChargingSession[], n: number) =>
  states.filter((session) => session.sessionId === `${chargerId}:T${n}`);

describe('a late duplicate of an ended transaction', () => {
  it('writes no session state, while the processor runs and after it restarted', async () => {
    // Session 0, then ten later ones (far more than the 4 completed sessions a charger's state keeps), then the
    // charger replays session 0's stop; a new session (on the other EVSE) after it shows the replay was processed.
    await startProcessor();
    const history = Array.from({ length: laterSessions + 1 }, (_, n) => [started(n), ended(n)]).flat();
    await send([...history, ended(0), started(laterSessions + 1, 2)]);
    // Two states per session (STARTED, COMPLETED), one for the new session; none for the replayed stop.
    const first = await sessionStates(2 * (laterSessions + 1) + 1);
    expect(first).toHaveLength(2 * (laterSessions + 1) + 1);
    expect(statesOf(first, 0).map(({ status, energyWh }) => [status, energyWh])).toEqual([
      ['ACTIVE', 0],
      ['COMPLETED', 7_000],
    ]);
    expect(statesOf(first, laterSessions + 1)).toMatchObject([{ status: 'ACTIVE' }]);

    // The transactions evicted from the charger's state are in the index's own compacted changelog.
    const indexTopic = `${isolation.topicPrefix}${changelogTopicName(sessionsApplication, endedSessionsIndex.name)}`;
    const evicted = laterSessions + 1 - defaultSessionRules.completedKept;
    const entries = await readTopic(kafka.bootstrap, indexTopic, evicted, { settleMs: 1_000 });
    expect(entries.map((entry) => entry.key?.toString('utf8'))).toEqual(
      Array.from({ length: evicted }, (_, n) => `${chargerId}:T${n}`),
    );

    // Restart: a new processor restores the charger's state and the index from their changelogs.
    await startProcessor();
    // T0 and T1 are only in the ended index; T10 is still among the charger's recent sessions.
    await send([started(0), ended(0), ended(1), ended(laterSessions), started(laterSessions + 2, 3)]);
    const second = await sessionStates(first.length + 1);
    expect(second).toHaveLength(first.length + 1);
    expect(statesOf(second, 0)).toEqual(statesOf(first, 0));
    expect(statesOf(second, 1)).toEqual(statesOf(first, 1));
    expect(statesOf(second, laterSessions)).toEqual(statesOf(first, laterSessions));
    expect(statesOf(second, laterSessions + 2)).toMatchObject([{ status: 'ACTIVE' }]);
  });
});
