import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PaymentEvent } from '@vz/schemas';
import { type JsonRpcSigner, Wallet } from 'ethers';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { scopeHashOf, walletAccountId } from '../../src/encoding.ts';
import { consentIdOf } from '../../src/listener/log-events.ts';
import {
  type ChainFixture,
  chainFixture,
  type ConnectorProcess,
  observabilityUrl,
  readValues,
  startConnector,
} from './harness.ts';

// The listener against its own anvil fork and topics, as a child process: mapping, confirmations, reorganisations
// inside and beyond the unconfirmed window, and a SIGKILL restart.

/** anvil's well-known development key of account 0 (the deployer of the fork's contracts). */
const deployerKey = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const confirmations = 2;

let fixture: ChainFixture;
let listener: ConnectorProcess | undefined;
let driver: JsonRpcSigner;
let partner: string;

const wait = async (tx: Promise<{ wait(): Promise<unknown> }>) => void (await (await tx).wait());
const mine = (blocks: number) => fixture.provider.send('anvil_mine', [`0x${blocks.toString(16)}`]);
const payments = (expected: number, settleMs = 1_500) =>
  readValues(fixture, fixture.topics.payments, expected, { settleMs });
const topUpHashes = (events: PaymentEvent[]) =>
  events.filter((event) => 'vz.payment.TopUp' in event.payload).map((event) => event.txHash);

/** A top-up (ChargingToken.mint by the deployer) signed here, so the very same transaction can be re-included. */
async function signedTopUp(amount: bigint): Promise<{ raw: string; hash: string }> {
  const signer = new Wallet(deployerKey, fixture.provider);
  const request = await fixture.contracts.chargingToken.mint.populateTransaction(driver.address, amount);
  const populated = await signer.populateTransaction({ ...request, gasLimit: 200_000n });
  const raw = await signer.signTransaction(populated);
  return { raw, hash: await fixture.provider.send('eth_sendRawTransaction', [raw]) };
}

beforeAll(async () => {
  fixture = await chainFixture(import.meta.filename);
  const { chargingToken, escrow } = fixture.contracts;
  driver = await fixture.provider.getSigner(3);
  partner = (await fixture.provider.getSigner(4)).address;
  await wait(chargingToken.grantRole(await chargingToken.MINTER_ROLE(), fixture.deployer.address));
  await wait(escrow.grantRole(await escrow.SETTLER_ROLE(), fixture.deployer.address));
  listener = startConnector(fixture, 'listener', {
    VZ_CHAIN_EXECUTOR_ENABLED: 'false',
    VZ_CHAIN_CONFIRMATIONS: String(confirmations),
    VZ_CHAIN_BLOCK_CHUNK: '5',
  });
});

afterAll(async () => {
  await listener?.kill('SIGKILL');
  await fixture.close();
});

describe('the chain listener', () => {
  it('publishes top-ups, escrow and consent events once they have the confirmations, mapped', async () => {
    const { chargingToken, escrow, consentRegistry } = fixture.contracts;
    const asDriver = escrow.connect(driver);
    const consents = consentRegistry.connect(driver);
    const sessionRef = `0x${'5e'.repeat(32)}`;
    const expiring = `0x${'e0'.repeat(32)}`;
    await wait(chargingToken.mint(driver.address, 10_000n));
    await wait(chargingToken.connect(driver).approve(fixture.addresses.contracts.Escrow, 10_000n));
    await wait(asDriver.lock(sessionRef, 'CP-9', 'tag-9', 2_000n, 3_600n));
    await wait(consents.grant(partner, scopeHashOf('CHARGING_SESSIONS'), 0n));
    await wait(escrow.settle(sessionRef, 1_500n, [{ payee: partner, amount: 1_500n }], `0x${'00'.repeat(32)}`, 0n));
    await wait(asDriver.lock(expiring, 'CP-9', 'tag-9', 700n, 0n));
    await wait(asDriver.refundExpired(expiring));
    await wait(consents.revoke(partner, scopeHashOf('CHARGING_SESSIONS')));
    const head = await fixture.provider.getBlockNumber();
    await sleep(1_000);
    // the last `confirmations` blocks are not read yet: the revocation is in the head block
    expect(await readValues(fixture, fixture.topics.consents, 1, { settleMs: 500 })).toHaveLength(1);
    await mine(confirmations);

    const events = await payments(5);
    const account = walletAccountId(driver.address);
    expect(events.map((event) => [event.accountId, Object.keys(event.payload)[0]])).toEqual([
      [account, 'vz.payment.TopUp'],
      [account, 'vz.payment.EscrowLocked'],
      [account, 'vz.payment.EscrowSettled'],
      [account, 'vz.payment.EscrowLocked'],
      [account, 'vz.payment.EscrowRefunded'],
    ]);
    const [topUp, locked, settled, , refunded] = events as [
      PaymentEvent,
      PaymentEvent,
      PaymentEvent,
      PaymentEvent,
      PaymentEvent,
    ];
    const block = await fixture.provider.getBlock(topUp.blockNumber ?? -1);
    expect(topUp).toEqual({
      eventId: `31337:${topUp.txHash}:${topUp.logIndex}`,
      occurredAt: (block?.timestamp ?? 0) * 1000,
      causationId: `31337:${topUp.txHash}`,
      accountId: account,
      walletAddress: driver.address.toLowerCase(),
      chainId: 31337,
      txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      blockNumber: expect.any(Number),
      logIndex: expect.any(Number),
      payload: {
        'vz.payment.TopUp': {
          amount: { amountMinor: 10_000, currency: 'EUR' },
          balanceAfter: null,
          paymentReference: `31337:${topUp.txHash}`,
        },
      },
    });
    expect(locked.payload).toEqual({
      'vz.payment.EscrowLocked': {
        escrowId: sessionRef,
        sessionId: null,
        chargerId: 'CP-9',
        idTag: 'tag-9',
        amount: { amountMinor: 2_000, currency: 'EUR' },
        expiresAt: locked.occurredAt + 3_600_000,
      },
    });
    expect(settled.payload).toEqual({
      'vz.payment.EscrowSettled': {
        escrowId: sessionRef,
        sessionId: null,
        settlementId: null,
        lockedAmount: { amountMinor: 2_000, currency: 'EUR' },
        chargedAmount: { amountMinor: 1_500, currency: 'EUR' },
        refundedAmount: { amountMinor: 500, currency: 'EUR' },
      },
    });
    expect(refunded.payload).toEqual({
      'vz.payment.EscrowRefunded': {
        escrowId: expiring,
        sessionId: null,
        amount: { amountMinor: 700, currency: 'EUR' },
        reason: 'lock-expired',
      },
    });

    const url = await observabilityUrl(listener as ConnectorProcess);
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(
      /vz_chain_listener_events_total\{topic="[^"]*payment\.events"[^}]*\} 5/,
    );

    const [granted, revoked] = await readValues(fixture, fixture.topics.consents, 2);
    const consentId = consentIdOf(31337, driver.address, partner, 'CHARGING_SESSIONS');
    expect(granted).toMatchObject({
      consentId,
      subjectId: account,
      partnerId: walletAccountId(partner),
      scopes: ['CHARGING_SESSIONS'],
      validUntilAt: null,
      revoked: false,
      revokedAt: null,
    });
    expect(revoked).toMatchObject({
      consentId,
      validFromAt: granted?.validFromAt,
      revoked: true,
      revokedAt: ((await fixture.provider.getBlock(head))?.timestamp ?? 0) * 1000,
    });
  });

  it('never publishes an event reorganised away inside the unconfirmed window, and a re-included one once', async () => {
    const before = await payments(5, 500);
    const reincluded = await signedTopUp(111n);
    const dropped = await fixture.contracts.chargingToken.mint(driver.address, 222n);
    await dropped.wait();
    const replacedHash = (await fixture.provider.getBlock(await fixture.provider.getBlockNumber()))?.hash;
    await sleep(1_000); // polls happen; neither block has its confirmations
    // both blocks replaced: the first by a block holding the same top-up again, the second by an empty one
    await fixture.provider.send('anvil_reorg', [2, [[reincluded.raw, 0]]]);
    expect(await fixture.provider.getTransactionReceipt(dropped.hash)).toBeNull();
    expect((await fixture.provider.getBlock(await fixture.provider.getBlockNumber()))?.hash).not.toBe(replacedHash);
    const receipt = await fixture.provider.getTransactionReceipt(reincluded.hash);
    expect(receipt).not.toBeNull();
    await mine(confirmations + 1);

    const after = await payments(before.length + 1, 2_000);
    expect(after).toHaveLength(before.length + 1);
    expect(topUpHashes(after).filter((hash) => hash === reincluded.hash)).toHaveLength(1);
    expect(topUpHashes(after)).not.toContain(dropped.hash);
    expect(after.at(-1)).toMatchObject({ txHash: reincluded.hash, blockNumber: receipt?.blockNumber });
  });

  it('neither loses nor duplicates events when killed (SIGKILL) and started again', async () => {
    const before = await payments(6, 500);
    const hashes: string[] = [];
    const topUps = async (count: number) => {
      for (let i = 0; i < count; i += 1) {
        const tx = await fixture.contracts.chargingToken.mint(driver.address, BigInt(1_000 + hashes.length));
        await tx.wait();
        hashes.push(tx.hash);
      }
    };
    await topUps(6);
    await payments(before.length + 1, 0); // it is publishing
    await listener?.kill('SIGKILL');
    await topUps(6);
    await mine(confirmations);
    listener = startConnector(fixture, 'listener-restarted', {
      VZ_CHAIN_EXECUTOR_ENABLED: 'false',
      VZ_CHAIN_CONFIRMATIONS: String(confirmations),
      VZ_CHAIN_BLOCK_CHUNK: '3',
    });
    const after = await payments(before.length + hashes.length, 3_000);
    expect(after).toHaveLength(before.length + hashes.length);
    expect(new Set(after.map((event) => event.eventId)).size).toBe(after.length);
    expect(topUpHashes(after).slice(-hashes.length)).toEqual(hashes);
  });

  it('neither loses nor duplicates events when SIGKILLed at random instants while publishing one block a transaction', async () => {
    const before = await payments(18, 500);
    const hashes: string[] = [];
    const restart = (index: number) =>
      startConnector(fixture, `listener-kill-${index}`, {
        VZ_CHAIN_EXECUTOR_ENABLED: 'false',
        VZ_CHAIN_CONFIRMATIONS: '0',
        VZ_CHAIN_BLOCK_CHUNK: '1',
        VZ_CHAIN_POLL_INTERVAL_MS: '10',
      });
    await listener?.kill('SIGKILL');
    for (let round = 0; round < 6; round += 1) {
      // a backlog of blocks while it is down, then killed at a random instant of catching up (startup takes ~1 s)
      for (let i = 0; i < 8; i += 1) {
        const tx = await fixture.contracts.chargingToken.mint(driver.address, BigInt(2_000 + hashes.length));
        await tx.wait();
        hashes.push(tx.hash);
      }
      listener = restart(round);
      await sleep(800 + Math.floor(Math.random() * 1_200));
      await listener.kill('SIGKILL');
    }
    listener = restart(6);
    const after = await payments(before.length + hashes.length, 3_000);
    expect(after).toHaveLength(before.length + hashes.length);
    expect(new Set(after.map((event) => event.eventId)).size).toBe(after.length);
    expect(topUpHashes(after).slice(-hashes.length)).toEqual(hashes);
    await sleep(500);
  });

  it('stops with exit code 4 naming both hashes when a reorganisation goes deeper than the confirmations', async () => {
    await listener?.kill('SIGKILL');
    listener = startConnector(fixture, 'listener-deep-reorg', {
      VZ_CHAIN_EXECUTOR_ENABLED: 'false',
      VZ_CHAIN_CONFIRMATIONS: String(confirmations),
    });
    await mine(confirmations + 1);
    await sleep(3_000); // caught up: its cursor is the block `confirmations` below the head
    // replace the cursor's block and the ones above it
    await fixture.provider.send('anvil_reorg', [confirmations + 2, []]);
    const code = await Promise.race([listener.exited, sleep(20_000, 'still running', { ref: false })]);
    expect(code).toBe(4);
    const log = await readFile(listener.logFile, 'utf8');
    expect(log).toMatch(
      /reorganisation deeper than 2 confirmations: block \d+ was 0x[0-9a-f]{64} when its events were published and is 0x[0-9a-f]{64} now/,
    );
  });
});
