import { join } from 'node:path';
import {
  ChargingToken__factory,
  type ContractAddresses,
  deployPlatformContracts,
  writeContractAddresses,
} from '@vz/contracts';
import { InternalError } from '@vz/core';
import type { ChargingAsset, Party, PaymentCommand, Station, Tariff } from '@vz/schemas';
import { sampleParty, sampleStation, sampleTariff, sampleToken } from '@vz/testing';
import { type JsonRpcSigner, Wallet } from 'ethers';
import type { MoneyBench } from './bench.ts';
import type { ChainConnector } from './connector.ts';
import { seconds } from './measure.ts';
import {
  anvilKey,
  chargerId,
  driverId,
  driverTag,
  firstDriverAccount,
  lockAmountMinor,
  payeeAccounts,
} from './settings.ts';

/** The contracts on the bench's anvil, the wallets of the payees and drivers, and the registry records naming them. */
export interface MoneyNetwork {
  addresses: ContractAddresses;
  contractsFile: string;
  operatorKey: string;
  wallets: Record<keyof typeof payeeAccounts, string>;
  drivers: JsonRpcSigner[];
  tariff: Tariff;
  stations: Station[];
  asset: ChargingAsset;
  parties: Party[];
}

/**
 * Deploys the platform contracts (anvil account 0 the admin, 1 the operator), has every driver approve the Escrow
 * from its own wallet, and makes the registry records: payees and prepaid drivers with wallets, a tariff, stations
 * owned by the CPO in one asset of two investors.
 */
export async function deployNetwork(bench: MoneyBench): Promise<MoneyNetwork> {
  const { provider, settings } = bench;
  await bench.anvilReady();
  const deployer = await provider.getSigner(0);
  const operatorKey = anvilKey(1);
  const addresses = await deployPlatformContracts(deployer, { operator: new Wallet(operatorKey).address });
  const contractsFile = join(bench.logDir, 'contracts.json');
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
    Array.from({ length: settings.driverCount }, async (_, d) => provider.getSigner(firstDriverAccount + d)),
  );
  // The drivers pre-authorise the Escrow from their own wallets (a card pre-authorisation), as the demo does.
  await Promise.all(
    drivers.map(async (driver) => {
      const token = ChargingToken__factory.connect(addresses.contracts.ChargingToken, driver);
      await (await token.approve(addresses.contracts.Escrow, 10n ** 15n)).wait();
    }),
  );

  const tariff = sampleTariff('MONEY', [
    { type: 'ENERGY', priceMinor: 35, vatBasisPoints: null },
    { type: 'FLAT', priceMinor: 50, vatBasisPoints: null },
  ]);
  const stations: Station[] = Array.from({ length: settings.chargerCount }, (_, c) => ({
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
  return { addresses, contractsFile, operatorKey, wallets, drivers, tariff, stations, asset, parties };
}

/** Parties, the tariff and the drivers' tokens on the prefixed registry topics (before the connector starts). */
export async function registerParties(bench: MoneyBench, network: MoneyNetwork): Promise<void> {
  const registry = bench.topics.registry;
  await bench.produce(
    registry.parties,
    network.parties.map((party) => ({ key: party.partyId, value: party })),
  );
  await bench.produce(registry.tariffs, [{ key: network.tariff.tariffId, value: network.tariff }]);
  await bench.produce(
    registry.tokens,
    network.drivers.map((_, d) => ({
      key: driverTag(d),
      value: sampleToken(driverTag(d), driverId(d), { mspPartyId: 'msp-1' }),
    })),
  );
}

/** A payment command of driver `d`, from its wallet. */
function paymentCommand(
  network: MoneyNetwork,
  eventId: string,
  d: number,
  payload: PaymentCommand['payload'],
): PaymentCommand {
  return {
    eventId,
    occurredAt: Date.now(),
    causationId: `request:${eventId}`,
    accountId: driverId(d),
    walletAddress: (network.drivers[d]?.address ?? '').toLowerCase(),
    payload,
  };
}

/** An EscrowLockOrder of 2,000 for driver `d` at `charger`. */
export function lockOrder(network: MoneyNetwork, escrowId: string, d: number, charger: string): PaymentCommand {
  return paymentCommand(network, `lock:${escrowId}`, d, {
    'vz.payment.EscrowLockOrder': {
      escrowId,
      chargerId: charger,
      idTag: driverTag(d),
      amount: { amountMinor: lockAmountMinor, currency: 'EUR' },
      timeoutMs: 3_600_000,
    },
  });
}

/**
 * Stations and the asset on the registry topics, which the connector mirrors on chain (a settlement of an
 * unregistered asset would wait for it), and a TopUpOrder crediting each driver enough for all its locks; waits until
 * all of it is CONFIRMED on chain.transactions.
 */
export async function mirrorAndTopUp(
  bench: MoneyBench,
  network: MoneyNetwork,
  connector: ChainConnector,
): Promise<void> {
  const { settings, prefix, topics } = bench;
  await bench.produce(
    topics.registry.stations,
    network.stations.map((station) => ({ key: station.stationId, value: station })),
  );
  await bench.produce(topics.registry.assets, [{ key: network.asset.assetId, value: network.asset }]);
  const lockBudget =
    Math.ceil((settings.settlementCount + settings.sessionCount) / settings.driverCount) * lockAmountMinor;
  const topUps = network.drivers.map((_, d) =>
    paymentCommand(network, `top-up:${prefix}card:${d}`, d, {
      'vz.payment.TopUpOrder': {
        amount: { amountMinor: lockBudget, currency: 'EUR' },
        paymentReference: `${prefix}card:${d}`,
      },
    }),
  );
  await bench.produce(
    topics.paymentCommands,
    topUps.map((order) => ({ key: order.accountId, value: order })),
  );
  const setupStarted = Date.now();
  const mirrored = await connector.transactions.waitFor(
    settings.chargerCount + 1 + settings.driverCount,
    (t) => t.kind === 'REGISTER_STATION' || t.kind === 'REGISTER_ASSET' || t.kind === 'TOP_UP',
    180_000,
  );
  const notConfirmed = mirrored.filter((entry) => entry.value.status !== 'CONFIRMED');
  if (notConfirmed.length > 0) throw new InternalError(`setup: ${JSON.stringify(notConfirmed.map((e) => e.value))}`);
  console.error(`setup on chain in ${seconds(Date.now() - setupStarted)} s (stations, asset, top-ups); ${prefix}`);
}
