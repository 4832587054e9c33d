/**
 * The lock sweeper's view: the escrow locks still open, from payment.events, and the refund orders already written,
 * from payment.commands. Pure: the worker feeds it and asks what is due at the chain's time.
 */
import type { PaymentCommand, PaymentEvent } from '@vz/schemas';

interface OpenLock {
  readonly escrowId: string;
  readonly accountId: string;
  readonly walletAddress: string;
  readonly expiresAt: number;
  /** The EscrowLocked event's id: the refund order's causationId. */
  readonly lockEventId: string;
}

/** The refund order's eventId: one per lock, whoever writes it and however often. */
export function refundOrderIdOf(escrowId: string): string {
  return `refund:${escrowId.toLowerCase()}`;
}

export class OpenLocks {
  readonly #open = new Map<string, OpenLock>();
  /** Escrow ids closed (settled, refunded) before or after their lock was seen (the topics are not co-ordered). */
  readonly #closed = new Set<string>();
  readonly #ordered = new Set<string>();

  get size(): number {
    return this.#open.size;
  }

  applyPaymentEvent(event: PaymentEvent): void {
    const { payload } = event;
    if ('vz.payment.EscrowLocked' in payload) {
      const locked = payload['vz.payment.EscrowLocked'];
      const escrowId = locked.escrowId.toLowerCase();
      if (this.#closed.has(escrowId) || event.walletAddress === null || locked.expiresAt === null) return;
      this.#open.set(escrowId, {
        escrowId,
        accountId: event.accountId,
        walletAddress: event.walletAddress,
        expiresAt: locked.expiresAt,
        lockEventId: event.eventId,
      });
    } else if ('vz.payment.EscrowSettled' in payload || 'vz.payment.EscrowRefunded' in payload) {
      const closed =
        'vz.payment.EscrowSettled' in payload
          ? payload['vz.payment.EscrowSettled']
          : payload['vz.payment.EscrowRefunded'];
      const escrowId = closed.escrowId.toLowerCase();
      this.#closed.add(escrowId);
      this.#open.delete(escrowId);
    }
  }

  /** A refund order seen on payment.commands (ours, from before a restart, or anyone's): not written again. */
  applyCommand(command: PaymentCommand): void {
    const { payload } = command;
    if ('vz.payment.EscrowRefundOrder' in payload) {
      this.#ordered.add(payload['vz.payment.EscrowRefundOrder'].escrowId.toLowerCase());
    }
  }

  /**
   * The refund orders due at `chainTimeMs` (the latest block's time): one per open lock whose expiresAt it reached and
   * that has no order yet, deterministic from the lock event (eventId `refund:<escrowId>`, occurredAt = expiresAt,
   * causationId = the lock's eventId). Marks them ordered.
   */
  due(chainTimeMs: number): { readonly escrowId: string; readonly order: PaymentCommand }[] {
    const orders: { escrowId: string; order: PaymentCommand }[] = [];
    for (const lock of this.#open.values()) {
      if (lock.expiresAt > chainTimeMs || this.#ordered.has(lock.escrowId)) continue;
      this.#ordered.add(lock.escrowId);
      orders.push({
        escrowId: lock.escrowId,
        order: {
          eventId: refundOrderIdOf(lock.escrowId),
          occurredAt: lock.expiresAt,
          causationId: lock.lockEventId,
          accountId: lock.accountId,
          walletAddress: lock.walletAddress,
          payload: { 'vz.payment.EscrowRefundOrder': { escrowId: lock.escrowId, reason: 'lock-expired' } },
        },
      });
    }
    return orders;
  }

  /** Forgets that an order was written (its send failed): it is due again. */
  unorder(escrowId: string): void {
    this.#ordered.delete(escrowId.toLowerCase());
  }
}
