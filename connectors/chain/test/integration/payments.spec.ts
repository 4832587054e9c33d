import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AssetRegister__factory, StationRegistry__factory } from '@vz/contracts';
import type { ChainTransaction, PaymentEvent } from '@vz/schemas';
import { sampleStation } from '@vz/testing';
import { getAddress, type JsonRpcSigner, keccak256, toUtf8Bytes } from 'ethers';
import { assetIdOf } from '../../src/encoding.ts';
import { lockOrder, refundOrder, sampleAsset, sampleParty, sampleSettlement, topUpOrder } from '../samples.ts';
import {
  type ChainFixture,
  chainFixture,
  type ConnectorProcess,
  produce,
  readValues,
  startConnector,
} from './harness.ts';

// The money path on its own anvil fork and topics: top-up, lock for a driver, settle, refund of an abandoned lock by
// the sweeper, and the registry mirror; the connector runs whole (executor, listener, sweeper).

let fixture: ChainFixture;
let connector: ConnectorProcess | undefined;
let driver: JsonRpcSigner;
let poorDriver: JsonRpcSigner;
const wallets = { cpo: '', msp: '', investor: '' };
const ref = (name: string) => keccak256(toUtf8Bytes(`payments-test:${name}`));

beforeAll(async () => {
  fixture = await chainFixture(import.meta.filename);
  const { provider } = fixture;
  driver = await provider.getSigner(3);
  poorDriver = await provider.getSigner(8);
  [wallets.cpo, wallets.msp, wallets.investor] = (
    await Promise.all([4, 5, 6].map(async (index) => (await provider.getSigner(index)).address))
  ).map((address) => address.toLowerCase()) as [string, string, string];
  // the drivers pre-authorise the escrow from their wallets (the demo does the same from anvil's accounts)
  for (const signer of [driver, poorDriver]) {
    await (
      await fixture.contracts.chargingToken.connect(signer).approve(fixture.addresses.contracts.Escrow, 10n ** 9n)
    ).wait();
  }
  await produce(fixture, fixture.topics.parties, [
    { key: 'cpo-1', value: sampleParty('cpo-1', wallets.cpo) },
    { key: 'inv-1', value: sampleParty('inv-1', wallets.investor, { roles: ['INVESTOR'] }) },
  ]);
  connector = startConnector(fixture, 'payments', {
    VZ_CHAIN_CONFIRMATIONS: '0',
    VZ_CHAIN_PREREQUISITE_WAIT_MS: '60000',
  });
});

afterAll(async () => {
  await connector?.kill('SIGKILL');
  await fixture.close();
});

const driverAddress = () => driver.address.toLowerCase();
const byKey = (transactions: ChainTransaction[], key: string) => transactions.filter((t) => t.naturalKey === key);

describe('the money path on chain', () => {
  let transactions: ChainTransaction[];

  beforeAll(async () => {
    await produce(fixture, fixture.topics.paymentCommands, [
      { key: 'driver-1', value: topUpOrder('card:ch_1', driverAddress(), 5_000) },
      { key: 'driver-1', value: topUpOrder('card:ch_1', driverAddress(), 5_000) }, // redelivered
      { key: 'driver-1', value: lockOrder(ref('session'), driverAddress(), 2_000) },
      { key: 'driver-1', value: lockOrder(ref('session'), driverAddress(), 2_000) }, // the same order again
      { key: 'driver-2', value: lockOrder(ref('poor'), poorDriver.address.toLowerCase(), 2_000) },
    ]);
    transactions = await readValues(fixture, fixture.topics.transactions, 5);
  });

  it('tops up once per payment reference', async () => {
    const [first, again] = byKey(transactions, 'card:ch_1');
    expect(first).toMatchObject({ kind: 'TOP_UP', status: 'CONFIRMED', reason: null });
    expect(again).toMatchObject({ kind: 'TOP_UP', status: 'ALREADY_DONE', txHash: first?.txHash });
    expect(await fixture.contracts.chargingToken.toppedUp(keccak256(toUtf8Bytes('card:ch_1')))).toBe(true);
  });

  it('locks for the driver once, and refuses a driver short of balance with the decoded reason', async () => {
    const [first, again] = byKey(transactions, ref('session'));
    expect(first).toMatchObject({ kind: 'LOCK', status: 'CONFIRMED' });
    expect(again).toMatchObject({ kind: 'LOCK', status: 'ALREADY_DONE', txHash: first?.txHash });
    expect(await fixture.contracts.chargingToken.balanceOf(driver.address)).toBe(3_000n);
    expect(byKey(transactions, ref('poor')).map((t) => [t.kind, t.status, t.reason])).toEqual([
      ['LOCK', 'REVERTED', `ERC20InsufficientBalance(${getAddress(poorDriver.address)}, 0, 2000)`],
    ]);
    const events = await readValues(fixture, fixture.topics.payments, 2);
    const payloads = events.slice(0, 2).map((event: PaymentEvent) => event.payload);
    expect(payloads).toEqual([
      { 'vz.payment.TopUp': expect.objectContaining({ paymentReference: keccak256(toUtf8Bytes('card:ch_1')) }) },
      { 'vz.payment.EscrowLocked': expect.objectContaining({ escrowId: ref('session'), chargerId: 'CP-1' }) },
    ]);
    expect(events[1]?.walletAddress).toBe(driverAddress());
  });

  it('mirrors a station and its asset, then settles the lock: payees, asset revenue and refund exact', async () => {
    await produce(fixture, fixture.topics.stations, [
      { key: 'ST-CP-1', value: { ...sampleStation('CP-1', { tariffIds: ['T-1'] }), ownerId: 'cpo-1' } },
    ]);
    await produce(fixture, fixture.topics.assets, [
      {
        key: 'asset-1',
        value: sampleAsset('asset-1', ['ST-CP-1'], [{ investorId: 'inv-1', walletAddress: null, basisPoints: 10_000 }]),
      },
    ]);
    const settlement = sampleSettlement(ref('session'), { cpo: wallets.cpo, msp: wallets.msp });
    await produce(fixture, fixture.topics.settlements, [{ key: settlement.sessionId, value: settlement }]);
    const all = await readValues(fixture, fixture.topics.transactions, 8);
    expect(byKey(all, 'station:ST-CP-1').map((t) => [t.kind, t.status])).toEqual([['REGISTER_STATION', 'CONFIRMED']]);
    expect(byKey(all, 'asset:asset-1').map((t) => [t.kind, t.status])).toEqual([['REGISTER_ASSET', 'CONFIRMED']]);
    const stations = StationRegistry__factory.connect(fixture.addresses.contracts.StationRegistry, fixture.provider);
    const entry = await stations.stationOf('ST-CP-1');
    expect([entry.operator.toLowerCase(), entry.priceRef]).toEqual([wallets.cpo, 'T-1']);
    const assets = AssetRegister__factory.connect(fixture.addresses.contracts.AssetRegister, fixture.provider);
    expect(await assets.balanceOf(wallets.investor, BigInt(assetIdOf('asset-1')))).toBe(10_000n);
    // the settlement may have arrived before the asset was registered: it waited for it instead of reverting
    expect(
      byKey(all, ref('session'))
        .filter((t) => t.kind === 'SETTLE')
        .map((t) => t.status),
    ).toEqual(['CONFIRMED']);
    const { chargingToken } = fixture.contracts;
    expect(await chargingToken.balanceOf(wallets.cpo)).toBe(508n);
    expect(await chargingToken.balanceOf(wallets.msp)).toBe(96n);
    expect(await chargingToken.balanceOf(fixture.addresses.contracts.AssetRegister)).toBe(764n);
    expect(await chargingToken.balanceOf(driver.address)).toBe(3_000n + 632n);
  });

  it('refunds a lock left open past its expiry through the sweeper, once', async () => {
    await produce(fixture, fixture.topics.paymentCommands, [
      { key: 'driver-1', value: lockOrder(ref('abandoned'), driverAddress(), 1_000, 2_000) },
    ]);
    const [locked] = byKey(await readValues(fixture, fixture.topics.transactions, 9), ref('abandoned'));
    expect(locked).toMatchObject({ kind: 'LOCK', status: 'CONFIRMED' });
    const before = await fixture.contracts.chargingToken.balanceOf(driver.address);
    // the chain's time passes the expiry (the sweeper goes by the latest block's time)
    await fixture.provider.send('evm_increaseTime', [10]);
    await fixture.provider.send('evm_mine', []);
    const after = await readValues(fixture, fixture.topics.transactions, 10, { settleMs: 2_000 });
    expect(byKey(after, ref('abandoned')).map((t) => [t.kind, t.status])).toEqual([
      ['LOCK', 'CONFIRMED'],
      ['REFUND', 'CONFIRMED'],
    ]);
    const orders = await readValues(fixture, fixture.topics.paymentCommands, 7);
    expect(orders.filter((order) => order.eventId === `refund:${ref('abandoned')}`)).toHaveLength(1);
    expect(await fixture.contracts.chargingToken.balanceOf(driver.address)).toBe(before + 1_000n);
    // a refund order for a settled lock is refused, for a refunded one ALREADY_DONE
    await produce(fixture, fixture.topics.paymentCommands, [
      { key: 'driver-1', value: refundOrder(ref('session'), driverAddress()) },
      { key: 'driver-1', value: refundOrder(ref('abandoned'), driverAddress()) },
    ]);
    const last = await readValues(fixture, fixture.topics.transactions, 12);
    const refunds = (key: string) =>
      byKey(last, key)
        .filter((t) => t.kind === 'REFUND')
        .map((t) => [t.status, t.reason]);
    expect(refunds(ref('session'))).toEqual([['REJECTED', 'the lock was settled, there is nothing to refund']]);
    expect(refunds(ref('abandoned'))).toEqual([
      ['CONFIRMED', null],
      ['ALREADY_DONE', null],
    ]);
  });
});
