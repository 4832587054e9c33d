import { spawnSync } from 'node:child_process';
import { ENDPOINTS_ENV, readEndpointsFromCli } from './endpoints.ts';
import { localPlatformCli } from './repository.ts';

/**
 * Jest global setup of the integration project: starts the local platform unless it is already up (`up` is a no-op
 * then), and publishes its endpoints to the test workers. A platform that cannot start fails the run loudly: no
 * integration test is ever skipped for a missing service.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const result = spawnSync(process.execPath, [localPlatformCli, 'up'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    throw new Error(
      `the local platform did not come up (exit ${result.status ?? result.signal}); see the output above`,
    );
  }
  process.env[ENDPOINTS_ENV] = JSON.stringify(readEndpointsFromCli());
  console.log(`local platform ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
