import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The anvil binary that npm's @foundry-rs/anvil installed for this platform (the local platform's chain, the test
 * harness's forks, the benchmarks' chains). Callers start the binary itself rather than the package's node wrapper,
 * so the pid they hold is anvil's and stopping it cannot leave an orphan behind.
 */
export function anvilBinary(): string {
  const require = createRequire(import.meta.url);
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  return join(dirname(require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/package.json`)), 'bin', 'anvil');
}
