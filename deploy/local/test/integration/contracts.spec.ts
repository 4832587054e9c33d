import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createIsolation, type Isolation } from '@vz/testing';
import { type Interface, type JsonRpcSigner, JsonRpcProvider, keccak256, toUtf8Bytes } from 'ethers';
import { AnchorRegistry__factory, VzpToken__factory } from '@vz/contracts';

// The contracts on anvil (a fork of the platform chain per test file), through the generated ethers v6 bindings.

let isolation: Isolation;
let provider: JsonRpcProvider;
let admin: JsonRpcSigner;
let operator: JsonRpcSigner;
let stranger: JsonRpcSigner;

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  const chain = await isolation.chain();
  provider = new JsonRpcProvider(chain.rpcUrl);
  // anvil's unlocked development accounts
  [admin, operator, stranger] = (await Promise.all([0, 1, 2].map((index) => provider.getSigner(index)))) as [
    JsonRpcSigner,
    JsonRpcSigner,
    JsonRpcSigner,
  ];
});

afterAll(async () => {
  provider.destroy();
  await isolation.close();
});

const id = (text: string) => keccak256(toUtf8Bytes(text));

/** The custom error a call reverted with, decoded with the contract's ABI (ethers leaves estimateGas reverts raw). */
async function revertOf(call: Promise<unknown>, contract: { interface: Interface }): Promise<string> {
  try {
    await call;
    return 'no revert';
  } catch (error) {
    const data = (error as { data?: string }).data;
    return (data === undefined ? undefined : contract.interface.parseError(data)?.name) ?? String(error);
  }
}

describe('AnchorRegistry', () => {
  it('stores a batch root once, only from the anchorer role, and emits Anchored', async () => {
    const registry = await new AnchorRegistry__factory(admin).deploy(admin.address);
    await registry.grantRole(await registry.ANCHORER_ROLE(), operator.address);
    const asOperator = registry.connect(operator);
    await (await asOperator.anchor(id('batch-1'), id('root-1'), 1_000n, '{"topic":"charger.events"}')).wait();
    const stored = await registry.anchorOf(id('batch-1'));
    expect(stored.root).toBe(id('root-1'));
    expect(stored.leafCount).toBe(1_000n);
    const events = await registry.queryFilter(registry.filters.Anchored(id('batch-1')));
    expect(events.map((event) => event.args.metadata)).toEqual(['{"topic":"charger.events"}']);
    expect(await revertOf(asOperator.anchor(id('batch-1'), id('root-2'), 1n, ''), registry)).toBe('AlreadyAnchored');
    expect(await revertOf(asOperator.anchor(id('batch-2'), `0x${'00'.repeat(32)}`, 1n, ''), registry)).toBe(
      'EmptyBatch',
    );
    expect(await revertOf(registry.connect(stranger).anchor(id('batch-3'), id('root-3'), 1n, ''), registry)).toBe(
      'AccessControlUnauthorizedAccount',
    );
  });
});

describe('VzpToken', () => {
  it('mints a batch once per batch id, only from the rewards role, with 6 decimals', async () => {
    const token = await new VzpToken__factory(admin).deploy(admin.address);
    await token.grantRole(await token.REWARDS_ROLE(), operator.address);
    const asRewards = token.connect(operator);
    expect(await token.decimals()).toBe(6n);
    await (await asRewards.mintBatch(id('mint:0:0'), [admin.address, stranger.address], [1_500_000n, 250_000n])).wait();
    expect(await asRewards.mintBatch.staticCall(id('mint:0:0'), [admin.address], [1n])).toBe(false);
    await (await asRewards.mintBatch(id('mint:0:0'), [admin.address], [1n])).wait(); // a resend mints nothing
    expect(await token.balanceOf(admin.address)).toBe(1_500_000n);
    expect(await token.balanceOf(stranger.address)).toBe(250_000n);
    expect(await token.totalSupply()).toBe(1_750_000n);
    expect(await revertOf(asRewards.mintBatch(id('mint:0:1'), [admin.address], []), token)).toBe('LengthMismatch');
    expect(await revertOf(asRewards.mintBatch(id('mint:0:1'), [], []), token)).toBe('EmptyBatch');
    expect(await revertOf(token.connect(stranger).mintBatch(id('mint:0:2'), [stranger.address], [1n]), token)).toBe(
      'AccessControlUnauthorizedAccount',
    );
  });
});
