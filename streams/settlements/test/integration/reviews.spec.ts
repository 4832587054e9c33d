import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { compatibilityPartitioner, Producer } from '@platformatic/kafka';
import { Processor } from '@vz/kafka';
import {
  type AvroCodec,
  type ChargingSession,
  type Settlement,
  type SettlementReview,
  type TopicCodec,
  topics,
} from '@vz/schemas';
import {
  createIsolation,
  type Isolation,
  isolatedTopic,
  readTopic,
  sampleStation,
  sampleTariff,
  testCodec,
  testKafkaConfig,
} from '@vz/testing';
import { RegistryView } from '@vz/registry';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import {
  pendingReviews,
  readSettlementReviews,
  reviewDecision,
  settlementsApplication,
  settlementsProcessor,
  type SessionSettlementState,
  type SettlementsTopics,
} from '../../src/index.ts';

// The settlements processor on this file's own copies of charging.sessions, billing.settlements and
// billing.settlement-reviews, with a real Kafka: a revision that lowers a settled amount is held until an operator
// decides; confirmed, it is emitted exactly once (a repeated confirmation changes nothing); rejected, never; a higher
// revision is emitted without review.

const MINUTE = 60_000;
const startedAt = Date.parse('2026-03-10T10:00:00Z');
let isolation: Isolation;
let codec: AvroCodec;
let settlementTopics: SettlementsTopics;
let processor: Processor<ChargingSession | SettlementReview, SessionSettlementState>;
let running: Promise<void>;
const metrics = new Registry();

function session(sessionId: string, frame: number, energyWh: number): ChargingSession {
  return {
    eventId: `${sessionId}/frame-${frame}`,
    occurredAt: startedAt + 120 * MINUTE + frame,
    causationId: `frame-${frame}`,
    sessionId,
    chargerId: 'CP-1',
    stationId: null,
    connectorId: 1,
    evseId: null,
    transactionId: sessionId,
    idTag: null,
    accountId: null,
    escrowId: null,
    status: 'COMPLETED',
    startedAt,
    endedAt: startedAt + 120 * MINUTE,
    meterStartWh: 0,
    meterStopWh: energyWh,
    energyWh,
    stopReason: 'EV_DISCONNECTED',
    tariffId: null,
    cost: null,
    groupIdTag: null,
    protocol: 'OCPP16',
    peakPowerW: null,
    chargingEndedAt: startedAt + 120 * MINUTE,
    idleMs: 0,
    flags: [],
  };
}

async function produce<Value>(topic: TopicCodec<Value>, records: Array<{ key: string; value: Value }>) {
  const producer = new Producer({
    clientId: 'settlement-reviews-test',
    bootstrapBrokers: [isolation.endpoints.kafka.bootstrap],
    partitioner: compatibilityPartitioner,
    acks: -1,
  });
  try {
    for (const { key, value } of records)
      await producer.send({ messages: [{ topic: topic.topic, key: Buffer.from(key), value: topic.encode(value) }] });
  } finally {
    await producer.close();
  }
}

/** Records of `topic` the processor has read and committed (the runtime's counter). */
async function committedIn(topic: string): Promise<number> {
  const values = (await metrics.getSingleMetric('vz_processor_records_in_total')?.get())?.values ?? [];
  return values.filter(({ labels }) => labels['topic'] === topic).reduce((sum, { value }) => sum + value, 0);
}

async function until<Value>(what: string, probe: () => Promise<Value | undefined>): Promise<Value> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not reached within 120 s: ${what}`);
    await sleep(200);
  }
}

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  codec = testCodec(isolation);
  settlementTopics = {
    sessions: await isolatedTopic<ChargingSession>(isolation, codec, topics.chargingSessions),
    settlements: await isolatedTopic<Settlement>(isolation, codec, topics.billingSettlements),
    reviews: await isolatedTopic<SettlementReview>(isolation, codec, topics.billingSettlementReviews),
  };
  const registry = new RegistryView();
  registry.applyStation(sampleStation('CP-1', { tariffIds: ['STD'] }));
  // 30 ct per kWh, no VAT: 20 kWh settle at 600.
  registry.applyTariff(sampleTariff('STD', [{ type: 'ENERGY', priceMinor: 30, vatBasisPoints: null }]));
  processor = new Processor({
    ...settlementsProcessor(settlementTopics, registry),
    application: `${isolation.topicPrefix}${settlementsApplication}`,
    instanceId: 'test-0',
    kafka: testKafkaConfig(isolation, 'settlement-reviews-test'),
    codec,
    logger: pino({ level: 'warn' }),
    metricsRegistry: metrics,
    batch: { maxRecords: 100, lingerMs: 20 },
  });
  running = processor.start();
});

afterAll(async () => {
  await processor?.stop();
  await running?.catch(() => undefined);
  await isolation?.close();
});

describe('settlement reviews on the exactly-once runtime', () => {
  it('holds lower revisions for an operator, emits a confirmed one once and a rejected one never; higher ones at once', async () => {
    const kafka = testKafkaConfig(isolation, 'settlement-reviews-test');
    const states = [
      session('S-CONFIRM', 1, 20_000),
      session('S-CONFIRM', 2, 15_000), // lower: held
      session('S-REJECT', 1, 20_000),
      session('S-REJECT', 2, 10_000), // lower: held
      session('S-HIGHER', 1, 20_000),
      session('S-HIGHER', 2, 22_000), // more energy found late: settled at once
    ];
    await produce(
      settlementTopics.sessions,
      states.map((value) => ({ key: value.sessionId, value })),
    );

    const pending = await until('two proposals', async () => {
      const found = pendingReviews(await readSettlementReviews(kafka, settlementTopics.reviews));
      return found.length === 2 ? found : undefined;
    });
    const proposalOf = (sessionId: string) => {
      const proposal = pending.find((review) => review.sessionId === sessionId);
      if (proposal === undefined) throw new Error(`no proposal for ${sessionId}`);
      return proposal;
    };
    expect(proposalOf('S-CONFIRM')).toMatchObject({
      settledRevision: 0,
      settledTotal: { amountMinor: 600 },
      proposed: { revision: 1, total: { amountMinor: 450 } },
    });
    const decidedAt = Date.parse('2026-03-11T09:00:00Z');
    const confirmation = reviewDecision(proposalOf('S-CONFIRM'), 'CONFIRMED', 'ops', 'meter replaced', decidedAt);
    await produce(settlementTopics.reviews, [
      { key: 'S-CONFIRM', value: confirmation },
      { key: 'S-CONFIRM', value: confirmation }, // sent twice: applied once
      {
        key: 'S-REJECT',
        value: reviewDecision(proposalOf('S-REJECT'), 'REJECTED', 'ops', 'meter glitch', decidedAt),
      },
    ]);

    // Everything read and committed: the 6 session states, 2 proposals read back and 3 decisions.
    await until('all input committed', async () =>
      (await committedIn(settlementTopics.sessions.topic)) >= states.length &&
      (await committedIn(settlementTopics.reviews.topic)) >= 5
        ? true
        : undefined,
    );
    const settlements = await Promise.all(
      (await readTopic(isolation.endpoints.kafka.bootstrap, settlementTopics.settlements.topic, 5)).map((message) =>
        settlementTopics.settlements.decode(message.value, message),
      ),
    );
    const summary = settlements
      .map((settlement) => [
        settlement.sessionId,
        settlement.revision,
        settlement.total.amountMinor,
        settlement.causationId,
      ])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1]));
    expect(summary).toEqual([
      ['S-CONFIRM', 0, 600, 'S-CONFIRM/frame-1'],
      ['S-CONFIRM', 1, 450, confirmation.eventId],
      ['S-HIGHER', 0, 600, 'S-HIGHER/frame-1'],
      ['S-HIGHER', 1, 660, 'S-HIGHER/frame-2'],
      ['S-REJECT', 0, 600, 'S-REJECT/frame-1'],
    ]);
    expect(pendingReviews(await readSettlementReviews(kafka, settlementTopics.reviews))).toEqual([]);
  });
});
