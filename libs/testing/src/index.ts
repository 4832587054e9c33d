export { platformEndpoints, readEndpointsFromCli, ENDPOINTS_ENV } from './endpoints.ts';
export { createIsolation, isolationId, type Isolation } from './isolation.ts';
export { freePort, startIsolatedChain, type IsolatedChain } from './chain.ts';
// Where the repository and the anvil binary are: libs/core's (deploy/local needs them too), re-exported for tests.
export { anvilBinary, repositoryRoot } from '@vz/core';
export { localPlatformCli } from './repository.ts';
export { readTopic } from './kafka.ts';
export { isolatedTopic, testCodec, testKafkaConfig } from './catalog.ts';
export { sampleParty, sampleSessionEvents, sampleStation, sampleTariff, sampleToken } from './samples.ts';
