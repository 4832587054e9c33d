import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createIsolation, type Isolation } from '@vz/testing';
import {
  AbiCoder,
  concat,
  type Interface,
  type JsonRpcSigner,
  type Result,
  JsonRpcProvider,
  keccak256,
  toUtf8Bytes,
  ZeroAddress,
  ZeroHash,
} from 'ethers';
import {
  AnchorRegistry__factory,
  AssetRegister__factory,
  ChargingToken__factory,
  ConsentRegistry__factory,
  deployPlatformContracts,
  type Escrow,
  Escrow__factory,
  StationRegistry__factory,
  VzpToken__factory,
} from '@vz/contracts';
import fc from 'fast-check';

// The contracts on anvil (a fork of the platform chain per test file), through the generated ethers v6 bindings.

let isolation: Isolation;
let provider: JsonRpcProvider;
let admin: JsonRpcSigner;
let operator: JsonRpcSigner;
let stranger: JsonRpcSigner;
let investorA: JsonRpcSigner;
let investorB: JsonRpcSigner;

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  const chain = await isolation.chain();
  // No request cache: ethers answers an identical call within 250 ms from its cache, so a repeated call that should now
  // revert would reuse the earlier gas estimate and be sent (and fail on chain) instead of reverting here.
  provider = new JsonRpcProvider(chain.rpcUrl, undefined, { cacheTimeout: -1 });
  // anvil's unlocked development accounts
  [admin, operator, stranger, investorA, investorB] = (await Promise.all(
    [0, 1, 2, 3, 4].map((index) => provider.getSigner(index)),
  )) as [JsonRpcSigner, JsonRpcSigner, JsonRpcSigner, JsonRpcSigner, JsonRpcSigner];
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

/** The value, which the test knows is there (a mined receipt, an emitted event, an index in range). */
function known<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value, got none');
  return value;
}

/** An event's arguments by name (the bindings type them as a tuple, ethers gives a Result). */
const fieldsOf = (args: object): Record<string, unknown> => (args as Result).toObject();

/** A fresh set of the platform's contracts, as the deploy script makes them: admin deploys, operator works. */
async function deployAll() {
  const { contracts } = await deployPlatformContracts(admin, { operator: operator.address });
  return {
    token: ChargingToken__factory.connect(contracts.ChargingToken, admin),
    assets: AssetRegister__factory.connect(contracts.AssetRegister, admin),
    escrow: Escrow__factory.connect(contracts.Escrow, admin),
    vzp: VzpToken__factory.connect(contracts.VzpToken, admin),
    stations: StationRegistry__factory.connect(contracts.StationRegistry, admin),
    consents: ConsentRegistry__factory.connect(contracts.ConsentRegistry, admin),
    anchors: AnchorRegistry__factory.connect(contracts.AnchorRegistry, admin),
  };
}

type Platform = Awaited<ReturnType<typeof deployAll>>;

/** Mints `amount` to `driver` (the operator is the minter) and approves all of it to the escrow. */
async function topUp({ token, escrow }: Platform, driver: JsonRpcSigner, amount: bigint): Promise<void> {
  await (await token.connect(operator).mint(driver.address, amount)).wait();
  await (await token.connect(driver).approve(await escrow.getAddress(), amount)).wait();
}

const split = (payee: string, amount: bigint): Escrow.SplitStruct => ({ payee, amount });

/** A leaf as the platform builds it (OpenZeppelin StandardMerkleTree's double hash of the ABI-encoded record). */
function recordLeaf(topic: string, partition: number, offset: bigint, valueHash: string): string {
  const encoded = AbiCoder.defaultAbiCoder().encode(
    ['string', 'uint32', 'uint64', 'bytes32'],
    [topic, partition, offset, valueHash],
  );
  return keccak256(keccak256(encoded));
}

/** A Merkle tree with sorted-pair hashing (what MerkleProof.verify expects): its root and each leaf's proof. */
function merkleTree(leaves: string[]): { root: string; proofs: string[][] } {
  const hashPair = (a: string, b: string) => keccak256(BigInt(a) < BigInt(b) ? concat([a, b]) : concat([b, a]));
  const proofs: string[][] = leaves.map(() => []);
  let positions = leaves.map((_, index) => index);
  let level = leaves;
  while (level.length > 1) {
    const current = level;
    positions.forEach((position, leaf) => {
      const sibling = position ^ 1;
      if (sibling < current.length) known(proofs[leaf]).push(known(current[sibling]));
    });
    // an odd last node goes up unchanged
    level = Array.from({ length: Math.ceil(current.length / 2) }, (_, i) =>
      2 * i + 1 < current.length ? hashPair(known(current[2 * i]), known(current[2 * i + 1])) : known(current[2 * i]),
    );
    positions = positions.map((position) => position >> 1);
  }
  return { root: known(level[0]), proofs };
}

describe('AnchorRegistry', () => {
  it('stores a batch root once, for under 60,000 gas whatever the batch size, and verifies record proofs', async () => {
    const { anchors } = await deployAll();
    const asAnchorer = anchors.connect(operator);
    const leaves = [0n, 1n, 2n, 3n, 4n].map((offset) => recordLeaf('charger.events', 3, offset, id(`value-${offset}`)));
    const { root, proofs } = merkleTree(leaves);
    const ranges = id('charger.events:3:0-4');
    const receipt = await (await asAnchorer.anchor(7n, root, 5n, ranges)).wait();
    const hugeBatch = await (await asAnchorer.anchor(8n, id('root-8'), 1_000_000_000n, ranges)).wait();
    expect(known(receipt).gasUsed).toBeLessThan(60_000n);
    expect(known(hugeBatch).gasUsed).toBeLessThan(60_000n);
    expect(await anchors.rootOf(7n)).toBe(root);
    expect(await anchors.rootOf(9n)).toBe(ZeroHash);
    const block = await provider.getBlock(known(receipt).blockNumber);
    const [event] = await anchors.queryFilter(anchors.filters.Anchored(7n));
    expect(fieldsOf(known(event).args)).toEqual({
      batchId: 7n,
      root,
      leafCount: 5n,
      rangesHash: ranges,
      anchoredAt: BigInt(known(block).timestamp),
    });
    for (const [index, leaf] of leaves.entries())
      expect(await anchors.verify(7n, leaf, known(proofs[index]))).toBe(true);
    const forged = recordLeaf('charger.events', 3, 2n, id('tampered'));
    expect(await anchors.verify(7n, forged, known(proofs[2]))).toBe(false);
    expect(await anchors.verify(9n, known(leaves[0]), known(proofs[0]))).toBe(false); // never anchored
    expect(await revertOf(asAnchorer.anchor(7n, id('root-2'), 1n, ranges), anchors)).toBe('AlreadyAnchored');
    expect(await revertOf(asAnchorer.anchor(10n, ZeroHash, 1n, ranges), anchors)).toBe('EmptyBatch');
    expect(await revertOf(asAnchorer.anchor(10n, id('root-10'), 0n, ranges), anchors)).toBe('EmptyBatch');
    expect(await revertOf(anchors.connect(stranger).anchor(10n, id('root-10'), 1n, ranges), anchors)).toBe(
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
  it('mints only from the minter role, in whole minor units', async () => {
    const { token } = await deployAll();
    expect(await token.decimals()).toBe(0n);
    expect(await revertOf(token.connect(stranger).mint(stranger.address, 1n), token)).toBe(
      'AccessControlUnauthorizedAccount',
    );
  });

  it('locks, pays the splits and the asset revenue and refunds the rest in one transaction, once', async () => {
    const platform = await deployAll();
    const { token, assets, escrow } = platform;
    await topUp(platform, stranger, 10_000n);
    const asset = id('ASSET-1');
    await (
      await assets.connect(operator).registerAsset(asset, ['ST-1'], [investorA.address, investorB.address], [3n, 1n])
    ).wait();
    await (await escrow.connect(stranger).lock(id('CP-1:7'), 'CP-1', 'TOKEN-42', 2_000n, 3_600n)).wait();
    const [locked] = await escrow.queryFilter(escrow.filters.Locked(id('CP-1:7')));
    expect(fieldsOf(known(locked).args)).toMatchObject({
      driver: stranger.address,
      chargerId: 'CP-1',
      idTag: 'TOKEN-42',
      amount: 2_000n,
    });
    expect(await token.balanceOf(await escrow.getAddress())).toBe(2_000n);
    // 1,368: CPO 890 + MSP 27 + platform 69 + investors' pool 382 (billing.settlements' example)
    const splits = [split(admin.address, 890n), split(operator.address, 27n + 69n), split(investorA.address, 0n)];
    await (await escrow.connect(operator).settle(id('CP-1:7'), 1_368n, splits, asset, 382n)).wait();
    expect(await token.balanceOf(stranger.address)).toBe(10_000n - 1_368n);
    expect(await token.balanceOf(admin.address)).toBe(890n);
    expect(await token.balanceOf(operator.address)).toBe(96n);
    expect(await token.balanceOf(await assets.getAddress())).toBe(382n);
    expect(await token.balanceOf(await escrow.getAddress())).toBe(0n);
    expect(await token.allowance(await escrow.getAddress(), await assets.getAddress())).toBe(0n);
    // 382 over 3 + 1 shares: 286.5 and 95.5, floored; the unit of dust stays in the register
    expect(await assets.claimable(asset, investorA.address)).toBe(286n);
    expect(await assets.claimable(asset, investorB.address)).toBe(95n);
    const [settled] = await escrow.queryFilter(escrow.filters.Settled(id('CP-1:7')));
    expect(fieldsOf(known(settled).args)).toEqual({
      sessionRef: id('CP-1:7'),
      driver: stranger.address,
      locked: 2_000n,
      cost: 1_368n,
      refunded: 632n,
      assetId: asset,
      assetRevenue: 382n,
    });
    expect((await assets.queryFilter(assets.filters.RevenueDeposited(asset))).map((e) => e.args.from)).toEqual([
      await escrow.getAddress(),
    ]);
    const lock = await escrow.lockOf(id('CP-1:7'));
    expect([lock.driver, lock.amount, lock.closed]).toEqual([stranger.address, 2_000n, true]);
    expect(
      await revertOf(
        escrow.connect(operator).settle(id('CP-1:7'), 1n, [split(admin.address, 1n)], ZeroHash, 0n),
        escrow,
      ),
    ).toBe('AlreadyClosed');
  });

  it('refuses what would break the sums or the roles, and gives an expired lock back to its driver, sent by anyone', async () => {
    const platform = await deployAll();
    const { escrow, assets } = platform;
    await topUp(platform, stranger, 10_000n);
    const asDriver = escrow.connect(stranger);
    const asSettler = escrow.connect(operator);
    await (await asDriver.lock(id('s-1'), 'CP-1', 'TOKEN-1', 1_000n, 600n)).wait();
    expect(await revertOf(asDriver.lock(id('s-1'), 'CP-1', 'TOKEN-1', 1n, 600n), escrow)).toBe('LockExists');
    expect(await revertOf(asDriver.lock(id('s-2'), 'CP-1', 'TOKEN-1', 0n, 600n), escrow)).toBe('ZeroAmount');
    const settle = (ref: string, cost: bigint, splits: Escrow.SplitStruct[], assetRevenue = 0n) =>
      asSettler.settle(id(ref), cost, splits, id('ASSET-NONE'), assetRevenue);
    expect(await revertOf(settle('s-1', 1_001n, [split(admin.address, 1_001n)]), escrow)).toBe('CostExceedsLock');
    expect(await revertOf(settle('s-1', 500n, [split(admin.address, 499n)]), escrow)).toBe('SplitsDoNotAddUp');
    expect(await revertOf(settle('s-1', 500n, [split(admin.address, 400n)], 101n), escrow)).toBe('SplitsDoNotAddUp');
    // revenue for an asset nobody registered: the register refuses, and the whole settlement with it
    expect(await revertOf(settle('s-1', 500n, [split(admin.address, 400n)], 100n), assets)).toBe('NoShares');
    expect(await revertOf(settle('nope', 1n, [split(admin.address, 1n)]), escrow)).toBe('NoLock');
    expect(await revertOf(asDriver.settle(id('s-1'), 1n, [split(stranger.address, 1n)], ZeroHash, 0n), escrow)).toBe(
      'AccessControlUnauthorizedAccount',
    );
    expect(await revertOf(asDriver.refundExpired(id('s-1')), escrow)).toBe('NotExpired');
    // A lock with no time to run is expired at once: anyone sends the refund, the driver gets it, nobody settles it.
    await (await asDriver.lock(id('s-3'), 'CP-1', 'TOKEN-1', 700n, 0n)).wait();
    const driverBefore = await platform.token.balanceOf(stranger.address);
    await (await escrow.connect(investorA).refundExpired(id('s-3'))).wait();
    expect(await platform.token.balanceOf(stranger.address)).toBe(driverBefore + 700n);
    expect(await platform.token.balanceOf(investorA.address)).toBe(0n);
    expect((await escrow.queryFilter(escrow.filters.Refunded(id('s-3')))).map((e) => e.args.amount)).toEqual([700n]);
    expect(await revertOf(settle('s-3', 1n, [split(admin.address, 1n)]), escrow)).toBe('AlreadyClosed');
    expect(await revertOf(asDriver.refundExpired(id('s-3')), escrow)).toBe('AlreadyClosed');
    // without asset revenue the asset id is ignored and nothing goes to the register
    await (await settle('s-1', 500n, [split(admin.address, 500n)])).wait();
    expect(await platform.token.balanceOf(await assets.getAddress())).toBe(0n);
  });

  it('tops up once per payment reference, only from the minter role', async () => {
    const { token } = await deployAll();
    const asMinter = token.connect(operator);
    const ref = id('payment:card-1');
    expect(await token.toppedUp(ref)).toBe(false);
    await (await asMinter.topUp(ref, stranger.address, 2_500n)).wait();
    expect(await token.toppedUp(ref)).toBe(true);
    expect(await token.balanceOf(stranger.address)).toBe(2_500n);
    expect((await token.queryFilter(token.filters.ToppedUp(ref))).map((e) => fieldsOf(e.args))).toEqual([
      { ref, to: stranger.address, amount: 2_500n },
    ]);
    expect(await revertOf(asMinter.topUp(ref, stranger.address, 2_500n), token)).toBe('AlreadyToppedUp');
    expect(await revertOf(asMinter.topUp(ref, investorA.address, 1n), token)).toBe('AlreadyToppedUp');
    expect(await revertOf(asMinter.topUp(id('payment:zero'), stranger.address, 0n), token)).toBe('ZeroAmount');
    expect(await revertOf(asMinter.topUp(id('payment:nobody'), ZeroAddress, 1n), token)).toBe('ERC20InvalidReceiver');
    expect(await revertOf(token.connect(stranger).topUp(id('payment:self'), stranger.address, 1n), token)).toBe(
      'AccessControlUnauthorizedAccount',
    );
    expect(await token.totalSupply()).toBe(2_500n);
  });

  it("locks a driver's approved tokens for the driver from the locker role only, with the token's reason when short", async () => {
    const platform = await deployAll();
    const { token, escrow } = platform;
    const asLocker = escrow.connect(operator);
    const escrowAddress = await escrow.getAddress();
    await (await token.connect(operator).topUp(id('pay-1'), stranger.address, 1_000n)).wait();
    const lockFor = (ref: string, amount: bigint, driver = stranger.address) =>
      asLocker.lockFor(id(ref), driver, 'CP-9', 'TOKEN-9', amount, 600n);
    // no allowance yet: the card was not pre-authorised
    expect(await revertOf(lockFor('l-0', 500n), token)).toBe('ERC20InsufficientAllowance');
    await (await token.connect(stranger).approve(escrowAddress, 10_000n)).wait();
    expect(await revertOf(lockFor('l-0', 1_001n), token)).toBe('ERC20InsufficientBalance');
    const receipt = known(await (await lockFor('l-1', 600n)).wait());
    const block = known(await provider.getBlock(receipt.blockNumber));
    const [locked] = await escrow.queryFilter(escrow.filters.Locked(id('l-1')));
    expect(fieldsOf(known(locked).args)).toEqual({
      sessionRef: id('l-1'),
      driver: stranger.address,
      chargerId: 'CP-9',
      idTag: 'TOKEN-9',
      amount: 600n,
      expiresAt: BigInt(block.timestamp) + 600n,
    });
    const lock = await escrow.lockOf(id('l-1'));
    expect([lock.driver, lock.amount, lock.closed]).toEqual([stranger.address, 600n, false]);
    expect([await token.balanceOf(stranger.address), await token.balanceOf(escrowAddress)]).toEqual([400n, 600n]);
    expect(await revertOf(lockFor('l-1', 1n), escrow)).toBe('LockExists');
    expect(await revertOf(lockFor('l-2', 0n), escrow)).toBe('ZeroAmount');
    expect(await revertOf(lockFor('l-2', 1n, ZeroAddress), escrow)).toBe('InvalidDriver');
    expect(
      await revertOf(escrow.connect(investorA).lockFor(id('l-2'), stranger.address, 'CP-9', 'T', 1n, 0n), escrow),
    ).toBe('AccessControlUnauthorizedAccount');
    // a lock made for the driver is the driver's: refunded to the driver after expiry, whoever sends it
    expect(await revertOf(escrow.connect(operator).refundExpired(id('l-1')), escrow)).toBe('NotExpired');
    await (await asLocker.lockFor(id('l-3'), stranger.address, 'CP-9', 'TOKEN-9', 300n, 0n)).wait();
    await (await escrow.connect(operator).refundExpired(id('l-3'))).wait();
    expect(await token.balanceOf(stranger.address)).toBe(400n);
    expect((await escrow.queryFilter(escrow.filters.Refunded(id('l-3')))).map((e) => fieldsOf(e.args))).toEqual([
      { sessionRef: id('l-3'), driver: stranger.address, amount: 300n },
    ]);
  });
});

describe('AssetRegister (STO / RWA shares and revenue)', () => {
  it('issues shares once, only from the registrar role, as ERC-1155 tokens', async () => {
    const { assets } = await deployAll();
    const asRegistrar = assets.connect(operator);
    const asset = id('ASSET-1');
    await (
      await asRegistrar.registerAsset(asset, ['ST-1', 'ST-2'], [investorA.address, investorB.address], [60n, 40n])
    ).wait();
    expect(await assets.balanceOf(investorA.address, BigInt(asset))).toBe(60n);
    expect(await assets.balanceOf(investorB.address, BigInt(asset))).toBe(40n);
    expect((await assets.assetOf(asset)).totalShares).toBe(100n);
    const [registered] = await assets.queryFilter(assets.filters.AssetRegistered(asset));
    expect([[...known(registered).args.stationIds], known(registered).args.totalShares]).toEqual([
      ['ST-1', 'ST-2'],
      100n,
    ]);
    expect((await assets.queryFilter(assets.filters.TransferSingle())).length).toBe(2);
    expect(await assets.supportsInterface('0xd9b67a26')).toBe(true); // ERC-1155
    expect(await assets.supportsInterface('0x7965db0b')).toBe(true); // IAccessControl
    const register = (assetId: string, holders: string[], shares: bigint[]) =>
      revertOf(asRegistrar.registerAsset(assetId, [], holders, shares), assets);
    expect(await register(asset, [investorA.address], [1n])).toBe('AssetExists');
    expect(await register(id('ASSET-2'), [investorA.address], [1n, 2n])).toBe('LengthMismatch');
    expect(await register(id('ASSET-2'), [investorA.address], [0n])).toBe('NoShares');
    expect(await register(id('ASSET-2'), [], [])).toBe('NoShares');
    expect(
      await revertOf(assets.connect(stranger).registerAsset(id('ASSET-2'), [], [stranger.address], [1n]), assets),
    ).toBe('AccessControlUnauthorizedAccount');
  });

  it('pays holders pro rata, keeps revenue earned before a share transfer with the past holder', async () => {
    const platform = await deployAll();
    const { token, assets } = platform;
    const asset = id('ASSET-1');
    const shareId = BigInt(asset);
    await (
      await assets.connect(operator).registerAsset(asset, ['ST-1'], [investorA.address, investorB.address], [3n, 1n])
    ).wait();
    await (await token.connect(operator).mint(stranger.address, 10_000n)).wait();
    await (await token.connect(stranger).approve(await assets.getAddress(), 10_000n)).wait();
    const deposit = (amount: bigint) => assets.connect(stranger).depositRevenue(asset, amount);
    await (await deposit(400n)).wait(); // anyone may deposit
    expect((await assets.queryFilter(assets.filters.RevenueDeposited(asset))).map((e) => fieldsOf(e.args))).toEqual([
      { assetId: asset, from: stranger.address, amount: 400n },
    ]);
    expect(await assets.claimable(asset, investorA.address)).toBe(300n);
    expect(await assets.claimable(asset, investorB.address)).toBe(100n);
    // A sells 2 of its 3 shares to B: what A earned so far stays A's
    await (
      await assets.connect(investorA).safeTransferFrom(investorA.address, investorB.address, shareId, 2n, '0x')
    ).wait();
    expect(await assets.claimable(asset, investorA.address)).toBe(300n);
    expect(await assets.claimable(asset, investorB.address)).toBe(100n);
    await (await deposit(800n)).wait();
    expect(await assets.claimable(asset, investorA.address)).toBe(300n + 200n);
    expect(await assets.claimable(asset, investorB.address)).toBe(100n + 600n);
    await (await assets.connect(investorA).claim(asset)).wait();
    expect(await token.balanceOf(investorA.address)).toBe(500n);
    expect(await assets.claimable(asset, investorA.address)).toBe(0n);
    expect(await assets.claimedBy(asset, investorA.address)).toBe(500n);
    expect((await assets.queryFilter(assets.filters.RevenueClaimed(asset))).map((e) => fieldsOf(e.args))).toEqual([
      { assetId: asset, holder: investorA.address, amount: 500n },
    ]);
    expect(await revertOf(assets.connect(investorA).claim(asset), assets)).toBe('NothingToClaim');
    expect(await revertOf(assets.connect(stranger).claim(asset), assets)).toBe('NothingToClaim');
    expect(await revertOf(deposit(0n), assets)).toBe('ZeroAmount');
    expect(await revertOf(assets.connect(stranger).depositRevenue(id('ASSET-NONE'), 1n), assets)).toBe('NoShares');
    expect(await token.balanceOf(await assets.getAddress())).toBe(700n);
  });
});

describe('StationRegistry (address book)', () => {
  it('registers a station once from the registrar; its operator or the registrar updates and removes it', async () => {
    const { stations } = await deployAll();
    const asRegistrar = stations.connect(operator);
    const asStationOperator = stations.connect(stranger);
    await (await asRegistrar.register('ST-1', stranger.address, 'tariff:DEMO-1', 'wss://cpo.example/ocpp')).wait();
    const stored = await stations.stationOf('ST-1');
    expect([stored.operator, stored.priceRef, stored.endpoint]).toEqual([
      stranger.address,
      'tariff:DEMO-1',
      'wss://cpo.example/ocpp',
    ]);
    const [registered] = await stations.queryFilter(stations.filters.StationRegistered());
    expect(fieldsOf(known(registered).args)).toEqual({
      stationId: 'ST-1',
      operator: stranger.address,
      priceRef: 'tariff:DEMO-1',
      endpoint: 'wss://cpo.example/ocpp',
    });
    expect(await revertOf(asRegistrar.register('ST-1', admin.address, '', ''), stations)).toBe('StationExists');
    expect(await revertOf(asRegistrar.register('ST-2', ZeroAddress, '', ''), stations)).toBe('InvalidOperator');
    expect(await revertOf(asStationOperator.register('ST-2', stranger.address, '', ''), stations)).toBe(
      'AccessControlUnauthorizedAccount',
    );
    await (await asStationOperator.update('ST-1', 'tariff:DEMO-2', 'wss://cpo.example/v2')).wait();
    await (await asRegistrar.update('ST-1', 'tariff:DEMO-3', 'wss://cpo.example/v3')).wait();
    expect(
      (await stations.queryFilter(stations.filters.StationUpdated())).map((e) => [e.args.stationId, e.args.priceRef]),
    ).toEqual([
      ['ST-1', 'tariff:DEMO-2'],
      ['ST-1', 'tariff:DEMO-3'],
    ]);
    expect((await stations.stationOf('ST-1')).endpoint).toBe('wss://cpo.example/v3');
    expect(await revertOf(stations.connect(investorA).update('ST-1', '', ''), stations)).toBe('NotOperator');
    expect(await revertOf(stations.connect(investorA).remove('ST-1'), stations)).toBe('NotOperator');
    expect(await revertOf(asRegistrar.update('ST-9', '', ''), stations)).toBe('UnknownStation');
    await (await asStationOperator.remove('ST-1')).wait();
    expect((await stations.stationOf('ST-1')).operator).toBe(ZeroAddress);
    expect((await stations.queryFilter(stations.filters.StationRemoved())).map((e) => fieldsOf(e.args))).toEqual([
      { stationId: 'ST-1', operator: stranger.address },
    ]);
    expect(await revertOf(asRegistrar.remove('ST-1'), stations)).toBe('UnknownStation');
  });
});

describe('conservation (property)', () => {
  const session = fc.record({
    kind: fc.constant('session' as const),
    amount: fc.integer({ min: 1, max: 500 }),
    costPercent: fc.integer({ min: 0, max: 100 }),
    assetPercent: fc.integer({ min: 0, max: 100 }),
    end: fc.constantFrom('settle' as const, 'refund' as const, 'leave open' as const),
    // 'driver': the driver locks (lock); 'locker': the platform locks for the driver (lockFor)
    lockedBy: fc.constantFrom('driver' as const, 'locker' as const),
    driver: fc.nat({ max: 1 }),
  });
  const topUpStep = fc.record({
    kind: fc.constant('top-up' as const),
    driver: fc.nat({ max: 1 }),
    amount: fc.integer({ min: 1, max: 800 }),
    resent: fc.boolean(),
  });
  const claim = fc.record({ kind: fc.constant('claim' as const), holder: fc.nat({ max: 2 }) });
  const transfer = fc.record({
    kind: fc.constant('transfer' as const),
    from: fc.nat({ max: 2 }),
    to: fc.nat({ max: 2 }),
    shares: fc.integer({ min: 1, max: 4 }),
  });

  it("keeps supply (moved only by top-ups), open locks and each asset's revenue accounted for across random sequences", async () => {
    const platform = await deployAll();
    const { token, assets, escrow } = platform;
    const asset = id('ASSET-P');
    const shareId = BigInt(asset);
    const holders = [investorA, investorB, admin];
    await (
      await assets.connect(operator).registerAsset(
        asset,
        ['ST-P'],
        holders.map((h) => h.address),
        [5n, 3n, 2n],
      )
    ).wait();
    await topUp(platform, stranger, 1_000n);
    // every driver pre-authorised the escrow (lockFor pulls from the allowance); the balance is what runs short
    const drivers = [stranger, investorB];
    for (const driver of drivers)
      await (await token.connect(driver).approve(await escrow.getAddress(), 10n ** 12n)).wait();
    const accounts = [admin, operator, stranger, investorA, investorB].map((signer) => signer.address);
    accounts.push(await escrow.getAddress(), await assets.getAddress());
    let supply = await token.totalSupply();
    let openLocks = 0n;
    let sequence = 0;

    const claimableOf = (holder: JsonRpcSigner) => assets.claimable(asset, holder.address);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(session, topUpStep, claim, transfer), { minLength: 1, maxLength: 8 }),
        async (steps) => {
          for (const step of steps) {
            if (step.kind === 'top-up') {
              sequence += 1;
              const ref = id(`prop-payment-${sequence}`);
              const to = known(drivers[step.driver]).address;
              await (await token.connect(operator).topUp(ref, to, BigInt(step.amount))).wait();
              supply += BigInt(step.amount);
              if (step.resent)
                expect(await revertOf(token.connect(operator).topUp(ref, to, 1n), token)).toBe('AlreadyToppedUp');
            } else if (step.kind === 'session') {
              sequence += 1;
              const ref = id(`prop-${sequence}`);
              const amount = BigInt(step.amount);
              const timeout = step.end === 'leave open' ? 3_600n : 0n; // 0: expired at once, refundable now
              const driver = known(drivers[step.driver]);
              if ((await token.balanceOf(driver.address)) < amount) {
                // too little prepaid: refused with the token's own reason, nothing moves
                const refused = escrow
                  .connect(operator)
                  .lockFor(ref, driver.address, 'CP-P', 'TOKEN-P', amount, timeout);
                expect(await revertOf(refused, token)).toBe('ERC20InsufficientBalance');
                continue;
              }
              const locking =
                step.lockedBy === 'driver'
                  ? escrow.connect(driver).lock(ref, 'CP-P', 'TOKEN-P', amount, timeout)
                  : escrow.connect(operator).lockFor(ref, driver.address, 'CP-P', 'TOKEN-P', amount, timeout);
              await (await locking).wait();
              if (step.end === 'settle') {
                const cost = (amount * BigInt(step.costPercent)) / 100n;
                const toAsset = (cost * BigInt(step.assetPercent)) / 100n;
                const toCpo = (cost - toAsset) / 2n;
                const splits = [split(admin.address, toCpo), split(operator.address, cost - toAsset - toCpo)];
                await (await escrow.connect(operator).settle(ref, cost, splits, asset, toAsset)).wait();
              } else if (step.end === 'refund') {
                // the platform sends the refund of an abandoned lock; the driver gets it
                const before = await token.balanceOf(driver.address);
                await (await escrow.connect(operator).refundExpired(ref)).wait();
                expect(await token.balanceOf(driver.address)).toBe(before + amount);
              } else {
                openLocks += amount;
              }
            } else if (step.kind === 'claim') {
              const holder = known(holders[step.holder]);
              const owed = await claimableOf(holder);
              const before = await token.balanceOf(holder.address);
              if (owed === 0n)
                expect(await revertOf(assets.connect(holder).claim(asset), assets)).toBe('NothingToClaim');
              else await (await assets.connect(holder).claim(asset)).wait();
              expect(await token.balanceOf(holder.address)).toBe(before + owed);
            } else {
              const [from, to] = [known(holders[step.from]), known(holders[step.to])];
              const shares = BigInt(step.shares);
              if ((await assets.balanceOf(from.address, shareId)) < shares) continue;
              const owedBefore = await Promise.all(holders.map(claimableOf));
              await (
                await assets.connect(from).safeTransferFrom(from.address, to.address, shareId, shares, '0x')
              ).wait();
              // revenue earned before the transfer stays where it was
              expect(await Promise.all(holders.map(claimableOf))).toEqual(owedBefore);
            }
          }
          const balances = await Promise.all(accounts.map((account) => token.balanceOf(account)));
          expect(await token.totalSupply()).toBe(supply);
          expect(balances.reduce((a, b) => a + b, 0n)).toBe(supply); // nothing went anywhere else
          expect(await token.balanceOf(await escrow.getAddress())).toBe(openLocks);
          const { deposited } = await assets.assetOf(asset);
          const claimed = (await Promise.all(holders.map((h) => assets.claimedBy(asset, h.address)))).reduce(
            (a, b) => a + b,
            0n,
          );
          const owed = (await Promise.all(holders.map(claimableOf))).reduce((a, b) => a + b, 0n);
          const dust = deposited - claimed - owed;
          // the documented bound: at most one unit per address that ever held shares
          expect(dust >= 0n && dust <= BigInt(holders.length)).toBe(true);
          expect(await token.balanceOf(await assets.getAddress())).toBe(deposited - claimed);
        },
      ),
      { numRuns: 10 },
    );
  });
});

describe('ConsentRegistry (data sharing permissions)', () => {
  // A scope is keccak256 of a vz.registry.DataScope symbol's name.
  const sessions = id('CHARGING_SESSIONS');
  const payments = id('PAYMENTS');

  it('lets a participant grant and revoke consents, honouring their expiry', async () => {
    const { consents } = await deployAll();
    const asDriver = consents.connect(stranger);
    const now = BigInt(known(await provider.getBlock('latest')).timestamp);
    await (await asDriver.grant(operator.address, sessions, 0n)).wait();
    await (await asDriver.grant(operator.address, payments, now + 1_000n)).wait();
    expect(await consents.hasConsent(stranger.address, operator.address, sessions)).toBe(true);
    expect(await consents.hasConsent(stranger.address, operator.address, payments)).toBe(true);
    expect(await consents.hasConsent(operator.address, stranger.address, sessions)).toBe(false); // not symmetric
    expect(
      (await consents.queryFilter(consents.filters.ConsentGranted(stranger.address))).map((e) => fieldsOf(e.args)),
    ).toEqual([
      { participant: stranger.address, partner: operator.address, scope: sessions, expiresAt: 0n },
      { participant: stranger.address, partner: operator.address, scope: payments, expiresAt: now + 1_000n },
    ]);
    expect(await revertOf(asDriver.grant(ZeroAddress, sessions, 0n), consents)).toBe('InvalidPartner');
    expect(await revertOf(asDriver.grant(stranger.address, sessions, 0n), consents)).toBe('InvalidPartner');
    expect(await revertOf(asDriver.grant(operator.address, sessions, 1n), consents)).toBe('ExpiryInPast');
    await (await asDriver.revoke(operator.address, sessions)).wait();
    expect(await consents.hasConsent(stranger.address, operator.address, sessions)).toBe(false);
    expect((await consents.queryFilter(consents.filters.ConsentRevoked(stranger.address))).length).toBe(1);
    expect(await revertOf(asDriver.revoke(operator.address, sessions), consents)).toBe('NoConsent');
    expect(await revertOf(consents.connect(investorA).revoke(operator.address, payments), consents)).toBe('NoConsent');
    // Last in this file: moves the fork's clock past the expiry (later estimates would not see the jump).
    await provider.send('evm_mine', [Number(now + 1_000n)]);
    expect(await consents.hasConsent(stranger.address, operator.address, payments)).toBe(false);
  });
});
