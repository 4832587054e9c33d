/**
 * Money path benchmark: locks and settlements the chain connector executes per second, and the time from a session's
 * stop to its settlement confirmed on chain. Method and results: BENCHMARKS.md.
 *
 *   npm run bench:money -- [--settlements 500] [--sessions 200] [--sessions-per-second 2] [--session-ms 1000]
 *                           [--readings 3] [--drivers 8] [--chargers 10] [--confirmations 2] [--poll-interval-ms 1000]
 *                           [--keep-topics]
 *
 * Against the local platform's Kafka and schema registry (a fresh topic prefix with the whole catalog) and an anvil of
 * its own (automining, the platform contracts deployed with `deployPlatformContracts`). The chain connector runs as a
 * child process (`connectors/chain/src/main.ts`, `VZ_CHAIN_TOPIC_PREFIX`), as connectors/chain's integration tests run
 * it; registry data (parties with wallets, stations with their owner and asset, a tariff, tokens of prepaid drivers, an
 * asset with two investors) goes on the prefixed registry topics, and the connector mirrors stations and asset on chain.
 *
 * 1. Throughput: `settlements` lock orders on `payment.commands` (drivers topped up by TopUpOrders, each having approved
 *    the Escrow from its own wallet), then as many settlements naming those locks on `billing.settlements` (CPO, MSP
 *    and platform paid to wallets, investors to the asset; `splitsOf` of streams/settlements). Each is timed from the
 *    produce to the last CONFIRMED outcome read (read_committed) on `chain.transactions`; rates are given four ways:
 *    first to last "transaction sent" of the connector's log (the executor's own pace), first to last block timestamp
 *    of the transactions (the chain's view; whole seconds), produce to last outcome read, and first to last outcome
 *    read (the connector commits outcomes a batch at a time); with the CPU per command of connector, anvil and this
 *    process.
 * 2. Latency: the sessions and settlements processors in this process (Processors of libs/kafka with the deployables'
 *    defaults, on the prefixed topics, one RegistryView of libs/registry fed from the prefixed registry and payment
 *    topics), the connector as before. `sessions` sessions, one every 1/`sessions-per-second` s: a TransactionStarted
 *    naming a lock already on chain (and already on payment.events), `readings` meter samples, and `session-ms` later a
 *    TransactionEnded, on `charger.events`. Per session: the wall time the end was produced, and when its COMPLETED
 *    state (`charging.sessions`), its settlement (`billing.settlements`) and its SETTLE outcome (`chain.transactions`)
 *    were read, read_committed; the connector's log gives when the settle transaction was sent. Last, the cost of one
 *    JSON-RPC exchange with the anvil under the same load (contract reads, transfers sent and mined).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  Admin,
  compatibilityPartitioner,
  Consumer,
  FetchIsolationLevels,
  type Message,
  MessagesStreamModes,
  Producer,
} from '@platformatic/kafka';
import { ChargingToken__factory, deployPlatformContracts, writeContractAddresses } from '@vz/contracts';
import { createLogger } from '@vz/core';
import { applyCatalog, Processor, processorStage } from '@vz/kafka';
import { bindRegistryTopics, followRegistry } from '@vz/registry';
import {
  AvroCodec,
  type ChainTransaction,
  type ChargerEvent,
  type ChargingAsset,
  type ChargingSession,
  loadSchemaSet,
  type Party,
  type PaymentCommand,
  SchemaRegistryClient,
  type Settlement,
  type SettlementReview,
  type Station,
  type TopicCodec,
  type TopicSpec,
  topics,
} from '@vz/schemas';
import {
  defaultSessionRules,
  sessionsApplication,
  sessionsProcessor,
  sessionsProcessorOptions,
} from '@vz/stream-sessions';
import { defaultSettlementRules, settlementsApplication, settlementsProcessor, splitsOf } from '@vz/stream-settlements';
import {
  anvilBinary,
  freePort,
  sampleParty,
  sampleSessionEvents,
  sampleStation,
  sampleTariff,
  sampleToken,
} from '@vz/testing';
import { HDNodeWallet, JsonRpcProvider, keccak256, toUtf8Bytes, Wallet } from 'ethers';
import { Registry } from 'prom-client';
import { localKafka } from './local-kafka.ts';

const { values: flags } = parseArgs({
  options: {
    settlements: { type: 'string', default: '500' },
    sessions: { type: 'string', default: '200' },
    'sessions-per-second': { type: 'string', default: '2' },
    'session-ms': { type: 'string', default: '1000' },
    readings: { type: 'string', default: '3' },
    drivers: { type: 'string', default: '8' },
    chargers: { type: 'string', default: '10' },
    confirmations: { type: 'string', default: '2' },
    'poll-interval-ms': { type: 'string', default: '1000' },
    'keep-topics': { type: 'boolean', default: false },
  },
});
const settlementCount = Number(flags.settlements);
const sessionCount = Number(flags.sessions);
const sessionsPerSecond = Number(flags['sessions-per-second']);
const sessionMs = Number(flags['session-ms']);
const readings = Number(flags.readings);
const driverCount = Number(flags.drivers);
const chargerCount = Number(flags.chargers);
const confirmations = Number(flags.confirmations);
const pollIntervalMs = Number(flags['poll-interval-ms']);

const loadAverageAtStart = loadavg().map((load) => Math.round(load * 100) / 100);
const kafka = localKafka();
const prefix = `bench.money.${Date.now()}.`;
const repository = resolve(import.meta.dirname, '../..');
const logDir = mkdtempSync(join(tmpdir(), 'vz-bench-money-'));
const logger = createLogger('bench-money', { level: 'warn' });
const lockAmountMinor = 2_000;
/** What a settlement of the throughput phase charges of its 2,000 lock (as connectors/chain's sample settlement). */
const chargedMinor = 1_368;

// anvil's development accounts (the public test mnemonic): 0 deploys, 1 is the operator, 2–6 are paid by settlements,
// the drivers follow.
const anvilMnemonic = 'test test test test test test test test test test test junk';
const anvilKey = (index: number) =>
  HDNodeWallet.fromPhrase(anvilMnemonic, undefined, `m/44'/60'/0'/0/${index}`).privateKey;
const payeeAccounts = { cpo: 2, msp: 3, platform: 4, investor1: 5, investor2: 6 } as const;
const firstDriverAccount = 7;

const driverId = (d: number) => `driver-${String(d).padStart(3, '0')}`;
const driverTag = (d: number) => `TAG-MONEY-${String(d).padStart(3, '0')}`;
const chargerId = (c: number) => `CP-MONEY-${String(c).padStart(3, '0')}`;
const escrowIdOf = (name: string) => keccak256(toUtf8Bytes(`${prefix}${name}`));

const seconds = (ms: number) => Math.round(ms / 10) / 100;
const perSecond = (count: number, ms: number) => (ms > 0 ? Math.round((count / ms) * 10_000) / 10 : null);

/** Nearest-rank percentiles of `values` (ms). */
function distribution(values: readonly number[]): Record<string, number> {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return {
    p50: rank(50) ?? Number.NaN,
    p95: rank(95) ?? Number.NaN,
    p99: rank(99) ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    mean: Math.round((sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length)) * 10) / 10,
  };
}

/** CPU time (user + system) a process has used so far, ms; Linux's /proc, in clock ticks of 10 ms. */
function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from field 3 (state) on
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** A topic read from the start (read_committed) for the whole run: each record decoded, with the wall time it arrived. */
class TopicWatch<Value> {
  readonly seen: { readonly value: Value; readonly at: number }[] = [];
  #decoding: Promise<void> = Promise.resolve();
  #failure: unknown;
  readonly #consumer: Consumer;
  readonly #codec: TopicCodec<Value>;

  private constructor(codec: TopicCodec<Value>) {
    this.#codec = codec;
    this.#consumer = new Consumer({
      clientId: 'vz-bench-money-watch',
      bootstrapBrokers: [kafka.bootstrap],
      groupId: `${codec.topic}.watch.${Date.now()}`,
      isolationLevel: FetchIsolationLevels.READ_COMMITTED,
      autocommit: false,
    });
  }

  static async start<Value>(codec: TopicCodec<Value>): Promise<TopicWatch<Value>> {
    const watch = new TopicWatch(codec);
    const stream = await watch.#consumer.consume({
      topics: [codec.topic],
      mode: MessagesStreamModes.EARLIEST,
      maxWaitTime: 20,
    });
    stream.on('data', (message: Message) => {
      const at = Date.now();
      watch.#decoding = watch.#decoding
        .then(async () => void watch.seen.push({ value: await codec.decode(message.value, message), at }))
        .catch((error: unknown) => void (watch.#failure = error));
    });
    return watch;
  }

  /** The records `where` accepts once there are `count` of them; fails after `timeoutMs`. */
  async waitFor(
    count: number,
    where: (value: Value) => boolean,
    timeoutMs: number,
  ): Promise<{ readonly value: Value; readonly at: number }[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#failure !== undefined) throw this.#failure;
      const matching = this.seen.filter((entry) => where(entry.value));
      if (matching.length >= count) return matching;
      if (Date.now() > deadline) {
        throw new Error(`${this.#codec.topic}: ${matching.length} of ${count} records after ${timeoutMs} ms`);
      }
      await sleep(50);
    }
  }

  async close(): Promise<void> {
    await this.#consumer.close(true);
  }
}

// --- infrastructure: topics, anvil and the contracts, the connector ---

const registry = new SchemaRegistryClient(kafka.registryUrl);
await applyCatalog({ kafka, registry, schemas: loadSchemaSet(), prefix });
const codec = new AvroCodec(registry, loadSchemaSet());
const bind = <Value>(spec: TopicSpec) => codec.bind<Value>(`${prefix}${spec.name}`, spec.valueSchema);
const registryTopics = await bindRegistryTopics(bind);
const paymentCommands = await bind<PaymentCommand>(topics.paymentCommands);
const settlementsTopic = await bind<Settlement>(topics.billingSettlements);
const transactionsTopic = await bind<ChainTransaction>(topics.chainTransactions);
const chargerEvents = await bind<ChargerEvent>(topics.chargerEvents);
const sessionsTopic = await bind<ChargingSession>(topics.chargingSessions);
const latestSessionsTopic = await bind<ChargingSession>(topics.chargingSessionsLatest);
const reviewsTopic = await bind<SettlementReview>(topics.billingSettlementReviews);

const producer = new Producer({
  clientId: 'vz-bench-money',
  bootstrapBrokers: [kafka.bootstrap],
  partitioner: compatibilityPartitioner,
  acks: -1,
});
async function produce<Value>(codecOf: TopicCodec<Value>, records: readonly { key: string; value: Value }[]) {
  for (let from = 0; from < records.length; from += 500) {
    await producer.send({
      messages: records.slice(from, from + 500).map((record) => ({
        topic: codecOf.topic,
        key: Buffer.from(record.key),
        value: codecOf.encode(record.value),
      })),
    });
  }
}

const port = await freePort();
const anvil = spawn(
  anvilBinary(),
  ['--host', '127.0.0.1', '--port', String(port), '--accounts', String(firstDriverAccount + driverCount), '--silent'],
  { stdio: 'ignore' },
);
const rpcUrl = `http://127.0.0.1:${port}`;
const provider = new JsonRpcProvider(rpcUrl, 31337, { staticNetwork: true, cacheTimeout: -1, pollingInterval: 100 });
let connector: ReturnType<typeof spawn> | undefined;
const watches: TopicWatch<unknown>[] = [];
const stoppers: (() => Promise<void>)[] = [];
try {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await provider.getBlockNumber();
      break;
    } catch (error) {
      if (attempt > 100) throw error;
      await sleep(100);
    }
  }
  const deployer = await provider.getSigner(0);
  const operatorKey = anvilKey(1);
  const addresses = await deployPlatformContracts(deployer, { operator: new Wallet(operatorKey).address });
  const contractsFile = join(logDir, 'contracts.json');
  writeContractAddresses(contractsFile, addresses);
  const wallet = async (index: number) => (await provider.getSigner(index)).address.toLowerCase();
  const wallets = {
    cpo: await wallet(payeeAccounts.cpo),
    msp: await wallet(payeeAccounts.msp),
    platform: await wallet(payeeAccounts.platform),
    investor1: await wallet(payeeAccounts.investor1),
    investor2: await wallet(payeeAccounts.investor2),
  };
  const drivers = await Promise.all(
    Array.from({ length: driverCount }, async (_, d) => provider.getSigner(firstDriverAccount + d)),
  );
  // The drivers pre-authorise the Escrow from their own wallets (a card pre-authorisation), as the demo does.
  await Promise.all(
    drivers.map(async (driver) => {
      const token = ChargingToken__factory.connect(addresses.contracts.ChargingToken, driver);
      await (await token.approve(addresses.contracts.Escrow, 10n ** 15n)).wait();
    }),
  );

  // Registry: payees and drivers with wallets, a tariff, stations owned by the CPO in one asset of two investors.
  const tariff = sampleTariff('MONEY', [
    { type: 'ENERGY', priceMinor: 35, vatBasisPoints: null },
    { type: 'FLAT', priceMinor: 50, vatBasisPoints: null },
  ]);
  const stations: Station[] = Array.from({ length: chargerCount }, (_, c) => ({
    ...sampleStation(chargerId(c), { tariffIds: ['MONEY'] }),
    ownerId: 'cpo-1',
    assetId: 'asset-1',
  }));
  const asset: ChargingAsset = {
    eventId: 'asset:asset-1',
    occurredAt: stations[0]?.occurredAt ?? 0,
    causationId: 'bench',
    assetId: 'asset-1',
    name: null,
    stationIds: stations.map((station) => station.stationId),
    tokenAddress: null,
    chainId: null,
    revenueShareBasisPoints: 2_000,
    shares: [
      { investorId: 'inv-1', walletAddress: null, basisPoints: 6_000 },
      { investorId: 'inv-2', walletAddress: null, basisPoints: 4_000 },
    ],
    deleted: false,
  };
  const parties: Party[] = [
    sampleParty('cpo-1', wallets.cpo),
    sampleParty('msp-1', wallets.msp, { roles: ['MSP'] }),
    sampleParty('platform', wallets.platform, { roles: ['PLATFORM'] }),
    sampleParty('inv-1', wallets.investor1, { roles: ['INVESTOR'] }),
    sampleParty('inv-2', wallets.investor2, { roles: ['INVESTOR'] }),
    ...drivers.map((driver, d) =>
      sampleParty(driverId(d), driver.address.toLowerCase(), { roles: ['DRIVER'], paymentMode: 'PREPAID' }),
    ),
  ];
  await produce(
    registryTopics.parties,
    parties.map((party) => ({ key: party.partyId, value: party })),
  );
  await produce(registryTopics.tariffs, [{ key: tariff.tariffId, value: tariff }]);
  await produce(
    registryTopics.tokens,
    drivers.map((_, d) => ({
      key: driverTag(d),
      value: sampleToken(driverTag(d), driverId(d), { mspPartyId: 'msp-1' }),
    })),
  );

  const transactions = await TopicWatch.start(transactionsTopic);
  watches.push(transactions as TopicWatch<unknown>);
  const outcomes = (kind: ChainTransaction['kind'], keys: ReadonlySet<string>, timeoutMs: number) =>
    transactions.waitFor(keys.size, (t) => t.kind === kind && keys.has(t.naturalKey), timeoutMs);

  const connectorLog = join(logDir, 'connector.log');
  const log = createWriteStream(connectorLog, { flags: 'a' });
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VZ_')));
  connector = spawn(process.execPath, [join(repository, 'connectors/chain/src/main.ts')], {
    env: {
      ...inherited,
      VZ_KAFKA_BOOTSTRAP: kafka.bootstrap,
      VZ_KAFKA_REGISTRY_URL: kafka.registryUrl,
      VZ_KAFKA_CLIENT_ID: 'vz-bench-money-connector',
      VZ_HTTP_PORT: '0',
      VZ_LOGGING_LEVEL: 'info',
      VZ_CHAIN_RPC_URL: rpcUrl,
      VZ_CHAIN_CONTRACTS_FILE: contractsFile,
      VZ_CHAIN_OPERATOR_KEY: operatorKey,
      VZ_CHAIN_TOPIC_PREFIX: prefix,
      VZ_CHAIN_INSTANCE_ID: 'bench-money',
      VZ_CHAIN_CONFIRMATIONS: String(confirmations),
      VZ_CHAIN_POLL_INTERVAL_MS: String(pollIntervalMs),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  connector.stdout?.pipe(log);
  connector.stderr?.pipe(log);
  connector.once('exit', (code, signal) => console.error(`chain connector exited (${code ?? signal})`));

  // The connector mirrors stations and the asset on chain (a settlement of an unregistered asset would wait for it).
  await produce(
    registryTopics.stations,
    stations.map((station) => ({ key: station.stationId, value: station })),
  );
  await produce(registryTopics.assets, [{ key: asset.assetId, value: asset }]);
  const lockBudget = Math.ceil((settlementCount + sessionCount) / driverCount) * lockAmountMinor;
  const paymentCommand = (eventId: string, d: number, payload: PaymentCommand['payload']): PaymentCommand => ({
    eventId,
    occurredAt: Date.now(),
    causationId: `request:${eventId}`,
    accountId: driverId(d),
    walletAddress: (drivers[d]?.address ?? '').toLowerCase(),
    payload,
  });
  const topUps = drivers.map((_, d) =>
    paymentCommand(`top-up:${prefix}card:${d}`, d, {
      'vz.payment.TopUpOrder': {
        amount: { amountMinor: lockBudget, currency: 'EUR' },
        paymentReference: `${prefix}card:${d}`,
      },
    }),
  );
  await produce(
    paymentCommands,
    topUps.map((order) => ({ key: order.accountId, value: order })),
  );
  const setupStarted = Date.now();
  const mirrored = await transactions.waitFor(
    chargerCount + 1 + driverCount,
    (t) => t.kind === 'REGISTER_STATION' || t.kind === 'REGISTER_ASSET' || t.kind === 'TOP_UP',
    180_000,
  );
  const notConfirmed = mirrored.filter((entry) => entry.value.status !== 'CONFIRMED');
  if (notConfirmed.length > 0) throw new Error(`setup: ${JSON.stringify(notConfirmed.map((e) => e.value))}`);
  console.error(`setup on chain in ${seconds(Date.now() - setupStarted)} s (stations, asset, top-ups); ${prefix}`);

  const lockOrder = (escrowId: string, d: number, charger: string): PaymentCommand =>
    paymentCommand(`lock:${escrowId}`, d, {
      'vz.payment.EscrowLockOrder': {
        escrowId,
        chargerId: charger,
        idTag: driverTag(d),
        amount: { amountMinor: lockAmountMinor, currency: 'EUR' },
        timeoutMs: 3_600_000,
      },
    });

  /**
   * When the connector sent each key's transactions, in order (its log: "transaction sent", key = the natural key;
   * for a lock id, the lock and then the settle), wall time with milliseconds.
   */
  function sendsOf(keys: ReadonlySet<string>): Map<string, number[]> {
    const sends = new Map<string, number[]>();
    for (const line of readFileSync(connectorLog, 'utf8').split('\n')) {
      if (!line.includes('"msg":"transaction sent"')) continue;
      const entry = JSON.parse(line) as { key?: string; time?: string };
      if (entry.key === undefined || entry.time === undefined || !keys.has(entry.key)) continue;
      sends.set(entry.key, [...(sends.get(entry.key) ?? []), Date.parse(entry.time)]);
    }
    return sends;
  }

  /** Times a batch of commands from its produce to the last of their outcomes read on chain.transactions. */
  async function executed(kind: ChainTransaction['kind'], keys: string[], send: () => Promise<void>) {
    const cpuBefore = { connector: cpuMsOf(connector?.pid), anvil: cpuMsOf(anvil.pid), bench: cpuMsOf(process.pid) };
    const sentAt = Date.now();
    await send();
    const keySet = new Set(keys);
    const seen = await outcomes(kind, keySet, 600_000);
    const cpuMsPerCommand = {
      connector: Math.round((cpuMsOf(connector?.pid) - cpuBefore.connector) / keys.length),
      anvil: Math.round((cpuMsOf(anvil.pid) - cpuBefore.anvil) / keys.length),
      benchmark: Math.round((cpuMsOf(process.pid) - cpuBefore.bench) / keys.length),
    };
    // the transaction of this kind is the key's latest send (a settle follows its lock)
    const sends = [...sendsOf(keySet).values()].map((times) => times.at(-1) ?? Number.NaN);
    const reads = seen.map((entry) => entry.at).sort((a, b) => a - b);
    const readBursts = reads.filter((at, index) => index === 0 || at - (reads[index - 1] ?? at) > 100).length;
    const first = Math.min(...seen.map((entry) => entry.at));
    const last = Math.max(...seen.map((entry) => entry.at));
    const blockTimes = seen.map((entry) => entry.value.occurredAt);
    const chainMs = Math.max(...blockTimes) - Math.min(...blockTimes);
    const statuses: Record<string, number> = {};
    for (const { value } of seen) statuses[value.status] = (statuses[value.status] ?? 0) + 1;
    const gas = seen.map((entry) => entry.value.gasUsed ?? 0);
    return {
      commands: keys.length,
      statuses,
      firstOutcomeReadAfterMs: first - sentAt,
      perSecondFirstToLastRead: perSecond(seen.length - 1, last - first),
      perSecondProduceToLastRead: perSecond(seen.length, last - sentAt),
      perSecondOnChainBlockTimes: perSecond(seen.length - 1, chainMs),
      perSecondFirstToLastSent: perSecond(sends.length - 1, Math.max(...sends) - Math.min(...sends)),
      outcomesReadInBursts: readBursts,
      wallMsPerCommand: Math.round((Math.max(...sends) - Math.min(...sends)) / Math.max(1, sends.length - 1)),
      cpuMsPerCommand,
      seconds: seconds(last - sentAt),
      meanGasUsed: Math.round(gas.reduce((sum, value) => sum + value, 0) / Math.max(1, gas.length)),
    };
  }

  // --- 1. throughput: N locks, then N settlements naming them ---

  const lockIds = Array.from({ length: settlementCount }, (_, n) => escrowIdOf(`throughput:${n}`));
  const locks = await executed('LOCK', lockIds, () =>
    produce(
      paymentCommands,
      lockIds.map((escrowId, n) => ({
        key: driverId(n % driverCount),
        value: lockOrder(escrowId, n % driverCount, chargerId(n % chargerCount)),
      })),
    ),
  );
  console.error(`locks: ${JSON.stringify(locks)}`);

  const walletOf = (partyId: string) => parties.find((party) => party.partyId === partyId)?.walletAddress ?? null;
  const charged = { amountMinor: chargedMinor, currency: 'EUR' };
  const settlementOf = (escrowId: string, n: number): Settlement => ({
    eventId: `settlement:bench-${n}`,
    occurredAt: Date.now(),
    causationId: `session:bench-${n}`,
    sessionId: `bench-${n}`,
    chargerId: chargerId(n % chargerCount),
    stationId: `ST-${chargerId(n % chargerCount)}`,
    assetId: asset.assetId,
    tariffId: tariff.tariffId,
    accountId: driverId(n % driverCount),
    escrowId,
    energyWh: 10_000,
    total: charged,
    splits: splitsOf({
      charged,
      cpoPartyId: 'cpo-1',
      mspPartyId: 'msp-1',
      rules: defaultSettlementRules,
      walletOf,
      asset,
    }),
    revision: 0,
    lines: [],
    subtotal: null,
    vat: null,
    charged,
    escrowLocked: { amountMinor: lockAmountMinor, currency: 'EUR' },
    escrowRefund: { amountMinor: lockAmountMinor - chargedMinor, currency: 'EUR' },
    shortfall: null,
    flags: [],
    startedAt: null,
    idTag: driverTag(n % driverCount),
    stationTimeZone: null,
    sharedPrivateCharger: false,
    endedAt: null,
  });
  const settles = await executed('SETTLE', lockIds, () =>
    produce(
      settlementsTopic,
      lockIds.map((escrowId, n) => ({ key: `bench-${n}`, value: settlementOf(escrowId, n) })),
    ),
  );
  console.error(`settlements: ${JSON.stringify(settles)}`);

  // --- 2. latency: charger events → sessions → settlements → chain, one session at a time ---

  const sessionLockIds = Array.from({ length: sessionCount }, (_, i) => escrowIdOf(`latency:${i}`));
  const driverOfSession = (i: number) => i % driverCount;
  const chargerOfSession = (i: number) => i % chargerCount;
  await produce(
    paymentCommands,
    sessionLockIds.map((escrowId, i) => ({
      key: driverId(driverOfSession(i)),
      value: lockOrder(escrowId, driverOfSession(i), chargerId(chargerOfSession(i))),
    })),
  );
  await outcomes('LOCK', new Set(sessionLockIds), 600_000);
  // On an automining anvil blocks come only with transactions: mine the listener's confirmations on top of the last
  // lock, so that every lock is on payment.events before the sessions start (settlements wait for their lock's event).
  for (let block = 0; block < confirmations; block += 1) await provider.send('evm_mine', []);
  const registryFeed = await followRegistry({
    kafka,
    topics: registryTopics,
    application: `${prefix}bench`,
    instanceId: 'bench-0',
    logger,
  });
  stoppers.push(registryFeed.close);
  const view = registryFeed.view;
  const lockWaitStarted = Date.now();
  while (sessionLockIds.some((escrowId) => view.lockOf(escrowId) === undefined)) {
    if (Date.now() - lockWaitStarted > 120_000) throw new Error('the session locks did not reach payment.events');
    await sleep(100);
  }

  const metricsRegistry = new Registry();
  const processors = [
    new Processor({
      application: `${prefix}${sessionsApplication}`,
      instanceId: 'bench-0',
      kafka,
      codec,
      logger,
      metricsRegistry,
      ...sessionsProcessor(
        { chargerEvents, sessions: sessionsTopic, latest: latestSessionsTopic },
        defaultSessionRules,
        sessionsProcessorOptions(view, defaultSessionRules),
      ),
    }),
    new Processor({
      ...processorStage({
        application: `${prefix}${settlementsApplication}`,
        instanceId: 'bench-0',
        // As streams/settlements' deployable: a session naming a lock waits for the lock's event, backing off.
        retry: { maxAttempts: 120, initialBackoffMs: 200, maxBackoffMs: 5_000 },
        ...settlementsProcessor(
          { sessions: sessionsTopic, settlements: settlementsTopic, reviews: reviewsTopic },
          view,
          defaultSettlementRules,
        ),
      }),
      kafka,
      codec,
      logger,
      metricsRegistry,
    }),
  ];
  const loops = processors.map((processor) => processor.start());
  stoppers.push(async () => {
    await Promise.all(processors.map((processor) => processor.stop()));
    await Promise.all(loops.map((loop) => loop.catch(() => undefined)));
  });
  while (!processors.every((processor) => processor.processing)) await sleep(50);
  const completed = await TopicWatch.start(sessionsTopic);
  const settled = await TopicWatch.start(settlementsTopic);
  watches.push(completed as TopicWatch<unknown>, settled as TopicWatch<unknown>);

  // Each charger's sessions as charger events (sampleSessionEvents), made a prepaid driver's and stamped at the wall
  // clock when they are produced.
  const sessionsPerCharger = Math.ceil(sessionCount / chargerCount);
  const generators = Array.from({ length: chargerCount }, (_, c) =>
    sampleSessionEvents(chargerId(c), {
      sessions: sessionsPerCharger,
      readings,
      startAt: 0,
      registerWh: 1_000_000 * c,
    }),
  );
  const endedAt = new Map<string, number>();
  const latencyStarted = Date.now();
  const sending: Promise<void>[] = [];
  for (let i = 0; i < sessionCount; i += 1) {
    const due = latencyStarted + (i * 1_000) / sessionsPerSecond;
    await sleep(Math.max(0, due - Date.now()));
    const generator = generators[chargerOfSession(i)];
    const events = Array.from({ length: readings + 2 }, () => generator?.next().value).filter(
      (event): event is ChargerEvent => event !== undefined,
    );
    const stamp = (event: ChargerEvent, at: number): ChargerEvent => {
      const payload = event.payload;
      const started = 'vz.charger.TransactionStarted' in payload ? payload['vz.charger.TransactionStarted'] : undefined;
      return {
        ...event,
        occurredAt: at,
        receivedAt: at,
        payload:
          started === undefined
            ? payload
            : {
                'vz.charger.TransactionStarted': {
                  ...started,
                  idTag: driverTag(driverOfSession(i)),
                  escrowId: sessionLockIds[i] ?? null,
                },
              },
      };
    };
    const end = events.pop();
    if (end === undefined) throw new Error('no session events');
    const startAt = Date.now();
    const key = chargerId(chargerOfSession(i));
    const started = events.map((event, n) => ({ key, value: stamp(event, startAt + n) }));
    sending.push(
      (async () => {
        await produce(chargerEvents, started);
        await sleep(Math.max(0, startAt + sessionMs - Date.now()));
        const stoppedAt = Date.now();
        endedAt.set(sessionLockIds[i] ?? '', stoppedAt);
        await produce(chargerEvents, [{ key, value: stamp(end, stoppedAt) }]);
      })(),
    );
  }
  await Promise.all(sending);
  const latencyKeys = new Set(sessionLockIds);
  const settledOnChain = await outcomes('SETTLE', latencyKeys, 300_000);
  const completedStates = await completed.waitFor(
    sessionCount,
    (session) => session.status === 'COMPLETED' && session.escrowId !== null && latencyKeys.has(session.escrowId),
    60_000,
  );
  const settlementRecords = await settled.waitFor(
    sessionCount,
    (settlement) => settlement.escrowId !== null && latencyKeys.has(settlement.escrowId),
    60_000,
  );

  // When the connector sent each settle transaction: the key's last send (the lock was sent long before).
  const sentAt = new Map([...sendsOf(latencyKeys)].map(([key, times]) => [key, times.at(-1) ?? Number.NaN]));
  const firstAt = <Value>(entries: readonly { value: Value; at: number }[], keyOf: (value: Value) => string | null) => {
    const times = new Map<string, number>();
    for (const entry of entries) {
      const key = keyOf(entry.value);
      if (key !== null && !times.has(key)) times.set(key, entry.at);
    }
    return times;
  };
  const completedAt = firstAt(completedStates, (session) => session.escrowId);
  const settlementAt = firstAt(settlementRecords, (settlement) => settlement.escrowId);
  const confirmedAt = firstAt(settledOnChain, (transaction) => transaction.naturalKey);
  const stages = {
    stopToCompleted: [] as number[],
    completedToSettlement: [] as number[],
    settlementToSent: [] as number[],
    sentToConfirmedRead: [] as number[],
    stopToSettledOnChain: [] as number[],
  };
  for (const [escrowId, stoppedAt] of endedAt) {
    const done = confirmedAt.get(escrowId);
    const completion = completedAt.get(escrowId);
    const settlement = settlementAt.get(escrowId);
    const sent = sentAt.get(escrowId);
    if (done === undefined || completion === undefined || settlement === undefined) continue;
    stages.stopToSettledOnChain.push(done - stoppedAt);
    stages.stopToCompleted.push(completion - stoppedAt);
    stages.completedToSettlement.push(settlement - completion);
    if (sent !== undefined) {
      stages.settlementToSent.push(sent - settlement);
      stages.sentToConfirmedRead.push(done - sent);
    }
  }
  const latencyStatuses: Record<string, number> = {};
  for (const { value } of settledOnChain) latencyStatuses[value.status] = (latencyStatuses[value.status] ?? 0) + 1;

  // What one JSON-RPC exchange with this anvil costs here (the executor makes about eight per command, one after the
  // other): a contract read, and a transaction sent through ethers and mined (automine) with its receipt.
  const elapsed = async (times: number, run: () => Promise<unknown>) => {
    const ms: number[] = [];
    for (let n = 0; n < times; n += 1) {
      const started = performance.now();
      await run();
      ms.push(Math.round((performance.now() - started) * 10) / 10);
    }
    return distribution(ms);
  };
  const token = ChargingToken__factory.connect(addresses.contracts.ChargingToken, provider);
  const payee = await provider.getSigner(payeeAccounts.cpo);
  const rpcMs = {
    contractRead: await elapsed(100, () => token.balanceOf(wallets.cpo)),
    transferSentAndMined: await elapsed(30, async () =>
      (await payee.sendTransaction({ to: wallets.msp, value: 1n })).wait(),
    ),
  };

  console.log(
    JSON.stringify(
      {
        prefix,
        settings: {
          confirmations,
          pollIntervalMs,
          drivers: driverCount,
          chargers: chargerCount,
          sessionsPerSecond,
          sessionMs,
          readings,
        },
        throughput: { locks, settlements: settles },
        latency: {
          sessions: sessionCount,
          settledOnChain: stages.stopToSettledOnChain?.length ?? 0,
          statuses: latencyStatuses,
          ms: Object.fromEntries(Object.entries(stages).map(([name, values]) => [name, distribution(values)])),
        },
        rpcMs,
        connectorLog,
        loadAverageAtStart,
        loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
      },
      null,
      2,
    ),
  );
} finally {
  for (const stop of stoppers.reverse()) await stop().catch((error: unknown) => console.error(error));
  await Promise.all(watches.map((watch) => watch.close().catch(() => undefined)));
  await producer.close().catch(() => undefined);
  if (connector !== undefined && connector.exitCode === null && connector.signalCode === null) {
    const exited = new Promise((done) => connector?.once('exit', done));
    connector.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
  }
  provider.destroy();
  anvil.kill('SIGTERM');
  if (!flags['keep-topics']) {
    const admin = new Admin({ clientId: 'vz-bench-money-admin', bootstrapBrokers: [kafka.bootstrap] });
    const ours = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (ours.length > 0) await admin.deleteTopics({ topics: ours });
    await admin.close();
  }
}
