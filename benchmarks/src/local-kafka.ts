import type { KafkaConfig } from '@vz/kafka';
import { endpointsOf, loadLocalConfig } from '@vz/local';

/** Kafka and the registry of the local platform (`npm start`), which every benchmark runs against. */
export function localKafka(): KafkaConfig {
  const endpoints = endpointsOf(loadLocalConfig());
  return {
    bootstrap: endpoints.kafka.bootstrap,
    clientId: 'vz-bench',
    registryUrl: endpoints.registry.confluentUrl,
    saslMechanism: 'none',
    saslUsername: '',
    saslPassword: '',
  };
}
