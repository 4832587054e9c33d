import type { LocalConfig } from './config.ts';
import { chainRpcUrl } from './parts/chain.ts';
import { clickhouseUrl } from './parts/clickhouse.ts';
import { kafkaBootstrap, kafkaPartnerBootstrap } from './parts/kafka.ts';
import { MQTT_PLATFORM_USER, mqttUrl } from './parts/mqtt.ts';
import { registryConfluentUrl, registryUrl } from './parts/registry.ts';

/**
 * How to reach each part of a running local platform. `up` writes it to `<data>/endpoints.json`; the test harness and
 * tools read it from there, so nothing but deploy/local needs to know the port defaults.
 */
export interface Endpoints {
  dataDir: string;
  kafka: { bootstrap: string; partnerBootstrap: string; adminUser: string; adminPassword: string };
  registry: { url: string; confluentUrl: string };
  clickhouse: { url: string; user: string; password: string; analystUser: string; analystPassword: string };
  chain: { rpcUrl: string; chainId: number };
  mqtt: { url: string; user: string; password: string };
}

export function endpointsOf(config: LocalConfig): Endpoints {
  const { local } = config;
  return {
    dataDir: local.dataDir,
    kafka: {
      bootstrap: kafkaBootstrap(config),
      partnerBootstrap: kafkaPartnerBootstrap(config),
      adminUser: 'admin',
      adminPassword: local.kafka.adminPassword,
    },
    registry: { url: registryUrl(config), confluentUrl: registryConfluentUrl(config) },
    clickhouse: {
      url: clickhouseUrl(config),
      user: 'vz',
      password: local.clickhouse.password,
      analystUser: 'analyst',
      analystPassword: local.clickhouse.analystPassword,
    },
    chain: { rpcUrl: chainRpcUrl(config), chainId: local.chain.chainId },
    mqtt: { url: mqttUrl(config), user: MQTT_PLATFORM_USER, password: local.mqtt.password },
  };
}
