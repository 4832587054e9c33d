import type { ChainTransaction, Settlement } from '@vz/schemas';
import { defaultSettlementRules, splitsOf } from '@vz/stream-settlements';
import type { MoneyBench } from './bench.ts';
import type { ChainConnector } from './connector.ts';
import { countBy, cpuMsOf, perSecond, seconds } from './measure.ts';
import { lockOrder, type MoneyNetwork } from './network.ts';
import { chargedMinor, chargerId, driverId, driverTag, escrowIdOf, lockAmountMinor } from './settings.ts';

/**
 * Times a batch of commands from its produce to the last of their outcomes read on chain.transactions: rates four
 * ways (see main.ts) and the CPU per command of the connector, anvil and this process.
 */
async function executed(
  bench: MoneyBench,
  connector: ChainConnector,
  kind: ChainTransaction['kind'],
  keys: string[],
  send: () => Promise<void>,
) {
  const cpuBefore = {
    connector: cpuMsOf(connector.process.pid),
    anvil: cpuMsOf(bench.anvil.pid),
    bench: cpuMsOf(process.pid),
  };
  const sentAt = Date.now();
  await send();
  const keySet = new Set(keys);
  const seen = await connector.outcomes(kind, keySet, 600_000);
  const cpuMsPerCommand = {
    connector: Math.round((cpuMsOf(connector.process.pid) - cpuBefore.connector) / keys.length),
    anvil: Math.round((cpuMsOf(bench.anvil.pid) - cpuBefore.anvil) / keys.length),
    benchmark: Math.round((cpuMsOf(process.pid) - cpuBefore.bench) / keys.length),
  };
  // the transaction of this kind is the key's latest send (a settle follows its lock)
  const sends = [...connector.sendsOf(keySet).values()].map((times) => times.at(-1) ?? Number.NaN);
  const reads = seen.map((entry) => entry.at).sort((a, b) => a - b);
  const readBursts = reads.filter((at, index) => index === 0 || at - (reads[index - 1] ?? at) > 100).length;
  const first = Math.min(...seen.map((entry) => entry.at));
  const last = Math.max(...seen.map((entry) => entry.at));
  const blockTimes = seen.map((entry) => entry.value.occurredAt);
  const chainMs = Math.max(...blockTimes) - Math.min(...blockTimes);
  const statuses = countBy(seen, (entry) => entry.value.status);
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

/** Settlement `n` of the throughput phase, naming lock `escrowId`: 1,368 charged, split by `splitsOf`. */
function settlementOf(network: MoneyNetwork, settings: MoneyBench['settings'], escrowId: string, n: number) {
  const { parties, asset, tariff } = network;
  const walletOf = (partyId: string) => parties.find((party) => party.partyId === partyId)?.walletAddress ?? null;
  const charged = { amountMinor: chargedMinor, currency: 'EUR' };
  const charger = chargerId(n % settings.chargerCount);
  const settlement: Settlement = {
    eventId: `settlement:bench-${n}`,
    occurredAt: Date.now(),
    causationId: `session:bench-${n}`,
    sessionId: `bench-${n}`,
    chargerId: charger,
    stationId: `ST-${charger}`,
    assetId: asset.assetId,
    tariffId: tariff.tariffId,
    accountId: driverId(n % settings.driverCount),
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
    idTag: driverTag(n % settings.driverCount),
    stationTimeZone: null,
    sharedPrivateCharger: false,
    endedAt: null,
  };
  return settlement;
}

/**
 * Phase 1: `settlements` lock orders on payment.commands, then as many settlements naming those locks on
 * billing.settlements, each batch timed to its last CONFIRMED outcome.
 */
export async function throughput(bench: MoneyBench, network: MoneyNetwork, connector: ChainConnector) {
  const { settings, topics } = bench;
  const lockIds = Array.from({ length: settings.settlementCount }, (_, n) =>
    escrowIdOf(bench.prefix, `throughput:${n}`),
  );
  const locks = await executed(bench, connector, 'LOCK', lockIds, () =>
    bench.produce(
      topics.paymentCommands,
      lockIds.map((escrowId, n) => ({
        key: driverId(n % settings.driverCount),
        value: lockOrder(network, escrowId, n % settings.driverCount, chargerId(n % settings.chargerCount)),
      })),
    ),
  );
  console.error(`locks: ${JSON.stringify(locks)}`);

  const settlements = await executed(bench, connector, 'SETTLE', lockIds, () =>
    bench.produce(
      topics.settlements,
      lockIds.map((escrowId, n) => ({ key: `bench-${n}`, value: settlementOf(network, settings, escrowId, n) })),
    ),
  );
  console.error(`settlements: ${JSON.stringify(settlements)}`);
  return { locks, settlements };
}
