import { describe, expect, it } from '@jest/globals';
import { type IndexReader, type InputRecord, type ProcessResult, type StoreDefinition } from '@vz/kafka';
import {
  type ChargerEvent,
  type ChargingSession,
  loadSchemaSet,
  type SchemaRegistryClient,
  TopicCodec,
  topics,
} from '@vz/schemas';
import type { ChargerSessions } from './derive.ts';
import { endedSessionsIndex, sessionsProcessor, sessionsStores } from './processor.ts';

// The processor's function as the runtime calls it: state carried per charger, index entries kept in a map that the
// reader passed as third argument sees (what IndexStores does per partition), outputs encoded with the real schema.

const schemas = loadSchemaSet();
const codecOf = <Value>(topic: string, schemaName: string) =>
  new TopicCodec<Value>(topic, schemaName, 1, schemas.type(schemaName), {} as SchemaRegistryClient);
const sessionTopics = {
  chargerEvents: codecOf<ChargerEvent>('charger.events', topics.chargerEvents.valueSchema),
  sessions: codecOf<ChargingSession>('charging.sessions', topics.chargingSessions.valueSchema),
  latest: codecOf<ChargingSession>('charging.sessions.latest', topics.chargingSessionsLatest.valueSchema),
};

const T0 = Date.UTC(2026, 10, 21, 8);
const sessionsProcessorRules = {
  updateIntervalMs: 60_000,
  inactivityTimeoutMs: 24 * 3_600_000,
  completedKept: 4,
  groupsKept: 16,
};

function chargerEvent(chargerId: string, at: number, payload: ChargerEvent['payload']): ChargerEvent {
  const frame = `${chargerId}-${at}-${JSON.stringify(payload).length}`;
  return {
    eventId: `${frame}/0`,
    occurredAt: T0 + at * 1_000,
    causationId: frame,
    chargerId,
    protocol: 'OCPP16',
    receivedAt: T0 + at * 1_000,
    payload,
  };
}
const started = (chargerId: string, at: number, tx: string, meterStartWh: number) =>
  chargerEvent(chargerId, at, {
    'vz.charger.TransactionStarted': {
      transactionId: tx,
      connectorId: 1,
      evseId: null,
      idTag: 'TAG',
      meterStartWh,
      reservationId: null,
      remoteStartId: null,
      triggerReason: null,
      escrowId: null,
    },
  });
const ended = (chargerId: string, at: number, tx: string, meterStopWh: number) =>
  chargerEvent(chargerId, at, {
    'vz.charger.TransactionEnded': {
      transactionId: tx,
      connectorId: 1,
      evseId: null,
      idTag: null,
      meterStopWh,
      reason: 'LOCAL',
      signedMeterStop: null,
    },
  });

function harness(parts: ReturnType<typeof sessionsProcessor>) {
  const states = new Map<string, ChargerSessions>();
  const index = new Map<string, unknown>();
  const reader: IndexReader = {
    get: <Value>(store: StoreDefinition<Value>, key: string) => index.get(`${store.name}/${key}`) as Value | undefined,
  };
  let offset = 0n;
  return {
    index,
    async send(value: ChargerEvent): Promise<ChargingSession[]> {
      const record: InputRecord<ChargerEvent> = {
        topic: 'charger.events',
        partition: 0,
        offset: (offset += 1n),
        timestamp: 0n,
        key: value.chargerId,
        value,
      };
      const result: ProcessResult<ChargerSessions> = await parts.process(record, states.get(value.chargerId), reader);
      if (result.state !== undefined && result.state !== null) states.set(value.chargerId, result.state);
      for (const entry of result.indexEntries ?? []) {
        expect(entry.encode()?.toString('utf8')).toBe(JSON.stringify(entry.value));
        index.set(`${entry.index}/${entry.key}`, entry.value);
      }
      const outputs = result.outputs ?? [];
      // Every state goes to both session topics, and encodes with the registered schema (flags included).
      expect(outputs.map((output) => output.topic)).toEqual(
        outputs.map((_, i) => (i % 2 === 0 ? 'charging.sessions' : 'charging.sessions.latest')),
      );
      return Promise.all(
        outputs
          .filter((output) => output.topic === 'charging.sessions')
          .map((output) =>
            sessionTopics.sessions.decode(output.encode(), { topic: output.topic, partition: 0, offset: 0n }),
          ),
      );
    },
  };
}

describe('sessionsProcessor', () => {
  it('declares the chargers store and the ended index (the changelogs a replay drops)', () => {
    const parts = sessionsProcessor(sessionTopics);
    expect(parts.store?.name).toBe('chargers');
    expect(parts.indexes).toEqual([endedSessionsIndex]);
    expect(sessionsStores).toEqual(['chargers', 'ended']);
  });

  it('writes evicted sessions to the ended index, and a stop replayed after ten later sessions writes nothing', async () => {
    const processor = harness(sessionsProcessor(sessionTopics, { ...sessionsProcessorRules, completedKept: 2 }));
    for (let n = 0; n <= 10; n += 1) {
      await processor.send(started('CP-A', n * 600, `${n}`, n * 1_000));
      await processor.send(ended('CP-A', n * 600 + 300, `${n}`, n * 1_000 + 800));
    }
    expect([...processor.index.keys()]).toEqual(Array.from({ length: 9 }, (_, n) => `ended/CP-A:${n}`));
    expect(processor.index.get('ended/CP-A:0')).toBe(T0 + 300_000);
    expect(await processor.send(ended('CP-A', 300, '0', 800))).toEqual([]);
    expect(await processor.send(started('CP-A', 0, '0', 0))).toEqual([]);
    // The same transaction id on another charger is another session.
    expect(await processor.send(ended('CP-B', 300, '0', 800))).toMatchObject([{ sessionId: 'CP-B:0' }]);
  });

  it('resolves the register maximum per charger', async () => {
    const registerMaxOf = (chargerId: string) => (chargerId === 'CP-WRAP' ? 100_000 : null);
    const processor = harness(sessionsProcessor(sessionTopics, sessionsProcessorRules, { registerMaxOf }));
    await processor.send(started('CP-WRAP', 0, 'w', 99_500));
    expect(await processor.send(ended('CP-WRAP', 600, 'w', 300))).toMatchObject([
      { energyWh: 800, flags: ['METER_WRAPPED'] },
    ]);
    await processor.send(started('CP-OTHER', 0, 'w', 99_500));
    expect(await processor.send(ended('CP-OTHER', 600, 'w', 300))).toMatchObject([
      { energyWh: 0, flags: ['METER_WENT_BACKWARDS', 'METER_RESET'] },
    ]);
  });

  it('takes the default register maximum from the rules', async () => {
    const processor = harness(sessionsProcessor(sessionTopics, { ...sessionsProcessorRules, registerMaxWh: 100_000 }));
    await processor.send(started('CP-1', 0, 'w', 99_500));
    expect(await processor.send(ended('CP-1', 600, 'w', 300))).toMatchObject([{ energyWh: 800 }]);
  });
});
