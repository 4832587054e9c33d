import { execFileSync } from 'node:child_process';
import { platformEndpointsSchema, type PlatformEndpoints } from '@vz/core';
import { localPlatformCli } from './repository.ts';

/**
 * The global setup puts the endpoints here for the test workers. Not a VZ_ name: deployables refuse VZ_ keys their
 * configuration does not know, and tests start deployables with the environment they inherit.
 */
export const ENDPOINTS_ENV = 'JEST_VZ_PLATFORM_ENDPOINTS';

/** Asks the local platform's CLI where each service is (it knows the ports; the harness does not). */
export function readEndpointsFromCli(): PlatformEndpoints {
  const output = execFileSync(process.execPath, [localPlatformCli, 'endpoints'], { encoding: 'utf8' });
  return platformEndpointsSchema.parse(JSON.parse(output));
}

/** Endpoints of the running local platform, as the global setup found them. */
export function platformEndpoints(): PlatformEndpoints {
  const published = process.env[ENDPOINTS_ENV];
  if (!published) {
    throw new Error(
      `${ENDPOINTS_ENV} is not set: integration tests run through the Jest "integration" project, whose global setup ` +
        'starts the local platform (libs/testing/src/global-setup.ts)',
    );
  }
  return platformEndpointsSchema.parse(JSON.parse(published));
}
