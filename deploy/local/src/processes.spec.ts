import { describe, expect, it } from '@jest/globals';
import { inheritedEnv } from './processes.ts';

describe('inheritedEnv', () => {
  it("keeps the environment but the local platform's own VZ_LOCAL_* variables, which deployables would refuse", () => {
    expect(
      inheritedEnv({
        PATH: '/bin',
        VZ_LOCAL_DATA_DIR: '/data',
        VZ_LOCAL_CACHE_DIR: '/cache',
        VZ_LOGGING_LEVEL: 'debug',
      }),
    ).toEqual({ PATH: '/bin', VZ_LOGGING_LEVEL: 'debug' });
  });
});
