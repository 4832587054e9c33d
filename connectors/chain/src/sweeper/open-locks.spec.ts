import { describe, expect, it } from '@jest/globals';
import type { PaymentEvent } from '@vz/schemas';
import { refundOrder } from '../../test/samples.ts';
import { OpenLocks } from './open-locks.ts';

const wallet = `0x${'e0'.repeat(20)}`;
const escrow = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;

function paymentEvent(eventId: string, payload: PaymentEvent['payload']): PaymentEvent {
  return {
    eventId,
    occurredAt: 1_770_000_000_000,
    causationId: eventId,
    accountId: `wallet:${wallet}`,
    walletAddress: wallet,
    chainId: 31337,
    txHash: null,
    blockNumber: null,
    logIndex: null,
    payload,
  };
}

const money = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
const locked = (n: number, expiresAt: number) =>
  paymentEvent(`lock-event-${n}`, {
    'vz.payment.EscrowLocked': {
      escrowId: escrow(n),
      sessionId: null,
      chargerId: 'CP-1',
      idTag: 'T',
      amount: money(2_000),
      expiresAt,
    },
  });
const settled = (n: number) =>
  paymentEvent(`settle-event-${n}`, {
    'vz.payment.EscrowSettled': {
      escrowId: escrow(n),
      sessionId: null,
      settlementId: null,
      lockedAmount: money(2_000),
      chargedAmount: money(1_000),
      refundedAmount: money(1_000),
    },
  });

describe('OpenLocks (the lock sweeper)', () => {
  it('orders the refund of an open lock once the chain time reaches its expiry, once, deterministically', () => {
    const locks = new OpenLocks();
    locks.applyPaymentEvent(locked(1, 5_000));
    locks.applyPaymentEvent(locked(2, 9_000));
    expect(locks.due(4_999)).toEqual([]);
    expect(locks.due(5_000)).toEqual([
      {
        escrowId: escrow(1),
        order: {
          eventId: `refund:${escrow(1)}`,
          occurredAt: 5_000,
          causationId: 'lock-event-1',
          accountId: `wallet:${wallet}`,
          walletAddress: wallet,
          payload: { 'vz.payment.EscrowRefundOrder': { escrowId: escrow(1), reason: 'lock-expired' } },
        },
      },
    ]);
    expect(locks.due(6_000)).toEqual([]); // ordered already
    locks.unorder(escrow(1)); // the send failed
    expect(locks.due(6_000).map(({ escrowId }) => escrowId)).toEqual([escrow(1)]);
  });

  it('leaves settled and refunded locks alone, whichever topic said so first, and orders seen before a restart', () => {
    const locks = new OpenLocks();
    locks.applyPaymentEvent(settled(3)); // the settlement's event read before the lock's
    locks.applyPaymentEvent(locked(3, 1_000));
    locks.applyPaymentEvent(locked(4, 1_000));
    locks.applyPaymentEvent(settled(4));
    locks.applyPaymentEvent(locked(5, 1_000));
    locks.applyCommand(refundOrder(escrow(5), wallet)); // written before the restart
    expect(locks.size).toBe(1);
    expect(locks.due(10_000)).toEqual([]);
  });
});
