import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { compatibilityPartitioner, Producer } from '@platformatic/kafka';
import {
  type AssetRevenue,
  type AvroCodec,
  type ChargerEvent,
  type ChargingSession,
  type DeadLetter,
  deadLetterTopicSpec,
  type RawFrame,
  type Settlement,
  type TopicCodec,
  topics,
  unsignedReading,
} from '@vz/schemas';
import {
  createIsolation,
  freePort,
  type Isolation,
  localPlatformCli,
  isolatedTopic,
  readTopic,
  repositoryRoot,
  testCodec,
} from '@vz/testing';
import { clickhouseExecutor, type SqlExecutor } from '../../src/executor.ts';
import { runQuery } from '../../src/queries.ts';
import { pendingRollupDays } from '../../src/rollups.ts';
import { sqlIdentifier, sqlLiteral } from '../../src/sql.ts';
import { sinkTopicKeys } from '../../src/sink/rows.ts';
import { serverClient, until } from './server.ts';

// The sink as a child process, on this file's own copies of the model's topics and its own database, writing to the
// platform's ClickHouse 18.16 through a TCP proxy the test can cut (ClickHouse "down" without stopping the
// platform's server).

let isolation: Isolation;
let codec: AvroCodec;
let client: ClickHouseClient;
let server: SqlExecutor;
let database: string;
let producer: Producer;
const codecs = new Map<string, TopicCodec<unknown>>();
const children = new Set<ChildProcess>();
let proxy: ClickHouseProxy;

/** A TCP proxy in front of the platform's ClickHouse HTTP port: `cut()` refuses and drops connections. */
class ClickHouseProxy {
  readonly #target: URL;
  readonly #sockets = new Set<Socket>();
  #server: Server | undefined;
  port = 0;

  constructor(target: string) {
    this.#target = new URL(target);
  }

  async open(port?: number): Promise<void> {
    this.port = port ?? (await freePort());
    this.#server = createServer((socket) => {
      const upstream = connect(Number(this.#target.port), this.#target.hostname);
      for (const s of [socket, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      socket.pipe(upstream).pipe(socket);
    });
    await new Promise<void>((resolve) => this.#server?.listen(this.port, '127.0.0.1', resolve));
  }

  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server?.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }
}

function codecOf<Value>(key: keyof typeof topics): TopicCodec<Value> {
  const found = codecs.get(key);
  if (found === undefined) throw new Error(`no topic ${key}`);
  return found as TopicCodec<Value>;
}

async function send<Value>(key: keyof typeof topics, records: { key: string; value: Value }[]): Promise<void> {
  const topicCodec = codecOf<Value>(key);
  await producer.send({
    messages: records.map((record) => ({
      topic: topicCodec.topic,
      key: Buffer.from(record.key),
      value: topicCodec.encode(record.value),
    })),
  });
}

interface SinkProcess {
  readonly child: ChildProcess;
  readonly httpPort: number;
}

async function startSink(logName: string, clickhouseUrl = `http://127.0.0.1:${proxy.port}`): Promise<SinkProcess> {
  const { user, password } = isolation.endpoints.clickhouse;
  const httpPort = await freePort();
  const child = spawn(
    join(repositoryRoot, 'node_modules/.bin/node'),
    [join(repositoryRoot, 'connectors/clickhouse/src/main.ts')],
    {
      env: {
        // The deployable refuses VZ_ keys it does not know (e.g. the harness's VZ_LOCAL_DATA_DIR).
        ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VZ_'))),
        VZ_KAFKA_BOOTSTRAP: isolation.endpoints.kafka.bootstrap,
        VZ_KAFKA_REGISTRY_URL: isolation.endpoints.registry.confluentUrl,
        VZ_HTTP_PORT: String(httpPort),
        VZ_CLICKHOUSE_URL: clickhouseUrl,
        VZ_CLICKHOUSE_USER: user,
        VZ_CLICKHOUSE_PASSWORD: password,
        VZ_CLICKHOUSE_DATABASE: database,
        VZ_CLICKHOUSE_REQUEST_TIMEOUT_MS: '5000',
        VZ_SINK_TOPIC_PREFIX: isolation.topicPrefix,
        VZ_SINK_MAX_ROWS: '300',
        VZ_SINK_MAX_MS: '200',
        VZ_SINK_MAX_BACKOFF_MS: '1000',
        VZ_SINK_ROLLUP_REFRESH_MS: '300',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  mkdirSync(join(repositoryRoot, '.vz'), { recursive: true });
  const log = createWriteStream(join(repositoryRoot, '.vz', `${isolation.id}-${logName}.log`));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return { child, httpPort };
}

/** Until the sink says it is ready (consuming, past migrations and the group join). */
async function untilReady({ httpPort }: SinkProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ready = await fetch(`http://127.0.0.1:${httpPort}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await sleep(100);
  }
  throw new Error('the sink did not become ready');
}

async function kill({ child }: SinkProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

async function count(sql: string): Promise<number> {
  const [row] = await server.rows<{ n: string }>(sql);
  return Number(row?.n ?? 0);
}

const day0 = Date.parse('2026-11-02T00:00:00Z');

function session(n: number, status: 'ACTIVE' | 'COMPLETED', offsetInDay: number): ChargingSession {
  const startedAt = day0 + (n % 3) * 86_400_000 + offsetInDay;
  return {
    eventId: `s${n}:${status}`,
    occurredAt: startedAt + (status === 'ACTIVE' ? 0 : 3_600_000),
    causationId: `s${n}`,
    sessionId: `s${n}`,
    chargerId: `cp-${n % 4}`,
    stationId: `st-${n % 4}`,
    connectorId: 1,
    evseId: null,
    transactionId: `tx-${n}`,
    idTag: null,
    accountId: `acc-${n % 5}`,
    escrowId: null,
    status,
    startedAt,
    endedAt: status === 'ACTIVE' ? null : startedAt + 3_600_000,
    meterStartWh: 0,
    meterStopWh: null,
    energyWh: status === 'ACTIVE' ? 100 : 1_000 + n,
    stopReason: null,
    tariffId: null,
    cost: status === 'ACTIVE' ? null : { amountMinor: 100 + n, currency: 'EUR' },
    groupIdTag: null,
    protocol: 'OCPP16',
    peakPowerW: null,
    chargingEndedAt: null,
    idleMs: null,
    flags: [],
  };
}

function meterEvent(n: number): ChargerEvent {
  return {
    eventId: `m${n}`,
    occurredAt: day0 + n * 1_000,
    causationId: `m${n}`,
    chargerId: `cp-${n % 4}`,
    protocol: 'OCPP16',
    receivedAt: day0 + n * 1_000,
    payload: {
      'vz.charger.MeterSampled': {
        transactionId: `tx-${n}`,
        connectorId: 1,
        evseId: null,
        samples: [
          {
            measurand: 'ENERGY_ACTIVE_IMPORT_REGISTER',
            value: n,
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
            location: null,
            context: null,
            ...unsignedReading,
          },
        ],
      },
    },
  };
}

function settlement(n: number): Settlement {
  const startedAt = day0 + (n % 3) * 86_400_000;
  return {
    eventId: `settlement:s${n}`,
    occurredAt: startedAt + 7_200_000,
    causationId: `s${n}:COMPLETED`,
    sessionId: `s${n}`,
    chargerId: `cp-${n % 4}`,
    stationId: null,
    assetId: null,
    tariffId: null,
    accountId: null,
    escrowId: null,
    energyWh: 1_000 + n,
    total: { amountMinor: 100 + n, currency: 'EUR' },
    splits: [
      {
        role: 'CPO',
        partyId: `cpo-${n % 2}`,
        walletAddress: null,
        amount: { amountMinor: 80 + n, currency: 'EUR' },
        basisPoints: 8_000,
      },
      {
        role: 'PLATFORM',
        partyId: 'vz',
        walletAddress: null,
        amount: { amountMinor: 20, currency: 'EUR' },
        basisPoints: 2_000,
      },
    ],
    revision: 0,
    lines: [],
    subtotal: null,
    vat: null,
    charged: null,
    escrowLocked: null,
    escrowRefund: null,
    shortfall: null,
    flags: [],
    startedAt,
    idTag: null,
    stationTimeZone: null,
    sharedPrivateCharger: false,
    endedAt: null,
  } as Settlement;
}

function assetRevenue(n: number, day: string): AssetRevenue {
  return {
    eventId: `ar-${n}`,
    occurredAt: day0 + n,
    causationId: `s${n}`,
    assetId: 'asset-1',
    sessionId: `s${n}`,
    day,
    currency: 'EUR',
    charged: 100,
    investorPool: 10,
    dayCharged: 100 * (n + 1),
    dayInvestorPool: 10 * (n + 1),
    totalCharged: 100 * (n + 1),
    totalInvestorPool: 10 * (n + 1),
    sessions: n + 1,
  };
}

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  codec = testCodec(isolation);
  database = isolation.clickhouseDatabase;
  client = serverClient(isolation);
  server = clickhouseExecutor(client);
  for (const key of sinkTopicKeys()) codecs.set(key, await isolatedTopic(isolation, codec, topics[key]));
  producer = new Producer({
    clientId: 'sink-test',
    bootstrapBrokers: [isolation.endpoints.kafka.bootstrap],
    partitioner: compatibilityPartitioner,
    acks: -1,
  });
  proxy = new ClickHouseProxy(isolation.endpoints.clickhouse.url);
  await proxy.open();
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await producer?.close();
  await proxy?.cut();
  await client?.close();
  await isolation?.close();
});

/** Session numbers produced by the first test (the next tests compute their expectations from them). */
let sessionsTotal = 0;

describe('clickhouse sink', () => {
  it('lands every record once, as the FINAL views see it, while the sink is SIGKILLed again and again', async () => {
    let sink = await startSink('sink-0');
    let killing = true;
    // A continuous stream: 10 sessions (ACTIVE, then COMPLETED), their meter events and settlements every 250 ms,
    // until the sink has been killed enough times.
    const producing = (async () => {
      for (let round = 0; killing || round < 12; round += 1) {
        const ids = Array.from({ length: 10 }, (_, i) => round * 10 + i);
        await send<ChargingSession>(
          'chargingSessions',
          ids.map((n) => ({ key: `s${n}`, value: session(n, 'ACTIVE', n * 1_000) })),
        );
        await send<ChargerEvent>(
          'chargerEvents',
          ids.map((n) => ({ key: `cp-${n % 4}`, value: meterEvent(n) })),
        );
        await send<ChargingSession>(
          'chargingSessions',
          ids.map((n) => ({ key: `s${n}`, value: session(n, 'COMPLETED', n * 1_000) })),
        );
        await send<Settlement>(
          'billingSettlements',
          ids.map((n) => ({ key: `s${n}`, value: settlement(n) })),
        );
        sessionsTotal = (round + 1) * 10;
        await sleep(250);
      }
    })();
    // SIGKILL at a random instant once the sink is consuming: mid-batch, mid-insert or between insert and commit.
    let kills = 0;
    try {
      for (; kills < 7; kills += 1) {
        await untilReady(sink);
        await sleep(Math.floor(Math.random() * 1_000));
        await kill(sink, 'SIGKILL');
        sink = await startSink(`sink-${kills + 1}`);
      }
    } finally {
      killing = false;
      await producing;
    }
    const meterTotal = sessionsTotal;
    const db = sqlIdentifier(database);
    expect(
      await until(
        () => count(`SELECT count() AS n FROM ${db}.sessions_final WHERE status = 'COMPLETED'`),
        sessionsTotal,
        120_000,
      ),
    ).toBe(sessionsTotal);
    expect(await count(`SELECT count() AS n FROM ${db}.charging_sessions FINAL`)).toBe(sessionsTotal);
    expect(await count(`SELECT uniqExact(sessionId) AS n FROM ${db}.charging_sessions`)).toBe(sessionsTotal);
    expect(await until(() => count(`SELECT count() AS n FROM ${db}.meter_samples FINAL`), meterTotal * 2)).toBe(
      meterTotal * 2,
    );
    expect(await until(() => count(`SELECT count() AS n FROM ${db}.charger_events FINAL`), meterTotal)).toBe(
      meterTotal,
    );
    expect(await until(() => count(`SELECT count() AS n FROM ${db}.settlements FINAL`), sessionsTotal)).toBe(
      sessionsTotal,
    );
    // Every row carries where it came from; the re-delivered ones are the same rows again.
    expect(
      await count(
        `SELECT count() AS n FROM ${db}.charging_sessions FINAL WHERE _topic != '${codecOf('chargingSessions').topic}'`,
      ),
    ).toBe(0);
    // How many rows came twice (re-delivered after a kill) and were collapsed by FINAL: for the log, not asserted.
    const raw = await count(`SELECT count() AS n FROM ${db}.charging_sessions`);
    process.stdout.write(`sink test: ${kills} kills, ${sessionsTotal * 2} session records, ${raw} rows before FINAL\n`);
    // The last instance refreshes every day the killed ones marked (the next test reads the rollups).
    await until(async () => (await pendingRollupDays(server, database)).size, 0);
    await kill(sink, 'SIGTERM');
  }, 150_000);

  it('answers the rollups with the sums over the produced records', async () => {
    // energy per station per day and revenue per party per day, from the records the first test produced
    const energy = new Map<string, { sessions: number; energyWh: number }>();
    const revenue = new Map<string, { amountMinor: number; settlements: number }>();
    for (let n = 0; n < sessionsTotal; n += 1) {
      const completed = session(n, 'COMPLETED', n * 1_000);
      const day = new Date(completed.startedAt).toISOString().slice(0, 10);
      const key = `${day}|${completed.chargerId}|${completed.stationId}`;
      const e = energy.get(key) ?? { sessions: 0, energyWh: 0 };
      energy.set(key, { sessions: e.sessions + 1, energyWh: e.energyWh + completed.energyWh });
      const cpo = settlement(n).splits[0];
      if (cpo === undefined) throw new Error('no split');
      const rkey = `${day}|${cpo.partyId}|EUR`;
      const r = revenue.get(rkey) ?? { amountMinor: 0, settlements: 0 };
      revenue.set(rkey, { amountMinor: r.amountMinor + cpo.amount.amountMinor, settlements: r.settlements + 1 });
    }
    const range = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };
    const energyRows = await runQuery(server, 'energy_per_station_day', database, range);
    expect(
      energyRows
        .map(
          (row) =>
            `${String(row['day'])}|${String(row['chargerId'])}|${String(row['stationId'])}|${String(row['sessions'])}|${String(row['energyWh'])}`,
        )
        .sort(),
    ).toEqual([...energy].map(([key, v]) => `${key}|${v.sessions}|${v.energyWh}`).sort());
    const revenueRows = await runQuery(server, 'revenue_per_party_day', database, { ...range, role: 'CPO' });
    expect(
      revenueRows
        .map(
          (row) =>
            `${String(row['day'])}|${String(row['partyId'])}|${String(row['currency'])}|${String(row['amountMinor'])}|${String(row['settlements'])}`,
        )
        .sort(),
    ).toEqual([...revenue].map(([key, v]) => `${key}|${v.amountMinor}|${v.settlements}`).sort());
  });

  it('dead-letters a record ClickHouse rejects, with the server message, and writes the records after it', async () => {
    const sink = await startSink('sink-reject');
    await send<AssetRevenue>('billingAssetRevenue', [
      { key: 'asset-1', value: assetRevenue(0, '2026-11-02') },
      { key: 'asset-1', value: assetRevenue(1, 'not-a-day') },
      { key: 'asset-1', value: assetRevenue(2, '2026-11-03') },
      { key: 'asset-1', value: assetRevenue(3, '2026-11-04') },
    ]);
    // A raw frame whose payload is not UTF-8: its bytes must arrive as they are.
    const payload = Buffer.from([0xff, 0x00, 0x09, 0x0a, 0x5c, 0x27, 0xc3, 0x28, 0x80, 0x41]);
    await send<RawFrame>('chargerFramesRaw', [
      {
        key: 'cp-raw',
        value: {
          eventId: 'frame-1',
          occurredAt: day0,
          causationId: 'frame-1',
          chargerId: 'cp-raw',
          connectionId: 'c1',
          frameSeq: 1,
          protocol: 'MQTT',
          direction: 'FROM_CHARGER',
          payload,
          mqttTopic: 'plugs/cp-raw/state',
          messageTypeId: null,
          uniqueId: null,
          action: null,
          parseError: null,
          receivedAt: day0,
        },
      },
    ]);
    const db = sqlIdentifier(database);
    expect(
      await until(
        () => server.rows<{ eventId: string }>(`SELECT eventId FROM ${db}.asset_revenue FINAL ORDER BY eventId`),
        [{ eventId: 'ar-0' }, { eventId: 'ar-2' }, { eventId: 'ar-3' }],
      ),
    ).toEqual([{ eventId: 'ar-0' }, { eventId: 'ar-2' }, { eventId: 'ar-3' }]);
    expect(
      await until(
        () => server.rows(`SELECT hex(payload) AS hex FROM ${db}.raw_frames FINAL`),
        [{ hex: payload.toString('hex').toUpperCase() }],
      ),
    ).toEqual([{ hex: payload.toString('hex').toUpperCase() }]);

    const dlq = deadLetterTopicSpec(`${isolation.topicPrefix}connector-clickhouse`, 1).name;
    const [message] = await readTopic(isolation.endpoints.kafka.bootstrap, dlq, 1);
    const letterCodec = await codec.bind<DeadLetter>(dlq, deadLetterTopicSpec('x', 1).valueSchema);
    const letter = await letterCodec.decode(message?.value, message as never);
    expect(letter).toMatchObject({
      application: `${isolation.topicPrefix}connector-clickhouse`,
      sourceTopic: codecOf('billingAssetRevenue').topic,
      stage: 'PROCESS',
      errorCode: 'CLICKHOUSE_27',
    });
    expect(letter.reason).toMatch(/Cannot parse input|Date must be in YYYY-MM-DD format/);
    expect(await assetRevenueCodecDecode(letter.value)).toMatchObject({ eventId: 'ar-1', day: 'not-a-day' });
    await kill(sink, 'SIGTERM');
  });

  it('keeps the batch while ClickHouse is unreachable and writes it, by itself, once it is back', async () => {
    const sink = await startSink('sink-outage');
    const db = sqlIdentifier(database);
    await untilReady(sink); // consuming: the cut hits the inserts, not the start
    await proxy.cut();
    const extra = Array.from({ length: 50 }, (_, i) => sessionsTotal + 1_000 + i);
    await send<ChargingSession>(
      'chargingSessions',
      extra.map((n) => ({ key: `s${n}`, value: session(n, 'COMPLETED', 0) })),
    );
    await sleep(5_000); // several failed attempts and backoffs
    expect(sink.child.exitCode).toBeNull();
    await proxy.open(proxy.port);
    expect(
      await until(() => count(`SELECT count() AS n FROM ${db}.sessions_final`), sessionsTotal + extra.length),
    ).toBe(sessionsTotal + extra.length);
    await kill(sink, 'SIGTERM');
  }, 90_000);

  it('loses nothing while its ClickHouse server is stopped and started again', async () => {
    // A ClickHouse 18.16 server of this test's own (its own data folder and ports, started and stopped by the local
    // platform's script as a user would), so stopping it disturbs no other test.
    const dataDir = mkdtempSync(join(tmpdir(), 'vz-sink-restart-'));
    const [httpPort, tcpPort] = await Promise.all([freePort(), freePort()]);
    const { JEST_VZ_PLATFORM_ENDPOINTS: _, ...inherited } = process.env;
    const env = {
      ...inherited,
      VZ_LOCAL_DATA_DIR: dataDir,
      VZ_LOCAL_CLICKHOUSE_HTTP_PORT: String(httpPort),
      VZ_LOCAL_CLICKHOUSE_TCP_PORT: String(tcpPort),
    };
    const platform = (command: 'up' | 'down'): Promise<void> =>
      new Promise((resolve, reject) => {
        execFile(process.execPath, [localPlatformCli, command, '--only', 'clickhouse'], { env }, (error, _out, err) =>
          error ? reject(new Error(`${command} clickhouse failed: ${err}`)) : resolve(),
        );
      });
    const url = `http://127.0.0.1:${httpPort}`;
    const { user, password } = isolation.endpoints.clickhouse;
    const own = createClient({ url, username: user, password, log: { level: ClickHouseLogLevel.OFF } });
    const ownServer = clickhouseExecutor(own);
    const db = sqlIdentifier(database);
    // The new server's database is new: the sink fills it from the earliest records, the earlier tests' included.
    // What it holds of this test's sessions, and whether the rollup agrees with the deduplicated base table.
    const landed = async (numbers: number[]): Promise<string> => {
      const [row] = await ownServer.rows<Record<string, string>>(
        `SELECT toString((SELECT count() FROM ${db}.charging_sessions FINAL ` +
          `WHERE has(${sqlLiteral(numbers.map((n) => `s${n}`))}, sessionId))) AS mine, ` +
          `toString((SELECT count() FROM ${db}.charging_sessions FINAL WHERE status = 'COMPLETED')) AS completed, ` +
          `toString((SELECT sum(energyWh) FROM ${db}.charging_sessions FINAL WHERE status = 'COMPLETED')) AS energyWh, ` +
          `toString((SELECT sum(sessions) FROM ${db}.station_sessions_daily)) AS rolledUp, ` +
          `toString((SELECT sum(energyWh) FROM ${db}.station_sessions_daily)) AS rolledUpWh`,
      );
      if (row === undefined) return 'no answer';
      const complete =
        Number(row['mine']) === numbers.length &&
        Number(row['completed']) >= sessionsTotal + numbers.length &&
        row['completed'] === row['rolledUp'] &&
        row['energyWh'] === row['rolledUpWh'];
      return complete ? 'landed' : JSON.stringify(row);
    };
    const first = Array.from({ length: 40 }, (_, i) => 50_000 + i);
    const second = Array.from({ length: 40 }, (_, i) => 60_000 + i);
    const sendSessions = (numbers: number[]) =>
      send<ChargingSession>(
        'chargingSessions',
        numbers.map((n) => ({ key: `s${n}`, value: session(n, 'COMPLETED', n) })),
      );
    let sink: SinkProcess | undefined;
    try {
      await platform('up');
      sink = await startSink('sink-restart', url);
      await untilReady(sink);
      await sendSessions(first);
      expect(await until(() => landed(first), 'landed')).toBe('landed');

      await platform('down'); // the server process stops; its data folder stays
      await sendSessions(second);
      await sleep(3_000); // the sink fails to write, backs off, keeps the batch and its offsets
      expect(sink.child.exitCode).toBeNull();
      await platform('up'); // the same server, restarted on its data
      expect(await until(() => landed([...first, ...second]), 'landed')).toBe('landed');
    } finally {
      if (sink !== undefined) await kill(sink, 'SIGTERM');
      await own.close();
      await platform('down').catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});

async function assetRevenueCodecDecode(value: Buffer | null): Promise<AssetRevenue> {
  return codecOf<AssetRevenue>('billingAssetRevenue').decode(value, { topic: 'dlq', partition: 0, offset: 0n });
}
