import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AnchorBatch, ChainTransaction } from '@vz/schemas';
import { type JsonRpcSigner, keccak256, toUtf8Bytes } from 'ethers';
import { anchorRangesHash, assetIdOf, mintBatchIdOf } from '../../src/encoding.ts';
import { mintEntry, sampleMintBatch, sampleSealedBatch, sampleSettlement, split } from '../samples.ts';
import {
  type ChainFixture,
  chainFixture,
  type ConnectorProcess,
  produce,
  readValues,
  startConnector,
} from './harness.ts';

// The executor against its own anvil fork and topics: every command kind, each outcome, and a restart.

let fixture: ChainFixture;
let connector: ConnectorProcess | undefined;
let driver: JsonRpcSigner;
const wallets = { cpo: '', msp: '', investor: '', other: '' };
const ref = (name: string) => keccak256(toUtf8Bytes(`executor-test:${name}`));

beforeAll(async () => {
  fixture = await chainFixture(import.meta.filename);
  const { contracts, deployer, provider } = fixture;
  driver = await provider.getSigner(3);
  [wallets.cpo, wallets.msp, wallets.investor, wallets.other] = (
    await Promise.all([4, 5, 6, 7].map(async (index) => (await provider.getSigner(index)).address))
  ).map((address) => address.toLowerCase()) as [string, string, string, string];
  const send = async (tx: Promise<{ wait(): Promise<unknown> }>) => void (await (await tx).wait());
  // The tests act on chain as the deployer (admin), never as the operator, whose nonces the connector owns.
  const { chargingToken, escrow, anchorRegistry } = contracts;
  const assetRegister = (await import('@vz/contracts')).AssetRegister__factory.connect(
    fixture.addresses.contracts.AssetRegister,
    deployer,
  );
  await send(chargingToken.grantRole(await chargingToken.MINTER_ROLE(), deployer.address));
  await send(escrow.grantRole(await escrow.SETTLER_ROLE(), deployer.address));
  await send(anchorRegistry.grantRole(await anchorRegistry.ANCHORER_ROLE(), deployer.address));
  await send(assetRegister.grantRole(await assetRegister.REGISTRAR_ROLE(), deployer.address));
  await send(assetRegister.registerAsset(assetIdOf('asset-1'), ['ST-1'], [wallets.investor], [100n]));
  await send(chargingToken.mint(driver.address, 100_000n));
  const asDriver = escrow.connect(driver);
  await send(chargingToken.connect(driver).approve(fixture.addresses.contracts.Escrow, 100_000n));
  for (const name of ['confirmed', 'settled-before', 'correction', 'no-wallet']) {
    await send(asDriver.lock(ref(name), 'CP-1', `tag-${name}`, 2_000n, 3_600n));
  }
  await send(asDriver.lock(ref('small-lock'), 'CP-1', 'tag-small', 1_000n, 3_600n));
  // settled on chain before the command is read (e.g. by an instance that crashed before committing its output)
  await send(escrow.settle(ref('settled-before'), 100n, [{ payee: wallets.other, amount: 100n }], assetIdOf(null), 0n));
  // batch 6 anchored with another root than the one its sealed record will carry
  await send(anchorRegistry.anchor(6n, keccak256(toUtf8Bytes('root-6-a')), 3n, anchorRangesHash([])));
});

afterAll(async () => {
  await connector?.kill('SIGKILL');
  await fixture.close();
});

const byKey = (transactions: ChainTransaction[], key: string) => transactions.filter((t) => t.naturalKey === key);

describe('the chain executor', () => {
  let transactions: ChainTransaction[];
  let anchors: AnchorBatch[];
  const root5 = keccak256(toUtf8Bytes('root-5'));

  beforeAll(async () => {
    const settlement = (name: string, overrides = {}) => ({
      key: `s-${name}`,
      value: sampleSettlement(ref(name), { cpo: wallets.cpo, msp: wallets.msp }, overrides),
    });
    await produce(fixture, fixture.topics.settlements, [
      settlement('confirmed'),
      settlement('confirmed'), // redelivered
      settlement('settled-before'),
      settlement('correction', { revision: 1 }),
      settlement('no-wallet', { splits: [split('MSP', 'msp-7', 1_368, null)] }),
      settlement('no-lock'),
      settlement('small-lock'),
      settlement('postpaid', { escrowId: null }),
    ]);
    const mint = sampleMintBatch('mint:0:1', [
      mintEntry(wallets.cpo, 1_500_000),
      mintEntry(null, 3),
      mintEntry(wallets.msp, 250_000),
    ]);
    await produce(fixture, fixture.topics.mintBatches, [
      { key: mint.batchId, value: mint },
      { key: mint.batchId, value: mint }, // redelivered
      { key: 'mint:0:2', value: sampleMintBatch('mint:0:2', [mintEntry(null, 5)]) },
    ]);
    const sealed5 = sampleSealedBatch('5', root5);
    await produce(fixture, fixture.topics.anchors, [
      { key: '5', value: sealed5 },
      { key: '5', value: sealed5 }, // redelivered
      { key: '6', value: sampleSealedBatch('6', keccak256(toUtf8Bytes('root-6-b'))) },
    ]);
    connector = startConnector(fixture, 'executor', { VZ_CHAIN_LISTENER_ENABLED: 'false' });
    transactions = await readValues(fixture, fixture.topics.transactions, 13, { settleMs: 2_000 });
    anchors = await readValues(fixture, fixture.topics.anchors, 5, { settleMs: 500 });
  });

  it('settles a lock once: CONFIRMED, then ALREADY_DONE for the redelivered command with the same transaction', async () => {
    const [first, again] = byKey(transactions, ref('confirmed'));
    expect(first).toMatchObject({
      kind: 'SETTLE',
      status: 'CONFIRMED',
      chainId: 31337,
      contractAddress: fixture.addresses.contracts.Escrow.toLowerCase(),
      eventId: `${fixture.topics.settlements.topic}:settlement:s-${ref('confirmed').slice(2, 10)}`,
      reason: null,
    });
    expect(first?.gasUsed).toBeGreaterThan(21_000);
    expect(again).toMatchObject({ status: 'ALREADY_DONE', txHash: first?.txHash, blockNumber: first?.blockNumber });
    const { chargingToken } = fixture.contracts;
    expect(await chargingToken.balanceOf(wallets.cpo)).toBe(508n);
    expect(await chargingToken.balanceOf(wallets.msp)).toBe(96n);
    expect(await chargingToken.balanceOf(fixture.addresses.contracts.AssetRegister)).toBe(764n);
    const [settled] = await fixture.contracts.escrow.queryFilter(
      fixture.contracts.escrow.filters.Settled(ref('confirmed')),
    );
    expect([settled?.transactionHash, settled?.args.assetId, settled?.args.refunded]).toEqual([
      first?.txHash,
      assetIdOf('asset-1'),
      632n,
    ]);
  });

  it('reports a lock settled before as ALREADY_DONE with the transaction that settled it', async () => {
    const [settledBefore] = await fixture.contracts.escrow.queryFilter(
      fixture.contracts.escrow.filters.Settled(ref('settled-before')),
    );
    expect(byKey(transactions, ref('settled-before'))).toEqual([
      expect.objectContaining({ status: 'ALREADY_DONE', txHash: settledBefore?.transactionHash }),
    ]);
  });

  it('rejects corrections and unpaid parties, and reports reverts with the decoded custom error', () => {
    const outcome = (name: string) => byKey(transactions, ref(name)).map((t) => [t.status, t.reason, t.txHash]);
    expect(outcome('correction')).toEqual([['REJECTED', 'corrections are not re-settled on chain (revision 1)', null]]);
    expect(outcome('no-wallet')).toEqual([['REJECTED', 'the MSP split to msp-7 has no wallet address to pay', null]]);
    expect(outcome('no-lock')).toEqual([['REVERTED', `NoLock(${ref('no-lock')})`, null]]);
    expect(outcome('small-lock')).toEqual([['REVERTED', 'CostExceedsLock(1368, 1000)', null]]);
    expect(transactions.filter((t) => t.kind === 'SETTLE')).toHaveLength(7); // the postpaid one is no chain command
  });

  it('mints a batch once, leaving out entries without an address, and rejects a batch with none', async () => {
    const [first, again] = byKey(transactions, 'mint:0:1');
    expect(first).toMatchObject({
      kind: 'MINT',
      status: 'CONFIRMED',
      reason: '1 of 3 entries left out (no recipient address or no amount)',
      contractAddress: fixture.addresses.contracts.VzpToken.toLowerCase(),
    });
    expect(again).toMatchObject({ status: 'ALREADY_DONE', txHash: first?.txHash });
    const { vzpToken } = fixture.contracts;
    expect(await vzpToken.balanceOf(wallets.cpo)).toBe(1_500_000n);
    expect(await vzpToken.minted(mintBatchIdOf('mint:0:1'))).toBe(true);
    expect(byKey(transactions, 'mint:0:2').map((t) => [t.status, t.reason])).toEqual([
      ['REJECTED', 'nothing to mint: 1 of 1 entries left out (no recipient address or no amount)'],
    ]);
  });

  it('anchors a sealed batch once and publishes it anchored; refuses a batch anchored with another root', async () => {
    const [first, again] = byKey(transactions, '5');
    expect(first).toMatchObject({ kind: 'ANCHOR', status: 'CONFIRMED' });
    expect(again).toMatchObject({ status: 'ALREADY_DONE', txHash: first?.txHash });
    expect(await fixture.contracts.anchorRegistry.rootOf(5n)).toBe(root5);
    const block = await fixture.provider.getBlock(first?.blockNumber ?? -1);
    const anchored = anchors.filter((batch) => batch.txHash !== null);
    expect(anchored).toHaveLength(2); // one per command record, both the same event (same eventId)
    expect(anchored[0]).toEqual({
      ...sampleSealedBatch('5', root5),
      eventId: '5:anchored',
      causationId: '5:sealed',
      occurredAt: (block?.timestamp ?? 0) * 1000,
      anchoredAt: (block?.timestamp ?? 0) * 1000,
      contractAddress: fixture.addresses.contracts.AnchorRegistry.toLowerCase(),
      txHash: first?.txHash,
      blockNumber: first?.blockNumber,
    });
    const [event] = await fixture.contracts.anchorRegistry.queryFilter(
      fixture.contracts.anchorRegistry.filters.Anchored(5n),
    );
    expect(event?.args.rangesHash).toBe(anchorRangesHash(sampleSealedBatch('5', root5).ranges));
    expect(byKey(transactions, '6').map((t) => [t.status, t.reason])).toEqual([
      [
        'REJECTED',
        `batch 6 is anchored with root ${keccak256(toUtf8Bytes('root-6-a'))}, not ${keccak256(toUtf8Bytes('root-6-b'))}`,
      ],
    ]);
  });

  it('writes nothing again after being killed and restarted (its offsets were committed with its outputs)', async () => {
    await connector?.kill('SIGKILL');
    connector = startConnector(fixture, 'executor-restarted', { VZ_CHAIN_LISTENER_ENABLED: 'false' });
    await produce(fixture, fixture.topics.mintBatches, [
      { key: 'mint:0:3', value: sampleMintBatch('mint:0:3', [mintEntry(wallets.other, 9)]) },
    ]);
    const after = await readValues(fixture, fixture.topics.transactions, 14, { settleMs: 3_000 });
    expect(after).toHaveLength(14);
    expect(byKey(after, 'mint:0:3')).toEqual([expect.objectContaining({ status: 'CONFIRMED' })]);
  });
});
