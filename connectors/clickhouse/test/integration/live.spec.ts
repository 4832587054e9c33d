import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ClickHouseClient } from '@clickhouse/client';
import { offsetBounds, readOffsetRanges } from '@vz/kafka';
import { type ChargerEvent, type ChargingSession, topics } from '@vz/schemas';
import { createIsolation, type Isolation, testCodec, testKafkaConfig } from '@vz/testing';
import { clickhouseExecutor, type SqlExecutor } from '../../src/executor.ts';
import { defaultDatabase } from '../../src/queries.ts';
import { sqlLiteral } from '../../src/sql.ts';
import { serverClient, until } from './server.ts';

// End to end on the running platform: what the simulator's chargers (through the edge connectors) and the session
// processor committed reaches the platform's own ClickHouse model (database vz, written by the platform's sink), once.
// (The SIGKILL, outage and restart cases are sink.spec.ts's, on topics of its own.)

let isolation: Isolation;
let client: ClickHouseClient;
let server: SqlExecutor;

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  client = serverClient(isolation);
  server = clickhouseExecutor(client);
});

afterAll(async () => {
  await client?.close();
  await isolation?.close();
});

/** Every committed record of a topic below its last stable offsets, decoded, with where it is. */
async function committedRecords<Value>(
  topic: { name: string; valueSchema: string },
  minimum: number,
): Promise<{ partition: number; offset: bigint; value: Value }[]> {
  const kafka = testKafkaConfig(isolation, 'live-sink-test');
  const codec = await testCodec(isolation).bind<Value>(topic.name, topic.valueSchema);
  for (const deadline = Date.now() + 180_000; ; await sleep(2_000)) {
    const bounds = (await offsetBounds(kafka, [topic.name])).get(topic.name);
    if (bounds === undefined) throw new Error(`${topic.name} does not exist`);
    const records: { partition: number; offset: bigint; value: Value }[] = [];
    const decoding: Promise<void>[] = [];
    await readOffsetRanges(
      kafka,
      bounds.stable.map((to, partition) => ({
        topic: topic.name,
        partition,
        from: bounds.earliest[partition] ?? 0n,
        to,
      })),
      (message) => {
        decoding.push(
          codec.decode(message.value, message).then((value) => {
            records.push({ partition: message.partition, offset: message.offset, value });
          }),
        );
      },
    );
    await Promise.all(decoding);
    if (records.length >= minimum) return records;
    if (Date.now() > deadline) throw new Error(`${topic.name}: ${records.length} records after 180 s`);
  }
}

describe('the platform sink on the live traffic', () => {
  it('lands every committed charger event once, and the latest state of every session', async () => {
    const db = defaultDatabase;
    const events = await committedRecords<ChargerEvent>(topics.chargerEvents, 20);
    const sessions = await committedRecords<ChargingSession>(topics.chargingSessions, 1);

    // Charger events, counted below the offsets read from Kafka.
    const bounds = new Map<number, bigint>();
    for (const { partition, offset } of events) {
      if ((bounds.get(partition) ?? -1n) < offset) bounds.set(partition, offset);
    }
    const below = [...bounds]
      .map(([partition, last]) => `(_partition = ${partition} AND _offset <= ${last})`)
      .join(' OR ');
    // A row per key of charger_events (charger, payload type, time, event id): a record sent twice is one row.
    const keys = new Set(
      events.map(({ value }) =>
        JSON.stringify([value.chargerId, Object.keys(value.payload)[0], value.occurredAt, value.eventId]),
      ),
    );
    const expectedEvents = {
      rows: String(keys.size),
      eventIds: String(new Set(events.map((e) => e.value.eventId)).size),
    };
    expect(
      await until(
        async () =>
          (
            await server.rows<{ rows: string; eventIds: string }>(
              `SELECT toString(count()) AS rows, toString(uniqExact(eventId)) AS eventIds ` +
                `FROM ${db}.charger_events FINAL WHERE ${below}`,
            )
          )[0],
        expectedEvents,
        120_000,
      ),
    ).toEqual(expectedEvents);

    // Sessions: every session seen in Kafka has one row, at its latest record seen or a later one.
    const latest = new Map<string, bigint>();
    for (const { offset, value } of sessions) {
      if ((latest.get(value.sessionId) ?? -1n) < offset) latest.set(value.sessionId, offset);
    }
    const ids = sqlLiteral([...latest.keys()]);
    const behind = async (): Promise<string[]> => {
      const rows = await server.rows<{ sessionId: string; version: string; copies: string }>(
        `SELECT sessionId, toString(max(version)) AS version, toString(count()) AS copies ` +
          `FROM ${db}.charging_sessions FINAL WHERE has(${ids}, sessionId) GROUP BY sessionId`,
      );
      const found = new Map(rows.map((row) => [row.sessionId, row]));
      return [...latest]
        .filter(([id, offset]) => {
          const row = found.get(id);
          return row === undefined || row.copies !== '1' || BigInt(row.version) < offset;
        })
        .map(([id]) => id);
    };
    expect(await until(behind, [], 120_000)).toEqual([]);
  }, 400_000);
});
