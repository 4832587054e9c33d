/**
 * Kafka → ClickHouse sink and dashboard query benchmark. Method and results: BENCHMARKS.md.
 *
 *   npm run bench:clickhouse -- [--events 1000000] [--sessions 10000000] [--samples 100000000] [--runs 20]
 *                               [--skip-sink] [--skip-queries] [--reuse] [--sink-log debug]
 *
 * 1. Sink: `events` charger events (MeterSampled, two sampled values: one charger_events and two meter_samples rows
 *    each) are produced into a 6-partition copy of charger.events first; then the sink deployable starts as its own
 *    process on it, and rows/s = rows in ClickHouse / (time the last row was seen − time the sink was ready).
 * 2. Queries: a benchmark database (`bench_queries`) is filled on the server by INSERT ... SELECT from numbers():
 *    `sessions` charging sessions over 29 days of November 2026 (10,000 chargers and stations, 50,000 accounts),
 *    one settlement each (three splits), `samples` meter register samples (a tenth of that many transactions),
 *    and smaller tables for the other queries; then every query of connectors/clickhouse/queries/ runs `runs` times
 *    (after two warm-up runs) with its documented example values; p50 / p95 of the wall time through the HTTP client.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { Admin, compatibilityPartitioner, Producer } from '@platformatic/kafka';
import {
  applyMigrations,
  clickhouseExecutor,
  markAllRollupDays,
  markRollupDays,
  queryCatalog,
  queryNames,
  refreshRollups,
  renderQuery,
  rollups,
  sinkTopicKeys,
  sqlIdentifier,
  sqlLiteral,
} from '@vz/connector-clickhouse';
import { ensureTopics } from '@vz/kafka';
import { endpointsOf, loadLocalConfig } from '@vz/local';
import {
  AvroCodec,
  type ChargerEvent,
  loadSchemaSet,
  SchemaRegistryClient,
  topics,
  energyAndPowerSamples,
} from '@vz/schemas';
import { freePort, repositoryRoot } from '@vz/testing';
import { InternalError, TimeoutError } from '@vz/core';

const { values: flags } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    sessions: { type: 'string', default: '10000000' },
    samples: { type: 'string', default: '100000000' },
    runs: { type: 'string', default: '20' },
    'skip-sink': { type: 'boolean', default: false },
    'skip-queries': { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    /** The sink's log level; its log goes to stderr. */
    'sink-log': { type: 'string', default: 'warn' },
  },
});
const endpoints = endpointsOf(loadLocalConfig());
const clickhouse = createClient({
  url: endpoints.clickhouse.url,
  username: endpoints.clickhouse.user,
  password: endpoints.clickhouse.password,
  request_timeout: 1_800_000,
  log: { level: ClickHouseLogLevel.OFF },
});
const server = clickhouseExecutor(clickhouse);
const results: Record<string, unknown> = {};
const log = (message: string): void => void process.stderr.write(`${new Date().toISOString()} ${message}\n`);

async function count(sql: string): Promise<number> {
  const [row] = await server.rows<{ n: string }>(sql);
  return Number(row?.n ?? 0);
}

// 1. The sink's rows per second from a pre-filled topic.
async function benchSink(events: number): Promise<void> {
  const run = Date.now().toString(36);
  const prefix = `bench.${run}.`;
  const database = `bench_sink_${run}`;
  const codec = new AvroCodec(new SchemaRegistryClient(endpoints.registry.confluentUrl), loadSchemaSet());
  const admin = new Admin({ clientId: 'vz-bench-admin', bootstrapBrokers: [endpoints.kafka.bootstrap] });
  const names = sinkTopicKeys().map((key) => `${prefix}${topics[key].name}`);
  await ensureTopics(
    admin,
    sinkTopicKeys().map((key) => ({
      name: `${prefix}${topics[key].name}`,
      partitions: key === 'chargerEvents' ? 6 : 1,
      configs: {},
    })),
  );
  await admin.close();
  const codecs = await Promise.all(
    sinkTopicKeys().map((key) => codec.registerAndBind(`${prefix}${topics[key].name}`, topics[key].valueSchema)),
  );
  const eventsCodec = codecs[sinkTopicKeys().indexOf('chargerEvents')];
  if (eventsCodec === undefined) throw new InternalError('no charger.events');
  const producer = new Producer({
    clientId: 'vz-bench',
    bootstrapBrokers: [endpoints.kafka.bootstrap],
    partitioner: compatibilityPartitioner,
    acks: -1,
  });
  const start = Date.parse('2026-11-02T00:00:00Z');
  let produced = 0;
  const produceStarted = performance.now();
  while (produced < events) {
    const chunk = Math.min(5_000, events - produced);
    const messages = Array.from({ length: chunk }, (_, i) => {
      const n = produced + i;
      const chargerId = `CP-${n % 600}`;
      const event: ChargerEvent = {
        eventId: `${chargerId}:${n}/0`,
        occurredAt: start + n * 100,
        causationId: `${chargerId}:${n}`,
        chargerId,
        protocol: 'OCPP16',
        receivedAt: start + n * 100,
        payload: {
          'vz.charger.MeterSampled': {
            transactionId: `${chargerId}-${Math.floor(n / 6_000)}`,
            connectorId: 1,
            evseId: null,
            samples: energyAndPowerSamples(n, 7_000 + (n % 400)),
          },
        },
      };
      return { topic: eventsCodec.topic, key: Buffer.from(chargerId), value: eventsCodec.encode(event) };
    });
    await producer.send({ messages });
    produced += chunk;
  }
  await producer.close();
  log(`produced ${events} events in ${((performance.now() - produceStarted) / 1000).toFixed(1)} s`);

  const httpPort = await freePort();
  const sink = spawn(process.execPath, [join(repositoryRoot, 'connectors/clickhouse/src/main.ts')], {
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VZ_'))),
      VZ_KAFKA_BOOTSTRAP: endpoints.kafka.bootstrap,
      VZ_KAFKA_REGISTRY_URL: endpoints.registry.confluentUrl,
      VZ_HTTP_PORT: String(httpPort),
      VZ_CLICKHOUSE_URL: endpoints.clickhouse.url,
      VZ_CLICKHOUSE_USER: endpoints.clickhouse.user,
      VZ_CLICKHOUSE_PASSWORD: endpoints.clickhouse.password,
      VZ_CLICKHOUSE_DATABASE: database,
      VZ_SINK_TOPIC_PREFIX: prefix,
      VZ_LOGGING_LEVEL: flags['sink-log'],
    },
    stdio: ['ignore', 2, 2], // its log on the benchmark's stderr, the JSON alone on stdout
  });
  try {
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${httpPort}/health/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) break;
      await sleep(50);
    }
    const ready = performance.now();
    const db = sqlIdentifier(database);
    const rows = events * 3;
    let seen = 0;
    let last = ready;
    while (seen < rows) {
      await sleep(200);
      const now = await count(
        `SELECT (SELECT count() FROM ${db}.charger_events) + (SELECT count() FROM ${db}.meter_samples) AS n`,
      );
      if (now > seen) last = performance.now();
      seen = now;
      if (performance.now() - last > 120_000) throw new TimeoutError(`stuck at ${seen} of ${rows} rows`);
    }
    const seconds = (last - ready) / 1000;
    results['sink'] = { events, rows, seconds: Number(seconds.toFixed(2)), rowsPerSecond: Math.round(rows / seconds) };
    log(`sink: ${rows} rows in ${seconds.toFixed(1)} s`);
  } finally {
    sink.kill('SIGTERM');
    await server.command(`DROP DATABASE IF EXISTS ${sqlIdentifier(database)}`);
    const cleanup = new Admin({ clientId: 'vz-bench-admin', bootstrapBrokers: [endpoints.kafka.bootstrap] });
    await cleanup.deleteTopics({ topics: names }).catch(() => undefined);
    await cleanup.close();
  }
}

// 2. The dashboard and partner queries over generated data.
const monthStart = Date.parse('2026-11-01T00:00:00Z');
const spanMs = 29 * 86_400_000;

function generators(sessions: number, samples: number): { table: string; rows: number; select: string }[] {
  const chargerOf = (n: string) => `concat('CP-', substring(toString(10000 + ${n} % 10000), 2))`;
  const stationOf = (n: string) => `concat('ST-', substring(toString(10000 + ${n} % 10000), 2))`;
  // '<chargerId>:<transactionId>', as the sessions stream names sessions (sessionIdOf).
  const sessionOf = (n: string) => `concat(${chargerOf(n)}, ':s', toString(${n}))`;
  const startedAt = (n: string) => `toInt64(${monthStart} + intDiv(${n} * ${spanMs}, ${sessions}))`;
  const provenance = (topic: string, n: string) =>
    `toUInt64(${n}) AS version, '${topic}' AS _topic, 0 AS _partition, toInt64(${n}) AS _offset`;
  const perSession = Math.max(1, Math.floor(samples / sessions));
  return [
    {
      table: 'stations',
      rows: 10_000,
      select: `SELECT concat('st:', toString(number)) AS eventId, ${monthStart} AS occurredAt, '' AS causationId,
        ${stationOf('number')} AS stationId, 'Street 1' AS address, 'City' AS city,
        ['NLD','DEU','FRA','GBR','KOR'][number % 5 + 1] AS country, 0 AS locationLatitudeMicrodegrees,
        0 AS locationLongitudeMicrodegrees, 1 AS publish, 0 AS deleted, ${provenance('registry.stations', 'number')}`,
    },
    {
      table: 'charging_sessions',
      rows: sessions,
      select: `SELECT concat('s', toString(number)) AS eventId, ${startedAt('number')} + 3600000 AS occurredAt,
        '' AS causationId, ${sessionOf('number')} AS sessionId, ${chargerOf('number')} AS chargerId,
        ${stationOf('number')} AS stationId, concat('s', toString(number)) AS transactionId,
        concat('ACC-', toString(number % 50000)) AS accountId, if(number % 10 = 0, 'ACTIVE', 'COMPLETED') AS status,
        ${startedAt('number')} AS startedAt, toInt64(5000 + number % 40000) AS energyWh,
        ${provenance('charging.sessions', 'number')}`,
    },
    {
      table: 'settlements',
      rows: sessions,
      select: `SELECT concat('settlement:s', toString(number)) AS eventId, ${startedAt('number')} + 7200000 AS occurredAt,
        '' AS causationId, ${sessionOf('number')} AS sessionId, ${chargerOf('number')} AS chargerId,
        toInt64(5000 + number % 40000) AS energyWh, toInt64(1000 + number % 5000) AS totalMinor, 'EUR' AS totalCurrency,
        ['CPO', 'MSP', 'PLATFORM'] AS \`splits.role\`,
        [concat('cpo-', toString(number % 100)), concat('msp-', toString(number % 20)), 'vz'] AS \`splits.partyId\`,
        [CAST(NULL AS Nullable(String)), NULL, NULL] AS \`splits.walletAddress\`,
        [toInt64(800 + number % 4000), toInt64(150), toInt64(50 + number % 1000)] AS \`splits.amountMinor\`,
        ['EUR', 'EUR', 'EUR'] AS \`splits.amountCurrency\`, [8000, 1500, 500] AS \`splits.basisPoints\`,
        0 AS revision, ${startedAt('number')} AS startedAt, 0 AS sharedPrivateCharger,
        ${provenance('billing.settlements', 'number')}`,
    },
    {
      table: 'meter_samples',
      rows: samples,
      // `perSession` register samples a minute apart for each of the first sessions/... transactions.
      select: `SELECT concat('m', toString(number)) AS eventId, 0 AS sampleIndex,
        ${startedAt(`intDiv(number, ${perSession})`)} + (number % ${perSession}) * 60000 AS occurredAt,
        ${chargerOf(`intDiv(number, ${perSession})`)} AS chargerId,
        concat('s', toString(intDiv(number, ${perSession}))) AS transactionId,
        'ENERGY_ACTIVE_IMPORT_REGISTER' AS measurand, toInt64((number % ${perSession}) * 250) AS value, 'WH' AS unit,
        ${provenance('charger.events', 'number')}`,
    },
    {
      table: 'charger_events',
      rows: 1_000_000,
      select: `SELECT concat('e', toString(number)) AS eventId, toInt64(${monthStart} + intDiv(number * ${spanMs}, 1000000)) AS occurredAt,
        '' AS causationId, ${chargerOf('number')} AS chargerId, 'OCPP16' AS protocol, 0 AS receivedAt,
        'StatusChanged' AS payloadType, toInt32(1 + intDiv(number, 10000) % 2) AS connectorId,
        ['Available', 'Preparing', 'Charging', 'Finishing'][intDiv(number, 20000) % 4 + 1] AS status, '{}' AS payload,
        ${provenance('charger.events', 'number')}`,
    },
    {
      table: 'vzp_rewards',
      rows: 1_000_000,
      select: `SELECT concat('r', toString(number)) AS eventId, toInt64(${monthStart} + intDiv(number * ${spanMs}, 1000000)) AS occurredAt,
        '' AS causationId, concat('ACC-', toString(number % 1000)) AS recipientId, toInt64(1000000 + number % 5000000) AS amount,
        6 AS decimals, 'CHARGING' AS reason, ${provenance('rewards.vzp', 'number')}`,
    },
    {
      table: 'asset_revenue',
      rows: 1_000_000,
      select: `SELECT concat('ar', toString(number)) AS eventId, toInt64(${monthStart} + intDiv(number * ${spanMs}, 1000000)) AS occurredAt,
        '' AS causationId, concat('asset-', toString(number % 1000)) AS assetId, concat('s', toString(number)) AS sessionId,
        toDate(toDateTime(intDiv(${monthStart} + intDiv(number * ${spanMs}, 1000000), 1000), 'UTC')) AS day, 'EUR' AS currency,
        toInt64(1000) AS charged, toInt64(100) AS investorPool, toInt64(1) AS sessions, ${provenance('billing.asset-revenue', 'number')}`,
    },
    {
      table: 'anchors',
      rows: 10_000,
      select: `SELECT concat('a', toString(number)) AS eventId, ${monthStart} AS occurredAt, '' AS causationId,
        toString(number) AS batchId, '0x00' AS merkleRoot, toInt64(1000) AS leafCount,
        ['charging.sessions'] AS \`ranges.topic\`, [toInt32(number % 6)] AS \`ranges.partition\`,
        [toInt64(intDiv(number, 6) * 1000)] AS \`ranges.fromOffset\`, [toInt64(intDiv(number, 6) * 1000 + 999)] AS \`ranges.toOffset\`,
        toInt64(31337) AS chainId, ${provenance('ledger.anchors', 'number')}`,
    },
    {
      table: 'anchor_leaves',
      rows: 10_000_000,
      select: `SELECT toString(intDiv(number, 1000)) AS batchId, toInt64(number % 1000) AS leafIndex,
        'charging.sessions' AS topic, toInt32(intDiv(number, 1000) % 6) AS partition, toInt64(number) AS offset,
        '0x00' AS valueHash, concat('l', toString(intDiv(number, 1000))) AS eventId, ${monthStart} AS occurredAt,
        0 AS chunkIndex, ${provenance('ledger.anchor-leaves', 'number')}`,
    },
  ];
}

async function fill(database: string, sessions: number, samples: number): Promise<void> {
  const db = sqlIdentifier(database);
  await applyMigrations(server, database);
  for (const { table, rows, select } of generators(sessions, samples)) {
    const started = performance.now();
    // In slices of 10M rows: one INSERT ... SELECT each, so the server's memory stays bounded.
    for (let from = 0; from < rows; from += 10_000_000) {
      const size = Math.min(10_000_000, rows - from);
      const sql = select.replaceAll('number', `(number + ${from})`);
      const columns = [...sql.matchAll(/ AS (`[^`]+`|[A-Za-z_]+)\s*(?:,|$)/g)].map((match) => match[1]);
      await server.command(
        `INSERT INTO ${db}.${sqlIdentifier(table)} (${columns.join(', ')}) SELECT * FROM (${sql} FROM numbers(${size}))`,
      );
    }
    log(`filled ${table}: ${rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

async function benchQueries(sessions: number, samples: number, runs: number, reuse: boolean): Promise<void> {
  const database = 'bench_queries';
  const filled = reuse ? await count(`SELECT count() AS n FROM ${database}.charging_sessions`).catch(() => 0) : 0;
  const refill = filled !== sessions;
  if (refill) {
    await server.command(`DROP DATABASE IF EXISTS ${database}`);
    const started = performance.now();
    await fill(database, sessions, samples);
    results['generateSeconds'] = Math.round((performance.now() - started) / 1000);
  }
  // The refreshed rollups: rebuilt whole (every day marked, as after a bulk load), then one day refreshed as the sink
  // refreshes today's while traffic flows.
  // A reused database gets the migrations added since it was filled; new ones mean rollups to build.
  const migrated = (await applyMigrations(server, database)).applied.length > 0;
  let rebuildSeconds: number | 'reused' = 'reused';
  if (refill || migrated) {
    const rebuildStarted = performance.now();
    await markAllRollupDays(server, database);
    const rebuilt = await refreshRollups(server, database);
    rebuildSeconds = Number(((performance.now() - rebuildStarted) / 1000).toFixed(1));
    log(`rollups rebuilt (${rebuilt.length} statements) in ${rebuildSeconds} s`);
  }
  // Timed once the server's background merges of the generated parts are done: data that arrives over a month is
  // merged as it comes, not all at once while the queries run.
  const mergesStarted = performance.now();
  while (
    (await count(`SELECT count() AS n FROM system.merges WHERE database = ${sqlLiteral(database)}`)) > 0 &&
    performance.now() - mergesStarted < 600_000
  ) {
    await sleep(1_000);
  }
  log(`background merges done after ${((performance.now() - mergesStarted) / 1000).toFixed(0)} s`);
  const oneDay = new Set(['2026-11-15']);
  await markRollupDays(server, database, new Map(Object.values(rollups).map((table) => [table, oneDay])));
  const dayRefresh = Object.fromEntries((await refreshRollups(server, database)).map((r) => [r.rollup, r.ms]));
  log(`one day refreshed: ${JSON.stringify(dayRefresh)} ms`);
  results['rollups'] = { rebuildSeconds, oneDayRefreshMs: dayRefresh };
  const latencies: Record<
    string,
    {
      p50: number;
      p95: number;
      compactP50: number;
      compactP95: number;
      serverP50: number;
      serverP95: number;
      rows: number;
    }
  > = {};
  // Rows as objects (JSONEachRow, what SqlExecutor.rows gives) or as arrays (JSONCompact, what a dashboard table
  // needs; 18.16 has no JSONCompactEachRow): the same answer, parsed two ways.
  const asObjects = async (sql: string): Promise<number> => (await server.rows(sql)).length;
  const asArrays = async (sql: string): Promise<number> =>
    (await (await clickhouse.query({ query: sql, format: 'JSONCompact' })).json<{ data: unknown[] }>()).data.length;
  const percentiles = async (
    sql: string,
    read: (sql: string) => Promise<number> = asObjects,
  ): Promise<{ p50: number; p95: number; rows: number }> => {
    let rows = 0;
    for (let warm = 0; warm < 2; warm += 1) rows = await read(sql);
    const times: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      await read(sql);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? 0);
    return { p50: at(0.5), p95: at(0.95), rows };
  };
  // Every query with its documented example, and the day view of the dashboard's station table (the example asks for
  // the whole month of every station: 261,000 rows, an export more than a dashboard view).
  const measured: { label: string; sql: string }[] = [
    ...queryNames.map((name) => ({ label: name, sql: renderQuery(name, database, queryCatalog[name]) })),
    {
      label: 'energy_per_station_day (one day)',
      sql: renderQuery('energy_per_station_day', database, {
        from: new Date('2026-11-15T00:00:00Z'),
        to: new Date('2026-11-16T00:00:00Z'),
      }),
    },
  ];
  for (const { label: name, sql } of measured) {
    // The whole answer through the client, and the server's part alone (the answer counted, not sent).
    const full = await percentiles(sql);
    const serverOnly = await percentiles(`SELECT count() FROM (${sql.trim().replace(/;$/, '')})`);
    const compact = await percentiles(sql, asArrays);
    latencies[name] = {
      ...full,
      compactP50: compact.p50,
      compactP95: compact.p95,
      serverP50: serverOnly.p50,
      serverP95: serverOnly.p95,
    };
    log(
      `${name}: p50 ${full.p50} ms, p95 ${full.p95} ms (${full.rows} rows); as arrays p95 ${compact.p95} ms; ` +
        `server only p95 ${serverOnly.p95} ms`,
    );
  }
  results['queries'] = { database, sessions, samples, runs, latencies };
}

try {
  if (!flags['skip-sink']) await benchSink(Number(flags.events));
  if (!flags['skip-queries'])
    await benchQueries(Number(flags.sessions), Number(flags.samples), Number(flags.runs), flags.reuse);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} finally {
  await clickhouse.close();
}
