export { platformEndpoints, readEndpointsFromCli, ENDPOINTS_ENV } from './endpoints.ts';
export { createIsolation, isolationId, type Isolation } from './isolation.ts';
export { anvilBinary, freePort, startIsolatedChain, type IsolatedChain } from './chain.ts';
export { repositoryRoot, localPlatformCli } from './repository.ts';
export { readTopic } from './kafka.ts';
export { isolatedTopic, testCodec, testKafkaConfig } from './catalog.ts';
export { sampleParty, sampleSessionEvents, sampleStation, sampleTariff, sampleToken } from './samples.ts';
