// One Jest configuration for the whole workspace, with two projects:
//  - unit: `*.spec.ts` beside the code; may fake what it does not test.
//  - integration: `test/integration/**/*.spec.ts` of each project; runs against the real local platform,
//    which the global setup in libs/testing starts when it is not already up.
// Code is native ESM TypeScript (run by Node 24 without a build), so Jest runs in ESM mode and swc only strips types.
const swcTransform = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2024' },
    module: { type: 'es6' },
  },
];

const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swcTransform },
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/.vz/', '<rootDir>/dist/'],
};

export default {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      // Unit tests of the SQL run the in-process ClickHouse engine (chdb): fast alone, seconds on a loaded 2-core box.
      testTimeout: 30_000,
      testMatch: ['<rootDir>/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/test/integration/', '<rootDir>/.vz/'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/test/integration/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.vz/'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/integration-timeouts.ts'],
    },
  ],
};
