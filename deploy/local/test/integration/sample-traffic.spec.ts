import { describe, expect, it } from '@jest/globals';
import { AvroCodec, type ChargerEvent, loadSchemaSet, SchemaRegistryClient, topics } from '@vz/schemas';
import { platformEndpoints, readTopic } from '@vz/testing';

// What the README's first command promises: the platform up with sample traffic flowing. The test platform is the
// one `npm start` runs (the global setup starts the same parts), so the demo fleet is charging through the central
// system into the catalog's topics right now.
describe('the local platform with its demo fleet', () => {
  it('has simulated chargers booting and reporting through the OCPP central system onto charger.events', async () => {
    const endpoints = platformEndpoints();
    const codec = new AvroCodec(new SchemaRegistryClient(endpoints.registry.confluentUrl), loadSchemaSet());
    const events = await codec.bind<ChargerEvent>(topics.chargerEvents.name, topics.chargerEvents.valueSchema);
    const messages = await readTopic(endpoints.kafka.bootstrap, events.topic, 20, {
      timeoutMs: 120_000,
      settleMs: 500,
    });
    const fromFleet = messages.filter((message) => message.key?.toString().startsWith('SIM-'));
    expect(fromFleet.length).toBeGreaterThan(0);
    const kinds = new Set(
      (await Promise.all(fromFleet.map((message) => events.decode(message.value, message)))).map(
        (event) => Object.keys(event.payload)[0],
      ),
    );
    expect(kinds).toContain('vz.charger.BootNotified');
    expect(kinds).toContain('vz.charger.StatusChanged');
  });
});
