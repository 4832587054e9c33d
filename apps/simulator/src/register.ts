import { compatibilityPartitioner, Producer } from '@platformatic/kafka';
import { AvroCodec, loadSchemaSet, SchemaRegistryClient, type Station, type Tariff, topics } from '@vz/schemas';
import { sampleStation, sampleTariff } from '@vz/testing/samples';
import type { OcppProtocol } from './rpc.ts';

/** The tariff the demo fleet's stations charge: 35 ct/kWh, 5 ct per minute parked after charging, 50 ct a session. */
export const demoTariff: Tariff = sampleTariff(
  'SIM-TARIFF',
  [
    { type: 'ENERGY', priceMinor: 35, vatBasisPoints: null },
    { type: 'PARKING_TIME', priceMinor: 5, vatBasisPoints: null },
    { type: 'FLAT', priceMinor: 50, vatBasisPoints: null },
  ],
  { vatBasisPoints: 2_100 },
);

/**
 * Registers the simulated fleet like an operator onboarding its chargers: a station per charger and per plug, laid
 * out as its protocol addresses outlets, every connector priced by `demoTariff` (registry.stations,
 * registry.tariffs). Settlements then price the demo's sessions.
 */
export async function registerFleet(options: {
  readonly bootstrap: string;
  readonly registryUrl: string;
  readonly chargers: ReadonlyArray<{ identity: string; protocol: OcppProtocol; connectors: number }>;
  readonly plugs: readonly string[];
}): Promise<number> {
  const codec = new AvroCodec(new SchemaRegistryClient(options.registryUrl), loadSchemaSet());
  const stations = await codec.bind<Station>(topics.registryStations.name, topics.registryStations.valueSchema);
  const tariffs = await codec.bind<Tariff>(topics.registryTariffs.name, topics.registryTariffs.valueSchema);
  const records = [
    ...options.chargers.map(({ identity, protocol, connectors }) =>
      sampleStation(identity, { protocol, outlets: connectors, tariffIds: [demoTariff.tariffId] }),
    ),
    ...options.plugs.map((plugId) => sampleStation(plugId, { protocol: 'mqtt', tariffIds: [demoTariff.tariffId] })),
  ];
  const producer = new Producer({
    clientId: 'vz-simulator-registry',
    bootstrapBrokers: [options.bootstrap],
    partitioner: compatibilityPartitioner,
    acks: -1,
  });
  try {
    await producer.send({
      messages: [
        { topic: tariffs.topic, key: Buffer.from(demoTariff.tariffId), value: tariffs.encode(demoTariff) },
        ...records.map((station) => ({
          topic: stations.topic,
          key: Buffer.from(station.stationId),
          value: stations.encode(station),
        })),
      ],
    });
  } finally {
    await producer.close();
  }
  return records.length;
}
