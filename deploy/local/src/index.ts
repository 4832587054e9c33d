export { loadLocalConfig, localConfigSchema, repositoryRoot, type LocalConfig } from './config.ts';
export { endpointsOf } from './endpoints.ts';
export { LocalPlatform, allParts, type PartStatus } from './platform.ts';
export { upsertScramUser, runKafkaTool, kafkaLibsDir, KAFKA_VERSION } from './parts/kafka.ts';
export { upsertMqttUser } from './parts/mqtt.ts';
export { isProcessRunning } from './processes.ts';
export {
  demoAsset,
  demoAssetId,
  type DemoOutlets,
  demoParties,
  demoPrepaidDrivers,
  demoStation,
  demoTariff,
  demoTokens,
  demoTopUpMinor,
  demoWallet,
} from './demo-network.ts';
