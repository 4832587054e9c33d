import type { AuthorizationToken, ChargingAsset, Party, Station, StationEvse, Tariff } from '@vz/schemas';
import { HDNodeWallet } from 'ethers';

/**
 * The demo charging network `npm start` runs: who takes part (the platform, a CPO, an MSP, two investors, prepaid
 * drivers and a postpaid fleet), their wallets on the local chain, the drivers' tokens, the stations of the simulated
 * chargers and plugs, the asset half of them belong to, and the tariff. The simulator registers it through the
 * registry topics and orders the drivers' top-ups (apps/simulator `--register`); `up` gives the drivers' wallets gas
 * and their Escrow approval (prepareDemoWallets in demo-wallets.ts). Nothing here is a secret: the wallets are derived
 * from anvil's public development mnemonic and exist only on the local chain.
 */

/** anvil's development mnemonic: its accounts 0 and 1 are the deployer and the operator (config.ts). */
export const demoMnemonic = 'test test test test test test test test test test test junk';

/** The wallet of the demo mnemonic's account `index` (BIP-44 m/44'/60'/0'/0/index, as anvil derives its accounts). */
export function demoWallet(index: number): HDNodeWallet {
  return HDNodeWallet.fromPhrase(demoMnemonic, undefined, `m/44'/60'/0'/0/${index}`);
}

/** When the demo network's records take effect: before any session the demo charges. */
const registeredAt = Date.parse('2026-01-01T00:00:00Z');

interface DemoPartySpec {
  readonly partyId: string;
  readonly roles: Party['roles'];
  readonly name: string;
  /** Account of the demo mnemonic holding the party's wallet; null: no wallet. */
  readonly walletIndex: number | null;
  readonly paymentMode?: Party['paymentMode'];
  readonly payerPartyId?: string;
}

/** Prepaid drivers: wallets 10…17; the fleet's drivers charge on the fleet's (postpaid) account. */
const prepaidDrivers = 8;
const fleetDrivers = 2;

export const demoPartySpecs: readonly DemoPartySpec[] = [
  { partyId: 'platform', roles: ['PLATFORM'], name: 'VZ Platform', walletIndex: 2 },
  { partyId: 'cpo-demo', roles: ['CPO'], name: 'Demo Charging BV', walletIndex: 3 },
  { partyId: 'msp-demo', roles: ['MSP'], name: 'Demo Mobility', walletIndex: 4 },
  { partyId: 'investor-a', roles: ['INVESTOR'], name: 'Investor A', walletIndex: 5 },
  { partyId: 'investor-b', roles: ['INVESTOR'], name: 'Investor B', walletIndex: 6 },
  { partyId: 'fleet-demo', roles: ['FLEET'], name: 'Demo Fleet Ltd', walletIndex: 7, paymentMode: 'POSTPAID' },
  ...Array.from({ length: prepaidDrivers }, (_, index) => ({
    partyId: `driver-${String(index + 1).padStart(3, '0')}`,
    roles: ['DRIVER'] as Party['roles'],
    name: `Driver ${index + 1}`,
    walletIndex: 10 + index,
    paymentMode: 'PREPAID' as const,
  })),
  ...Array.from({ length: fleetDrivers }, (_, index) => ({
    partyId: `fleet-driver-${String(index + 1).padStart(3, '0')}`,
    roles: ['DRIVER'] as Party['roles'],
    name: `Fleet driver ${index + 1}`,
    walletIndex: 20 + index,
    payerPartyId: 'fleet-demo',
  })),
];

export function demoParties(): Party[] {
  return demoPartySpecs.map((spec) => ({
    eventId: `demo:party:${spec.partyId}`,
    occurredAt: registeredAt,
    causationId: 'demo-network',
    partyId: spec.partyId,
    roles: [...spec.roles],
    name: spec.name,
    walletAddress: spec.walletIndex === null ? null : demoWallet(spec.walletIndex).address.toLowerCase(),
    paymentMode: spec.paymentMode ?? null,
    payerPartyId: spec.payerPartyId ?? null,
    ocpiParty: spec.roles.includes('CPO')
      ? { countryCode: 'NL', partyId: 'VZC' }
      : spec.roles.includes('MSP')
        ? { countryCode: 'NL', partyId: 'VZM' }
        : null,
    country: 'NLD',
    deleted: false,
  }));
}

/** The prepaid drivers, whose wallets `up` gives gas and an Escrow approval and the simulator tops up. */
export function demoPrepaidDrivers(): Array<{ partyId: string; wallet: HDNodeWallet }> {
  return demoPartySpecs
    .filter((spec) => spec.paymentMode === 'PREPAID' && spec.walletIndex !== null)
    .map((spec) => ({ partyId: spec.partyId, wallet: demoWallet(spec.walletIndex as number) }));
}

/** Each prepaid driver's demo top-up, minor units (ChargingToken): enough for hours of demo traffic. */
export const demoTopUpMinor = 5_000_000;

/** One token per driver, issued by the demo MSP: `VZDEMO001`… */
export function demoTokens(): AuthorizationToken[] {
  return demoPartySpecs
    .filter((spec) => spec.roles.includes('DRIVER'))
    .map((spec, index) => ({
      eventId: `demo:token:${index + 1}`,
      occurredAt: registeredAt,
      causationId: 'demo-network',
      idTag: `VZDEMO${String(index + 1).padStart(3, '0')}`,
      status: 'ACCEPTED',
      expiresAt: null,
      parentIdTag: spec.payerPartyId ?? null,
      mspPartyId: 'msp-demo',
      accountId: spec.partyId,
      deleted: false,
    }));
}

/** 35 ct/kWh, 5 ct per minute parked after charging, 50 ct a session, 21 % VAT; at most 25 EUR a session (the lock). */
export const demoTariff: Tariff = {
  eventId: 'demo:tariff:SIM-TARIFF',
  occurredAt: registeredAt,
  causationId: 'demo-network',
  tariffId: 'SIM-TARIFF',
  party: { countryCode: 'NL', partyId: 'VZC' },
  currency: 'EUR',
  components: [
    { type: 'ENERGY', priceMinor: 35, vatBasisPoints: null },
    { type: 'PARKING_TIME', priceMinor: 5, vatBasisPoints: null },
    { type: 'FLAT', priceMinor: 50, vatBasisPoints: null },
  ],
  elements: [],
  vatBasisPoints: 2_100,
  minPrice: null,
  maxPrice: { amountMinor: 2_500, currency: 'EUR' },
  validFromAt: null,
  validUntilAt: null,
  displayText: 'Demo tariff',
  deleted: false,
};

export const demoAssetId = 'asset-demo-1';

export type DemoOutlets = { readonly protocol: 'ocpp1.6' | 'ocpp2.0.1'; readonly connectors: number } | 'mqtt';

/**
 * A station per charger or plug, operated by the demo CPO, laid out as its protocol addresses outlets (1.6: an EVSE
 * per connector, 2.0.1: EVSEs 1…n with connector 1 each, a plug: one outlet). Every other station belongs to the
 * demo asset.
 */
export function demoStation(chargerId: string, outlets: DemoOutlets, index: number): Station {
  const count = outlets === 'mqtt' ? 1 : outlets.connectors;
  const evses: StationEvse[] = Array.from({ length: count }, (_, outlet) => ({
    evseUid: `${chargerId}-${outlet + 1}`,
    ocpiEvseId: null,
    chargerId,
    evseId: outlets !== 'mqtt' && outlets.protocol === 'ocpp2.0.1' ? outlet + 1 : null,
    connectors: [
      {
        connectorId: outlets !== 'mqtt' && outlets.protocol === 'ocpp1.6' ? outlet + 1 : 1,
        ocpiConnectorId: null,
        standard: outlets === 'mqtt' ? 'DOMESTIC_F' : 'IEC_62196_T2',
        format: outlets === 'mqtt' ? 'SOCKET' : 'CABLE',
        powerType: outlets === 'mqtt' ? 'AC_1_PHASE' : 'AC_3_PHASE',
        maxVoltageV: outlets === 'mqtt' ? 230 : 400,
        maxAmperageA: outlets === 'mqtt' ? 16 : 32,
        maxElectricPowerW: null,
        tariffIds: [demoTariff.tariffId],
      },
    ],
    meterRegisterMaxWh: null,
  }));
  return {
    eventId: `demo:station:${chargerId}`,
    occurredAt: registeredAt,
    causationId: 'demo-network',
    stationId: `ST-${chargerId}`,
    operator: { countryCode: 'NL', partyId: 'VZC' },
    ownerId: 'cpo-demo',
    assetId: index % 2 === 0 ? demoAssetId : null,
    name: `Demo station ${chargerId}`,
    address: `Demoweg ${index + 1}`,
    city: 'Utrecht',
    postalCode: '3511 AA',
    country: 'NLD',
    location: { latitudeMicrodegrees: 52_090_000 + index * 1_000, longitudeMicrodegrees: 5_120_000 + index * 1_000 },
    timeZone: 'Europe/Amsterdam',
    evses,
    publish: true,
    deleted: false,
  };
}

/** The asset the even-numbered demo stations belong to: 30 % of their CPO revenue to investors A (60 %) and B. */
export function demoAsset(stationIds: readonly string[]): ChargingAsset {
  const walletOf = (partyId: string) => demoParties().find((party) => party.partyId === partyId)?.walletAddress ?? null;
  return {
    eventId: `demo:asset:${demoAssetId}`,
    occurredAt: registeredAt,
    causationId: 'demo-network',
    assetId: demoAssetId,
    name: 'Demo charging hub',
    stationIds: [...stationIds],
    tokenAddress: null,
    chainId: null,
    revenueShareBasisPoints: 3_000,
    shares: [
      { investorId: 'investor-a', walletAddress: walletOf('investor-a'), basisPoints: 6_000 },
      { investorId: 'investor-b', walletAddress: walletOf('investor-b'), basisPoints: 4_000 },
    ],
    deleted: false,
  };
}
