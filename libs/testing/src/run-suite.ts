import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '@vz/core';
import { localPlatformCli } from './repository.ts';

/**
 * The whole test suite, as `npm test` and `.ci/run` run it: formatting, type checks and lint of every project (Nx), then
 * every unit and integration test in one Jest run (the integration global setup starts the local platform if needed).
 * The platform is stopped afterwards only if this run started it. A run that executed no test fails.
 */
const node = process.execPath;
const resultsFile = join(repositoryRoot, '.vz', 'test-results.json');

function run(label: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  console.log(`\n=== ${label}`);
  const result = spawnSync(node, args, { cwd: repositoryRoot, stdio: 'inherit', env });
  return result.status ?? 1;
}

function platformWasRunning(): boolean {
  const result = spawnSync(node, [localPlatformCli, 'status', '--json'], { cwd: repositoryRoot, encoding: 'utf8' });
  try {
    return (JSON.parse(result.stdout) as { state: string }[]).some((part) => part.state === 'running');
  } catch {
    return false;
  }
}

const wasRunning = platformWasRunning();
const started = Date.now();
let failed = false;

try {
  const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
  failed =
    run('formatting (prettier)', [join(repositoryRoot, 'node_modules/prettier/bin/prettier.cjs'), '--check', '.']) !==
      0 ||
    run(
      'typecheck and lint (nx)',
      [
        join(repositoryRoot, 'node_modules/nx/dist/bin/nx.js'),
        'run-many',
        '-t',
        'typecheck',
        'lint',
        '--outputStyle=static',
      ],
      nxEnv,
    ) !== 0;
  if (!failed) {
    mkdirSync(join(repositoryRoot, '.vz'), { recursive: true });
    const jestStatus = run('unit and integration tests (jest)', [
      '--experimental-vm-modules',
      '--no-warnings=ExperimentalWarning',
      join(repositoryRoot, 'node_modules/jest/bin/jest.js'),
      '--ci',
      // A test that leaks a handle (a child process, a socket) must fail its file, not hang the whole run until the
      // CI limit: Jest stops once every test has finished.
      '--forceExit',
      '--json',
      `--outputFile=${resultsFile}`,
      ...process.argv.slice(2),
    ]);
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as {
      numTotalTests: number;
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      success: boolean;
    };
    console.log(
      `\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ` +
        `${results.numPendingTests + results.numTodoTests} skipped, of ${results.numTotalTests} tests`,
    );
    if (results.numTotalTests === 0) console.error('no test ran: that is a failure, not a pass');
    if (results.numPendingTests + results.numTodoTests > 0) console.error('skipped or todo tests are not allowed');
    failed =
      jestStatus !== 0 ||
      !results.success ||
      results.numTotalTests === 0 ||
      results.numFailedTests > 0 ||
      results.numPendingTests + results.numTodoTests > 0;
  }
  if (!failed) {
    // The platform the tests used is still up: check every schema against the previous schema change (git) and
    // against what the local registry holds, then apply the catalog (topics and subjects) to it.
    const vz = join(repositoryRoot, 'apps/cli/src/cli.ts');
    failed =
      run('schema compatibility against git (vz schemas check)', [vz, 'schemas', 'check', '--against', 'git:auto']) !==
        0 || run('schema compatibility and catalog (vz catalog apply)', [vz, 'catalog', 'apply']) !== 0;
  }
} finally {
  if (!wasRunning && platformWasRunning())
    run('stopping the local platform this run started', [localPlatformCli, 'down']);
}

console.log(`\n${failed ? 'FAILED' : 'PASSED'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
