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
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints: dependencyTable },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  prettier,
);
