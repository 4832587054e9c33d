import { compatibilityPartitioner, Producer } from '@platformatic/kafka';
import {
  demoAsset,
  type DemoOutlets,
  demoParties,
  demoPrepaidDrivers,
  demoStation,
  demoTariff,
  demoTokens,
  demoTopUpMinor,
} from '@vz/local';
import {
  type AuthorizationToken,
  AvroCodec,
  type ChargingAsset,
  loadSchemaSet,
  type Party,
  type PaymentCommand,
  SchemaRegistryClient,
  type Station,
  type Tariff,
  type TopicSpec,
  topics,
} from '@vz/schemas';
import type { OcppProtocol } from './rpc.ts';

export { demoTariff };

/** The idTags the demo's drivers charge with (registered by `registerDemoNetwork`). */
export function demoIdTags(): string[] {
  return demoTokens().map((token) => token.idTag);
}

/**
 * Registers the demo charging network (deploy/local demo-network.ts) the way an operator onboards it: its parties
 * with their wallets, the drivers' tokens, a station per charger and plug (operated by the demo CPO, every other one
 * in the demo asset), the asset with its investors and the tariff, on the registry topics; then orders each prepaid
 * driver's top-up on payment.commands (once per payment reference, however often it runs: connectors/chain mints a
 * reference once). Returns the number of records written.
 */
export async function registerDemoNetwork(options: {
  readonly bootstrap: string;
  readonly registryUrl: string;
  readonly chargers: ReadonlyArray<{ identity: string; protocol: OcppProtocol; connectors: number }>;
  readonly plugs: readonly string[];
}): Promise<number> {
  const codec = new AvroCodec(new SchemaRegistryClient(options.registryUrl), loadSchemaSet());
  const stations = [
    ...options.chargers.map(({ identity, protocol, connectors }, index) =>
      demoStation(identity, { protocol, connectors }, index),
    ),
    ...options.plugs.map((plugId, index) =>
      demoStation(plugId, 'mqtt' satisfies DemoOutlets, options.chargers.length + index),
    ),
  ];
  const assetStations = stations.filter((station) => station.assetId !== null).map((station) => station.stationId);
  const topUps: PaymentCommand[] = demoPrepaidDrivers().map(({ partyId, wallet }) => ({
    eventId: `topup:demo-topup-${partyId}`,
    occurredAt: Date.parse('2026-01-01T00:00:00Z'),
    causationId: 'demo-network',
    accountId: partyId,
    walletAddress: wallet.address.toLowerCase(),
    payload: {
      'vz.payment.TopUpOrder': {
        amount: { amountMinor: demoTopUpMinor, currency: demoTariff.currency },
        paymentReference: `demo-topup-${partyId}`,
      },
    },
  }));
  const messages = [
    ...(await encoded<Party>(codec, topics.registryParties, demoParties(), (party) => party.partyId)),
    ...(await encoded<AuthorizationToken>(codec, topics.registryTokens, demoTokens(), (token) => token.idTag)),
    ...(await encoded<Tariff>(codec, topics.registryTariffs, [demoTariff], (tariff) => tariff.tariffId)),
    ...(await encoded<Station>(codec, topics.registryStations, stations, (station) => station.stationId)),
    ...(await encoded<ChargingAsset>(
      codec,
      topics.registryAssets,
      [demoAsset(assetStations)],
      (asset) => asset.assetId,
    )),
    ...(await encoded<PaymentCommand>(codec, topics.paymentCommands, topUps, (order) => order.accountId)),
  ];
  const producer = new Producer({
    clientId: 'vz-simulator-registry',
    bootstrapBrokers: [options.bootstrap],
    partitioner: compatibilityPartitioner,
    acks: -1,
  });
  try {
    await producer.send({ messages });
  } finally {
    await producer.close();
  }
  return messages.length;
}

async function encoded<Value>(
  codec: AvroCodec,
  spec: TopicSpec,
  values: readonly Value[],
  keyOf: (value: Value) => string,
): Promise<Array<{ topic: string; key: Buffer; value: Buffer }>> {
  const bound = await codec.bind<Value>(spec.name, spec.valueSchema);
  return values.map((value) => ({ topic: bound.topic, key: Buffer.from(keyOf(value)), value: bound.encode(value) }));
}
