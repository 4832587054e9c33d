import type { PlatformEndpoints } from '@vz/core';
import type { LocalConfig } from './config.ts';
import { contractsFileOf } from './contracts.ts';
import { chainRpcUrl } from './parts/chain.ts';
import { clickhouseUrl } from './parts/clickhouse.ts';
import { kafkaBootstrap, kafkaPartnerBootstrap } from './parts/kafka.ts';
import { MQTT_PLATFORM_USER, mqttUrl } from './parts/mqtt.ts';
import { registryConfluentUrl, registryUrl } from './parts/registry.ts';

/** The platform's endpoints (see PlatformEndpoints in @vz/core) as this configuration places them. */
export function endpointsOf(config: LocalConfig): PlatformEndpoints {
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
    chain: {
      rpcUrl: chainRpcUrl(config),
      chainId: local.chain.chainId,
      contractsFile: contractsFileOf(config),
      operatorKey: local.chain.operatorKey,
    },
    mqtt: { url: mqttUrl(config), user: MQTT_PLATFORM_USER, password: local.mqtt.password },
  };
}
