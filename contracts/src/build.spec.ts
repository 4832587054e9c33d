import { describe, expect, it } from '@jest/globals';
import { contractsRoot, scratchBuild, snapshotOf } from './build.ts';

describe('contracts build', () => {
  it('the committed ABIs, bytecode and bindings are what solc-js and TypeChain produce (npm run contracts:build)', async () => {
    const fresh = await scratchBuild();
    const committed = snapshotOf(contractsRoot);
    expect([...committed.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [path, content] of fresh) expect({ path, content: committed.get(path) }).toEqual({ path, content });
  }, 120_000);
});
