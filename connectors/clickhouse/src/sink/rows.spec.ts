import { describe, expect, it } from '@jest/globals';
import type avro from 'avsc';
import {
  type AnchorLeafChunk,
  type ChargerEvent,
  loadSchemaSet,
  type Settlement,
  topics,
  unsignedReading,
} from '@vz/schemas';
import { chdbLane } from '../../test/support/chdb-lane.ts';
import { applyMigrations } from '../migrations.ts';
import { modelTables, type ModelTableName } from '../tables.ts';
import { RecordMapper, sinkTopicKeys } from './rows.ts';
import { type InsertColumn, tabSeparatedRow } from './tab-separated.ts';

const from = { topic: 'charger.events', partition: 3, offset: 42n };

const meterSampled: ChargerEvent = {
  eventId: 'e1',
  occurredAt: 1_793_000_000_000,
  causationId: 'f1',
  chargerId: 'cp-1',
  protocol: 'OCPP16',
  receivedAt: 1_793_000_000_001,
  payload: {
    'vz.charger.MeterSampled': {
      transactionId: 'tx-1',
      connectorId: 2,
      evseId: null,
      samples: [
        {
          measurand: 'ENERGY_ACTIVE_IMPORT_REGISTER',
          value: 1_500,
          unit: 'WH',
          phase: null,
          location: null,
          context: null,
          ...unsignedReading,
        },
        {
          measurand: 'POWER_ACTIVE_IMPORT',
          value: 7_000,
          unit: 'W',
          phase: 'L1',
          location: 'Outlet',
          context: null,
          ...unsignedReading,
        },
      ],
    },
  },
};

describe('RecordMapper', () => {
  it('maps a charger event to its charger_events row and one meter_samples row per sampled value', () => {
    const [events, samples] = new RecordMapper('chargerEvents').rows(meterSampled as never, from);
    expect(events?.table).toBe('charger_events');
    expect(events?.rows).toEqual([
      expect.objectContaining({
        eventId: 'e1',
        chargerId: 'cp-1',
        payloadType: 'MeterSampled',
        connectorId: 2,
        transactionId: 'tx-1',
        version: 42n,
        _topic: 'charger.events',
        _partition: 3,
        _offset: 42n,
      }),
    ]);
    expect(JSON.parse(events?.rows[0]?.['payload'] as string)).toMatchObject({ transactionId: 'tx-1', connectorId: 2 });
    expect(samples?.table).toBe('meter_samples');
    expect(samples?.rows.map((row) => [row['sampleIndex'], row['measurand'], row['value'], row['phase']])).toEqual([
      [0, 'ENERGY_ACTIVE_IMPORT_REGISTER', 1_500, null],
      [1, 'POWER_ACTIVE_IMPORT', 7_000, 'L1'],
    ]);
  });

  it('flattens Money and Nested columns, and takes a settlement version from its revision', () => {
    const settlement = {
      eventId: 'settlement:s1:2',
      total: { amountMinor: 500, currency: 'EUR' },
      charged: null,
      revision: 2,
      splits: [
        {
          role: 'CPO',
          partyId: 'cpo',
          walletAddress: null,
          amount: { amountMinor: 400, currency: 'EUR' },
          basisPoints: 8_000,
        },
        {
          role: 'MSP',
          partyId: 'msp',
          walletAddress: '0xab',
          amount: { amountMinor: 100, currency: 'EUR' },
          basisPoints: 2_000,
        },
      ],
      lines: [],
    } as unknown as Settlement;
    const [settlements] = new RecordMapper('billingSettlements').rows(settlement as never, from);
    expect(settlements?.rows[0]).toMatchObject({
      totalMinor: 500,
      totalCurrency: 'EUR',
      chargedMinor: null,
      chargedCurrency: null,
      'splits.role': ['CPO', 'MSP'],
      'splits.amountMinor': [400, 100],
      'splits.walletAddress': [null, '0xab'],
      'lines.kind': [],
      version: 2n,
    });
  });

  it('gives one anchor_leaves row per leaf, numbered from the chunk first leaf', () => {
    const chunk: AnchorLeafChunk = {
      eventId: '7:leaves:1',
      occurredAt: 1_793_000_000_000,
      causationId: '7:sealed',
      batchId: '7',
      chunkIndex: 1,
      chunkCount: 2,
      firstLeafIndex: 2_000,
      leaves: [
        { topic: 'charging.sessions', partition: 0, offset: 5, valueHash: '0x01' },
        { topic: 'charging.sessions', partition: 1, offset: 9, valueHash: '0x02' },
      ],
    };
    const [leaves] = new RecordMapper('ledgerAnchorLeaves').rows(chunk as never, from);
    expect(leaves?.rows.map((row) => [row['leafIndex'], row['partition'], row['offset'], row['chunkIndex']])).toEqual([
      [2_000n, 0, 5, 1],
      [2_001n, 1, 9, 1],
    ]);
  });
});

describe('tabSeparatedRow', () => {
  const columns: InsertColumn[] = [
    { name: 's', type: 'String' },
    { name: 'n', type: 'Nullable(Int64)' },
    { name: 'a', type: 'Array(Nullable(String))' },
    { name: 'missing', type: 'Array(String)' },
    { name: 'b', type: 'UInt8' },
  ];

  it('escapes bytes and strings, writes NULL, arrays, bigints and defaults', () => {
    const row = tabSeparatedRow(columns, {
      s: Buffer.from([0xff, 0x09, 0x0a, 0x5c, 0x27, 0x00, 0x41]),
      n: 2n ** 62n,
      a: ["it's", null, 'tab\there'],
      b: true,
      ignored: 'x',
    });
    expect(row).toEqual(
      Buffer.concat([
        Buffer.from([0xff]),
        Buffer.from("\\t\\n\\\\\\'\\0A\t4611686018427387904\t['it\\'s',NULL,'tab\\there']\t[]\t1\n"),
      ]),
    );
  });
});

// Every topic's records, generated at random from their schemas, go through the mapper and the TabSeparated encoder
// into the migrated tables of a current ClickHouse: the rows fit the columns, and each table gets the rows expected.
describe('the sink rows on a current ClickHouse (chdb)', () => {
  const chdb = chdbLane();
  const schemaSet = loadSchemaSet();

  it('insert as TabSeparated into every model table', async () => {
    await applyMigrations(chdb(), 'sink_rows');
    const columns = new Map<string, InsertColumn[]>();
    for (const row of await chdb().rows<{ table: string; name: string; type: string }>(
      `SELECT table, name, type FROM system.columns WHERE database = 'sink_rows' AND default_kind NOT IN ('MATERIALIZED', 'ALIAS')`,
    )) {
      columns.set(row.table, [...(columns.get(row.table) ?? []), { name: row.name, type: row.type }]);
    }
    const expected = new Map<ModelTableName, number>();
    for (const key of sinkTopicKeys()) {
      const type = schemaSet.type(topics[key].valueSchema) as avro.Type;
      const mapper = new RecordMapper(key);
      for (let n = 0; n < 5; n += 1) {
        const value = type.random() as unknown as Record<string, unknown>;
        if (key === 'billingAssetRevenue') value['day'] = '2026-11-02';
        for (const { table, rows } of mapper.rows(value, {
          topic: topics[key].name,
          partition: 0,
          offset: BigInt(n),
        })) {
          const tableColumns = columns.get(table) ?? [];
          const names = new Set(tableColumns.map((column) => column.name));
          for (const row of rows) {
            const unknown = Object.keys(row).filter((name) => !names.has(name));
            // The payload unions' branches bring fields the table does not pick; a plain record brings none.
            if (!('payloadUnion' in modelTables[table]) && table !== 'meter_samples') expect(unknown).toEqual([]);
            const text = tabSeparatedRow(tableColumns, row).toString('latin1');
            const body = /^[\x20-\x7e\t\n]*$/.test(text) ? text : undefined; // chdb takes SQL text: ASCII rows only
            if (body === undefined) continue;
            await chdb().command(
              `INSERT INTO sink_rows.${table} (${tableColumns.map((c) => `\`${c.name}\``).join(', ')}) FORMAT TabSeparated\n${body}`,
            );
            expected.set(table, (expected.get(table) ?? 0) + 1);
          }
        }
      }
    }
    for (const [table, count] of expected) {
      const [row] = await chdb().rows<{ n: string }>(`SELECT count() AS n FROM sink_rows.${table}`);
      expect([table, Number(row?.n)]).toEqual([table, count]);
    }
    expect([...expected.keys()].length).toBeGreaterThanOrEqual(10);
  });
});
