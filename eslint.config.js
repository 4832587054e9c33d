import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// The dependency table of docs/design.md ("Layout and boundaries"), as Nx tags. Dependencies point down the table and never sideways
// between deployables: a connector never imports a stream processor, they talk only through topics.
const dependencyTable = [
  { sourceTag: 'scope:schemas', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:libs', onlyDependOnLibsWithTags: ['scope:schemas', 'scope:libs'] },
  // connectors/chain calls the contracts through their generated bindings.
  { sourceTag: 'scope:connector', onlyDependOnLibsWithTags: ['scope:libs', 'scope:schemas', 'scope:contracts'] },
  { sourceTag: 'scope:stream', onlyDependOnLibsWithTags: ['scope:libs', 'scope:schemas'] },
  { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: [] },
  // Apps (the CLI, the benchmarks) may also read deploy/local's endpoints, so that they work against the local
  // platform with no flags; deploy/local itself imports no app.
  {
    sourceTag: 'scope:app',
    onlyDependOnLibsWithTags: [
      'scope:schemas',
      'scope:libs',
      'scope:connector',
      'scope:stream',
      'scope:contracts',
      'scope:deploy',
    ],
  },
  { sourceTag: 'scope:deploy', onlyDependOnLibsWithTags: ['scope:schemas', 'scope:libs', 'scope:contracts'] },
  // libs/testing, the test harness, builds on schemas/ and libs/ like any lib; no row above lists its tag, so no
  // production code may import it.
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['scope:schemas', 'scope:libs'] },
];

// Tests and benchmarks may import the harness besides what their project may import (schemas/ and contracts/ may not:
// the harness depends on them).
const testDependencyTable = dependencyTable.map((constraint) =>
  constraint.onlyDependOnLibsWithTags.length === 0
    ? constraint
    : { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'] },
);

// What only tests and benchmarks are: specs, each project's test/ (integration tests and the support they share),
// the benchmarks, and the harness itself.
const testFiles = ['**/*.spec.ts', '**/test/**/*.ts', 'benchmarks/**/*.ts', 'libs/testing/**/*.ts'];

const moduleBoundaries = (depConstraints) => [
  'error',
  { enforceBuildableLibDependency: false, allow: [], depConstraints },
];

// Production code does not reach into test code by path either: not a project's test/ folder (its test support), not
// another project's test entry points (`@vz/connector-clickhouse/testing`, `@vz/connector-chain/test-harness`), not Jest.
const noTestImports = [
  'error',
  {
    paths: [{ name: '@jest/globals', message: 'Jest is for tests: production code does not import it.' }],
    patterns: [
      { regex: '(^|/)test/', message: 'test/ holds test code: production code does not import it.' },
      { regex: '^@vz/[^/]+/test', message: "a project's test entry point is for tests and benchmarks only." },
    ],
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '.vz/**',
      '**/dist/**',
      '.nx/**',
      'contracts/build/**',
      'contracts/src/generated/**',
      'libs/ocpp/src/generated/**',
    ],
  },
  ...tseslint.configs.strict,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries(dependencyTable),
      'no-restricted-imports': noTestImports,
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: testFiles,
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries(testDependencyTable),
      'no-restricted-imports': 'off',
    },
  },
  prettier,
);
