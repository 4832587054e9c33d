import { describe, expect, it } from '@jest/globals';
import type { AnchorBatch, MintBatch, Settlement } from '@vz/schemas';
import {
  lockOrder,
  mintEntry,
  refundOrder,
  sampleAsset,
  sampleParty,
  sampleMintBatch,
  sampleRanges,
  sampleSealedBatch,
  sampleSettlement,
  split,
  topUpOrder,
} from '../../test/samples.ts';
import { anchorRangesHash, assetIdOf, mintBatchIdOf, utf8Hash, zeroHash } from '../encoding.ts';
import { sampleStation } from '@vz/testing';
import {
  planAnchor,
  planAsset,
  planMint,
  planPaymentCommand,
  planSettle,
  planStation,
  type PartyLookup,
  type PlanContext,
} from './commands.ts';

const context: PlanContext = { currency: 'EUR', chainId: 31337, anchorRegistry: `0x${'ab'.repeat(20)}` };
const sessionRef = `0x${'1f'.repeat(32)}`;
const cpoWallet = `0x${'c0'.repeat(20)}`;
const mspWallet = `0x${'d0'.repeat(20)}`;
const settlement = (overrides: Partial<Settlement> = {}) =>
  sampleSettlement(sessionRef, { cpo: cpoWallet, msp: mspWallet }, overrides);

describe('planSettle', () => {
  it('pays the non-investor splits to their wallets and the investor splits as the asset revenue', () => {
    expect(planSettle(settlement(), context)).toEqual({
      naturalKey: sessionRef,
      call: {
        sessionRef,
        cost: 1_368n,
        splits: [
          { payee: cpoWallet, amount: 508n },
          { payee: mspWallet, amount: 96n },
          { payee: cpoWallet, amount: 0n },
        ],
        assetId: utf8Hash('asset-1'),
        assetRevenue: 764n,
      },
    });
    expect(assetIdOf(null)).toBe(zeroHash);
    expect(utf8Hash('')).toBe('0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
  });

  it('is no chain command without an on-chain lock id', () => {
    expect(planSettle(settlement({ escrowId: null }), context)).toBeUndefined();
    expect(planSettle(settlement({ escrowId: 'prepaid:42' }), context)).toBeUndefined();
  });

  it('rejects corrections, other currencies, unpaid parties and investor revenue without an asset', () => {
    const rejection = (s: Settlement) => {
      const plan = planSettle(s, context);
      return plan !== undefined && 'rejection' in plan ? plan.rejection : plan;
    };
    expect(rejection(settlement({ revision: 1 }))).toBe('corrections are not re-settled on chain (revision 1)');
    expect(rejection(settlement({ charged: { amountMinor: 1_368, currency: 'USD' } }))).toBe(
      'the settlement is in USD, the charging token counts EUR',
    );
    expect(rejection(settlement({ splits: [split('MSP', 'msp-9', 1_368, null)] }))).toBe(
      'the MSP split to msp-9 has no wallet address to pay',
    );
    expect(rejection(settlement({ assetId: null }))).toBe(
      'investor splits are paid to an asset, and the settlement names no assetId',
    );
    expect(rejection(settlement({ charged: null }))).toBe('the settlement has no charged amount');
  });

  it('pays no asset revenue (zero asset id) when there are no investor splits', () => {
    const plan = planSettle(settlement({ assetId: null, splits: [split('CPO', 'cpo-1', 1_368, cpoWallet)] }), context);
    expect(plan !== undefined && 'call' in plan ? [plan.call.assetId, plan.call.assetRevenue] : plan).toEqual([
      zeroHash,
      0n,
    ]);
  });
});

describe('planMint', () => {
  const batch = (entries: MintBatch['entries'], decimals = 6) => sampleMintBatch('mint:0:3', entries, decimals);
  const entry = mintEntry;

  it('mints to the entries with an address and counts the others in the note', () => {
    expect(planMint(batch([entry(cpoWallet, 5), entry(null, 7), entry(mspWallet, 9)]))).toEqual({
      naturalKey: 'mint:0:3',
      call: { batchId: mintBatchIdOf('mint:0:3'), recipients: [cpoWallet, mspWallet], amounts: [5n, 9n] },
      note: '1 of 3 entries left out (no recipient address or no amount)',
    });
  });

  it('rejects a batch with nobody to mint to, or in other decimals', () => {
    expect(planMint(batch([entry(null, 7)]))).toEqual({
      naturalKey: 'mint:0:3',
      rejection: 'nothing to mint: 1 of 1 entries left out (no recipient address or no amount)',
    });
    expect(planMint(batch([entry(cpoWallet, 7)], 18))).toEqual({
      naturalKey: 'mint:0:3',
      rejection: 'the batch counts 18 decimals, VZP has 6',
    });
  });
});

describe('planAnchor and anchorRangesHash', () => {
  const root = `0x${'9a'.repeat(32)}`;
  const ranges = sampleRanges;
  const sealed = (overrides: Partial<AnchorBatch> = {}) =>
    sampleSealedBatch('12', root, { causationId: '11:sealed', ...overrides });

  it('hashes the ranges as JSON in schema order with decimal-string offsets', () => {
    expect(anchorRangesHash(ranges)).toBe(
      utf8Hash(
        '[{"topic":"payment.events","partition":0,"fromOffset":"0","toOffset":"41"},' +
          '{"topic":"payment.events","partition":1,"fromOffset":"7","toOffset":"9"}]',
      ),
    );
    expect(anchorRangesHash([])).toBe(utf8Hash('[]'));
  });

  it('anchors the batch id as a uint64 with its root, leaf count and ranges hash', () => {
    expect(planAnchor(sealed(), context)).toEqual({
      naturalKey: '12',
      call: { batchId: 12n, root, leafCount: 45n, rangesHash: anchorRangesHash(ranges) },
    });
  });

  it('rejects other chains, other registries, bad ids and empty roots', () => {
    const rejection = (batch: AnchorBatch) => {
      const plan = planAnchor(batch, context);
      return 'rejection' in plan ? plan.rejection : plan;
    };
    expect(rejection(sealed({ chainId: 1 }))).toBe('the batch is for chain 1, this connector writes to chain 31337');
    expect(rejection(sealed({ contractAddress: cpoWallet }))).toMatch(/names registry/);
    expect(rejection(sealed({ batchId: '-1' }))).toBe('batch id "-1" is not a uint64 in decimal');
    expect(rejection(sealed({ batchId: String(2n ** 64n) }))).toMatch(/not a uint64/);
    expect(rejection(sealed({ merkleRoot: zeroHash }))).toMatch(/not a non-zero bytes32/);
    expect(rejection(sealed({ leafCount: 0 }))).toBe('leaf count 0 is not positive');
    const checksummed = sealed({ contractAddress: `0x${context.anchorRegistry.slice(2).toUpperCase()}` });
    expect('call' in planAnchor(checksummed, context)).toBe(true);
  });
});

describe('planPaymentCommand', () => {
  const wallet = `0x${'e0'.repeat(20)}`;
  const checksummed = '0x52908400098527886E0F7030069857D2E4169EE7';

  it('credits a top-up by its payment reference (keccak256 of it on chain) to the wallet', () => {
    expect(planPaymentCommand(topUpOrder('card:ch_1', checksummed, 2_500), context)).toEqual({
      kind: 'TOP_UP',
      plan: {
        naturalKey: 'card:ch_1',
        call: { ref: utf8Hash('card:ch_1'), to: checksummed.toLowerCase(), amount: 2_500n },
      },
    });
  });

  it('locks for the wallet with the timeout in whole seconds, rounded up, keyed by the escrow id in lower case', () => {
    const escrowId = `0x${'AB'.repeat(32)}`;
    expect(planPaymentCommand(lockOrder(escrowId, wallet, 2_000, 90_001), context)).toEqual({
      kind: 'LOCK',
      plan: {
        naturalKey: escrowId.toLowerCase(),
        call: {
          sessionRef: escrowId.toLowerCase(),
          driver: wallet,
          chargerId: 'CP-1',
          idTag: 'TOKEN-1',
          amount: 2_000n,
          timeoutSeconds: 91n,
        },
      },
    });
  });

  it('refunds by the escrow id', () => {
    expect(planPaymentCommand(refundOrder(sessionRef, wallet), context)).toEqual({
      kind: 'REFUND',
      plan: { naturalKey: sessionRef, call: { sessionRef } },
    });
  });

  it('rejects orders the chain cannot carry out as they are', () => {
    const rejection = (command: Parameters<typeof planPaymentCommand>[0]) => {
      const { plan } = planPaymentCommand(command, context);
      return 'rejection' in plan ? plan.rejection : 'planned';
    };
    expect(rejection(topUpOrder('', wallet, 1))).toBe('the top-up has no payment reference');
    expect(rejection(topUpOrder('p-1', 'wallet-1', 1))).toBe(
      'the wallet address "wallet-1" of driver-0001 is not an EVM address',
    );
    expect(rejection(topUpOrder('p-1', wallet, 0))).toBe('the amount 0 is not positive');
    const inUsd = topUpOrder('p-1', wallet, 5);
    const order = inUsd.payload as { 'vz.payment.TopUpOrder': { amount: { currency: string } } };
    order['vz.payment.TopUpOrder'].amount.currency = 'USD';
    expect(rejection(inUsd)).toBe('the amount is in USD, the charging token counts EUR');
    expect(rejection(lockOrder('session-1', wallet, 1))).toBe('escrow id "session-1" is not 0x + 64 hex');
    expect(rejection(lockOrder(sessionRef, wallet, -5))).toBe('the amount -5 is not positive');
    expect(rejection(lockOrder(sessionRef, wallet, 5, -1))).toBe('timeout -1 ms is out of range');
    expect(rejection(refundOrder('0x12', wallet))).toBe('escrow id "0x12" is not 0x + 64 hex');
  });
});

describe('planStation and planAsset (the registry mirror)', () => {
  const owner = `0x${'0a'.repeat(20)}`;
  const investor = `0x${'0b'.repeat(20)}`;
  const known = new Map([
    ['cpo-1', sampleParty('cpo-1', owner)],
    ['cpo-no-wallet', sampleParty('cpo-no-wallet', null)],
    ['inv-2', sampleParty('inv-2', investor, { roles: ['INVESTOR'] })],
  ]);
  const parties: PartyLookup = (partyId) => known.get(partyId);
  const station = (overrides = {}) => ({
    ...sampleStation('CP-1', { tariffIds: ['T-AC', 'T-IDLE'] }),
    ownerId: 'cpo-1',
    ...overrides,
  });

  it("registers a station for its owner's wallet with its tariff ids once each, and removes a deleted one", () => {
    expect(planStation(station(), parties, 'ws://csms/ocpp')).toEqual({
      naturalKey: 'station:ST-CP-1',
      call: {
        stationId: 'ST-CP-1',
        remove: false,
        operator: owner,
        priceRef: 'T-AC,T-IDLE',
        endpoint: 'ws://csms/ocpp',
      },
    });
    expect(planStation(station({ deleted: true, ownerId: null }), parties, '')).toMatchObject({
      call: { stationId: 'ST-CP-1', remove: true },
    });
  });

  it('rejects a station without an owner wallet, and waits for an owner not published yet', () => {
    expect(planStation(station({ ownerId: null }), parties, '')).toEqual({
      naturalKey: 'station:ST-CP-1',
      rejection: 'station ST-CP-1 names no owner',
    });
    expect(planStation(station({ ownerId: 'cpo-no-wallet' }), parties, '')).toEqual({
      naturalKey: 'station:ST-CP-1',
      rejection: 'the owner of station ST-CP-1, cpo-no-wallet has no wallet address',
    });
    expect(planStation(station({ ownerId: 'cpo-9' }), parties, '')).toEqual({
      naturalKey: 'station:ST-CP-1',
      rejection: 'the owner of station ST-CP-1, cpo-9 is not a known party (registry.parties)',
      pending: true,
    });
  });

  it("issues an asset's shares in basis points to the investors' wallets, from their party when the share has none", () => {
    const asset = sampleAsset(
      'asset-1',
      ['ST-CP-1'],
      [
        { investorId: 'inv-1', walletAddress: owner, basisPoints: 6_000 },
        { investorId: 'inv-2', walletAddress: null, basisPoints: 4_000 },
      ],
    );
    expect(planAsset(asset, parties)).toEqual({
      naturalKey: 'asset:asset-1',
      call: {
        assetId: assetIdOf('asset-1'),
        stationIds: ['ST-CP-1'],
        holders: [owner, investor],
        shares: [6_000n, 4_000n],
      },
    });
    expect(planAsset({ ...asset, deleted: true }, parties)).toMatchObject({
      rejection: 'asset asset-1 is deleted; the asset register has no removal',
    });
    const unknownInvestor = sampleAsset(
      'asset-2',
      [],
      [{ investorId: 'inv-9', walletAddress: null, basisPoints: 10_000 }],
    );
    expect(planAsset(unknownInvestor, parties)).toMatchObject({ pending: true });
  });
});
