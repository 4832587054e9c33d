import { describe, expect, it } from '@jest/globals';
import type { Party } from '@vz/schemas';
import { sampleParty, sampleToken } from '@vz/testing';
import { RegistryView } from './view.ts';

const party = (partyId: string, occurredAt: number, extra: Partial<Party> = {}): Party =>
  sampleParty(partyId, null, { roles: ['DRIVER'], paymentMode: 'PREPAID', occurredAt, ...extra });

const token = (idTag: string, accountId: string | null) => sampleToken(idTag, accountId, { occurredAt: 100 });

describe('RegistryView parties', () => {
  it('answers the wallet a party had at an instant, and none before it was registered or after it was removed', () => {
    const view = new RegistryView();
    view.applyParty(party('cpo', 100, { roles: ['CPO'], walletAddress: '0x01' }));
    view.applyParty(party('cpo', 200, { roles: ['CPO'], walletAddress: '0x02' }));
    view.applyParty(party('cpo', 300, { deleted: true }));
    expect(view.walletOf('cpo', 99)).toBeNull();
    expect(view.walletOf('cpo', 150)).toBe('0x01');
    expect(view.walletOf('cpo', 250)).toBe('0x02');
    expect(view.walletOf('cpo', 300)).toBeNull();
  });

  it("finds the account paying for a token: the token's account, or the fleet that pays for it (once)", () => {
    const view = new RegistryView();
    view.applyParty(party('fleet', 100, { roles: ['FLEET'], paymentMode: 'POSTPAID', payerPartyId: 'elsewhere' }));
    view.applyParty(party('driver-1', 100, { payerPartyId: 'fleet' }));
    view.applyParty(party('driver-2', 100));
    view.applyToken(token('T1', 'driver-1'));
    view.applyToken(token('T2', 'driver-2'));
    view.applyToken(token('T3', null));
    view.applyToken(token('T4', 'unregistered'));
    expect(view.payerOf('T1', 150)?.partyId).toBe('fleet');
    expect(view.payerOf('T2', 150)?.partyId).toBe('driver-2');
    expect(view.payerOf('T3', 150)).toBeUndefined();
    expect(view.payerOf('T4', 150)).toBeUndefined();
    expect(view.payerOf('unknown', 150)).toBeUndefined();
  });

  it('finds a lock by its escrow id, whatever its case', () => {
    const view = new RegistryView();
    const escrowId = `0x${'AB'.repeat(32)}`;
    view.applyPayment({
      eventId: 'e',
      occurredAt: 100,
      causationId: 'c',
      accountId: 'wallet:0x01',
      walletAddress: '0x01',
      chainId: 31337,
      txHash: null,
      blockNumber: null,
      logIndex: null,
      payload: {
        'vz.payment.EscrowLocked': {
          escrowId,
          sessionId: null,
          chargerId: 'CP-1',
          idTag: 'T1',
          amount: { amountMinor: 2_000, currency: 'EUR' },
          expiresAt: null,
        },
      },
    });
    expect(view.lockOf(escrowId.toLowerCase())?.lock.amount.amountMinor).toBe(2_000);
  });
});
