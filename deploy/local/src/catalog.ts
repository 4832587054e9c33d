import { applyCatalog } from '@vz/kafka';
import { loadSchemaSet, SchemaRegistryClient } from '@vz/schemas';
import type { LocalConfig } from './config.ts';
import { endpointsOf } from './endpoints.ts';

/**
 * Puts the topic catalog on the local platform: its topics and registered value schemas, so services and tools find
 * them. A schema the registry refuses as incompatible is reported, not fatal: the platform keeps serving the version
 * it holds, and `vz schemas check` (run by the test suite) is what fails on it.
 */
export async function applyLocalCatalog(config: LocalConfig, say: (line: string) => void): Promise<void> {
  const endpoints = endpointsOf(config);
  const result = await applyCatalog({
    kafka: {
      bootstrap: endpoints.kafka.bootstrap,
      clientId: 'vz-local',
      registryUrl: endpoints.registry.confluentUrl,
      saslMechanism: 'none',
      saslUsername: '',
      saslPassword: '',
    },
    registry: new SchemaRegistryClient(endpoints.registry.confluentUrl),
    schemas: loadSchemaSet(),
    onIncompatible: 'report',
  });
  say(
    `catalog: ${result.created.length + result.existing.length} topics (${result.created.length} created), ` +
      `${result.registered.length} value schemas registered`,
  );
  for (const { subject, reason } of result.refused) say(`catalog: NOT registered ${subject}: ${reason}`);
}
