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
 * 1. Throughput (throughput.ts): `settlements` lock orders on `payment.commands` (drivers topped up by TopUpOrders,
 *    each having approved the Escrow from its own wallet), then as many settlements naming those locks on
 *    `billing.settlements` (CPO, MSP and platform paid to wallets, investors to the asset; `splitsOf` of
 *    streams/settlements). Each is timed from the produce to the last CONFIRMED outcome read (read_committed) on
 *    `chain.transactions`; rates are given four ways: first to last "transaction sent" of the connector's log (the
 *    executor's own pace), first to last block timestamp of the transactions (the chain's view; whole seconds), produce
 *    to last outcome read, and first to last outcome read (the connector commits outcomes a batch at a time); with the
 *    CPU per command of connector, anvil and this process.
 * 2. Latency (latency.ts): the sessions and settlements processors in this process (Processors of libs/kafka with the
 *    deployables' defaults, on the prefixed topics, one RegistryView of libs/registry fed from the prefixed registry
 *    and payment topics), the connector as before. `sessions` sessions, one every 1/`sessions-per-second` s: a
 *    TransactionStarted naming a lock already on chain (and already on payment.events), `readings` meter samples, and
 *    `session-ms` later a TransactionEnded, on `charger.events`. Per session: the wall time the end was produced, and
 *    when its COMPLETED state (`charging.sessions`), its settlement (`billing.settlements`) and its SETTLE outcome
 *    (`chain.transactions`) were read, read_committed; the connector's log gives when the settle transaction was sent.
 *    Last, the cost of one JSON-RPC exchange with the anvil under the same load (contract reads, transfers sent and
 *    mined).
 */
import { ChargingToken__factory } from '@vz/contracts';
import { MoneyBench } from './bench.ts';
import { ChainConnector } from './connector.ts';
import { stopToSettled } from './latency.ts';
import { elapsed, loadAverage } from './measure.ts';
import { deployNetwork, mirrorAndTopUp, type MoneyNetwork, registerParties } from './network.ts';
import { moneyPathSettings, payeeAccounts } from './settings.ts';
import { throughput } from './throughput.ts';

/**
 * What one JSON-RPC exchange with this anvil costs here (the executor makes about eight per command, one after the
 * other): a contract read, and a transaction sent through ethers and mined (automine) with its receipt.
 */
async function rpcCost(bench: MoneyBench, network: MoneyNetwork) {
  const token = ChargingToken__factory.connect(network.addresses.contracts.ChargingToken, bench.provider);
  const payee = await bench.provider.getSigner(payeeAccounts.cpo);
  return {
    contractRead: await elapsed(100, () => token.balanceOf(network.wallets.cpo)),
    transferSentAndMined: await elapsed(30, async () =>
      (await payee.sendTransaction({ to: network.wallets.msp, value: 1n })).wait(),
    ),
  };
}

const settings = moneyPathSettings();
const loadAverageAtStart = loadAverage();
const bench = await MoneyBench.open(settings);
try {
  const network = await deployNetwork(bench);
  await registerParties(bench, network);
  const connector = await ChainConnector.start(bench, network);
  await mirrorAndTopUp(bench, network, connector);
  const { locks, settlements } = await throughput(bench, network, connector);
  const latency = await stopToSettled(bench, network, connector);
  const rpcMs = await rpcCost(bench, network);
  console.log(
    JSON.stringify(
      {
        prefix: bench.prefix,
        settings: {
          confirmations: settings.confirmations,
          pollIntervalMs: settings.pollIntervalMs,
          drivers: settings.driverCount,
          chargers: settings.chargerCount,
          sessionsPerSecond: settings.sessionsPerSecond,
          sessionMs: settings.sessionMs,
          readings: settings.readings,
        },
        throughput: { locks, settlements },
        latency,
        rpcMs,
        connectorLog: connector.log,
        loadAverageAtStart,
        loadAverage: loadAverage(),
      },
      null,
      2,
    ),
  );
} finally {
  await bench.close();
}
