import { AvroCodec, loadSchemaSet, SchemaRegistryClient, type TopicCodec, type TopicSpec } from '@vz/schemas';
import type { Isolation } from './isolation.ts';

/**
 * The Kafka section of a deployable's config (`KafkaConfig` of libs/kafka, spelled out here because libs/kafka's own
 * tests use this harness), pointing at the test platform's PLAINTEXT listener.
 */
export function testKafkaConfig(isolation: Isolation, clientId: string) {
  return {
    bootstrap: isolation.endpoints.kafka.bootstrap,
    clientId,
    registryUrl: isolation.endpoints.registry.confluentUrl,
    saslMechanism: 'none' as const,
    saslUsername: '',
    saslPassword: '',
  };
}

/** The codec of the platform's schemas through the test platform's registry. */
export function testCodec(isolation: Isolation): AvroCodec {
  return new AvroCodec(new SchemaRegistryClient(isolation.endpoints.registry.confluentUrl), loadSchemaSet());
}

/** This file's own copy of a catalog topic (`test.<id>.<name>`), created and with its value schema registered. */
export async function isolatedTopic<Value>(
  isolation: Isolation,
  codec: AvroCodec,
  spec: TopicSpec,
): Promise<TopicCodec<Value>> {
  return codec.registerAndBind<Value>(await isolation.createTopic(spec.name, spec.partitions), spec.valueSchema);
}
