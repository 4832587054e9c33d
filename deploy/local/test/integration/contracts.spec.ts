import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createIsolation, type Isolation } from '@vz/testing';
import { type Interface, type JsonRpcSigner, JsonRpcProvider, keccak256, toUtf8Bytes } from 'ethers';
import {
  AnchorRegistry__factory,
  ChargingToken__factory,
  type Escrow,
  Escrow__factory,
  VzpToken__factory,
} from '@vz/contracts';
import fc from 'fast-check';

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

describe('ChargingToken and Escrow (Share&Charge pre-payment)', () => {
  async function setUp() {
    const token = await new ChargingToken__factory(admin).deploy(admin.address);
    const escrow = await new Escrow__factory(admin).deploy(await token.getAddress(), admin.address);
    await (await token.grantRole(await token.MINTER_ROLE(), admin.address)).wait();
    await (await escrow.grantRole(await escrow.SETTLER_ROLE(), operator.address)).wait();
    await (await token.mint(stranger.address, 10_000n)).wait(); // the driver tops up
    await (await token.connect(stranger).approve(await escrow.getAddress(), 10_000n)).wait();
    return {
      token,
      escrow,
      driver: token.connect(stranger),
      asDriver: escrow.connect(stranger),
      asSettler: escrow.connect(operator),
    };
  }
  const split = (payee: string, amount: bigint): Escrow.SplitStruct => ({ payee, amount });

  it('locks, settles the cost in splits and refunds the rest in one transaction, once', async () => {
    const { token, escrow, asDriver, asSettler } = await setUp();
    const station = id('ST-1');
    await (await asDriver.lock(id('CP-1:7'), station, 2_000n, 3_600n)).wait();
    expect(await token.balanceOf(await escrow.getAddress())).toBe(2_000n);
    // 1,368: CPO 890 + MSP 27 + platform 69 + investors' pool 382 (billing.settlements' example)
    const splits = [
      split(admin.address, 890n),
      split(operator.address, 27n + 69n),
      split(await escrow.getAddress(), 0n),
      split(admin.address, 382n),
    ];
    await (await asSettler.settle(id('CP-1:7'), 1_368n, splits)).wait();
    expect(await token.balanceOf(stranger.address)).toBe(10_000n - 1_368n);
    expect(await token.balanceOf(admin.address)).toBe(890n + 382n);
    expect(await token.balanceOf(operator.address)).toBe(96n);
    expect(await token.balanceOf(await escrow.getAddress())).toBe(0n);
    expect(
      (await escrow.queryFilter(escrow.filters.Settled(id('CP-1:7')))).map((e) => [e.args.cost, e.args.refunded]),
    ).toEqual([[1_368n, 632n]]);
    expect(await revertOf(asSettler.settle(id('CP-1:7'), 1n, [split(admin.address, 1n)]), escrow)).toBe(
      'AlreadyClosed',
    );
  });

  it('refuses what would break the sums or the roles, and gives an expired lock back to its driver only', async () => {
    const { escrow, asDriver, asSettler } = await setUp();
    await (await asDriver.lock(id('s-1'), id('ST-1'), 1_000n, 600n)).wait();
    expect(await revertOf(asDriver.lock(id('s-1'), id('ST-1'), 1n, 600n), escrow)).toBe('LockExists');
    expect(await revertOf(asDriver.lock(id('s-2'), id('ST-1'), 0n, 600n), escrow)).toBe('ZeroAmount');
    expect(await revertOf(asSettler.settle(id('s-1'), 1_001n, [split(admin.address, 1_001n)]), escrow)).toBe(
      'CostExceedsLock',
    );
    expect(await revertOf(asSettler.settle(id('s-1'), 500n, [split(admin.address, 499n)]), escrow)).toBe(
      'SplitsDoNotAddUp',
    );
    expect(await revertOf(asSettler.settle(id('nope'), 1n, [split(admin.address, 1n)]), escrow)).toBe('NoLock');
    expect(await revertOf(asDriver.settle(id('s-1'), 1n, [split(stranger.address, 1n)]), escrow)).toBe(
      'AccessControlUnauthorizedAccount',
    );
    expect(await revertOf(asDriver.refundExpired(id('s-1')), escrow)).toBe('NotExpired');
    // A lock with no time to run is expired at once: only its driver takes it back, and then nobody can settle it.
    await (await asDriver.lock(id('s-3'), id('ST-1'), 700n, 0n)).wait();
    expect(await revertOf(escrow.connect(operator).refundExpired(id('s-3')), escrow)).toBe('NotDriver');
    await (await asDriver.refundExpired(id('s-3'))).wait();
    expect((await escrow.queryFilter(escrow.filters.Refunded(id('s-3')))).map((e) => e.args.amount)).toEqual([700n]);
    expect(await revertOf(asSettler.settle(id('s-3'), 1n, [split(admin.address, 1n)]), escrow)).toBe('AlreadyClosed');
  });

  it('conserves tokens across random lock / settle / refund sequences (property)', async () => {
    const { token, escrow, asDriver, asSettler } = await setUp();
    const holders = [stranger.address, admin.address, operator.address, await escrow.getAddress()];
    const supply = async () =>
      (await Promise.all(holders.map((holder) => token.balanceOf(holder)))).reduce((a, b) => a + b, 0n);
    const start = await supply();
    let sequence = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            amount: fc.integer({ min: 1, max: 300 }),
            costShare: fc.integer({ min: 0, max: 100 }),
            settle: fc.boolean(),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        async (sessions) => {
          for (const session of sessions) {
            sequence += 1;
            const ref = id(`prop-${sequence}`);
            await (await asDriver.lock(ref, id('ST-P'), BigInt(session.amount), 0n)).wait();
            if (session.settle) {
              const cost = BigInt(Math.floor((session.amount * session.costShare) / 100));
              const toCpo = cost / 2n;
              await (
                await asSettler.settle(ref, cost, [split(admin.address, toCpo), split(operator.address, cost - toCpo)])
              ).wait();
            } else {
              await (await asDriver.refundExpired(ref)).wait(); // timeout 0: expired at once
            }
            expect(await token.balanceOf(await escrow.getAddress())).toBe(0n);
          }
          expect(await supply()).toBe(start);
        },
      ),
      { numRuns: 8 },
    );
  });
});
