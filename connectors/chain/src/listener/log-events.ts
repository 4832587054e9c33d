/**
 * Contract logs as platform events: pure given the log, its block's timestamp and (for a revocation) the grant it ends.
 * The README's mapping table is this file in words.
 */
import { InternalError } from '@vz/core';
import type { Consent, DataScope, Money, PaymentEvent } from '@vz/schemas';
import type { LogDescription } from 'ethers';
import { lowerAddress, scopeOfHash, walletAccountId } from '../encoding.ts';

/** Where a log sits on chain. */
export interface LogPosition {
  readonly chainId: number;
  readonly txHash: string;
  readonly blockNumber: number;
  readonly logIndex: number;
  /** Block timestamp, epoch ms. */
  readonly blockTimestampMs: number;
}

/** An amount of the charging token (0 decimals) as Money; refuses what a long cannot carry exactly in JavaScript. */
export function tokenMoney(amount: bigint, currency: string): Money {
  if (amount < 0n || amount > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InternalError(`token amount ${amount} does not fit an exact Money amount`);
  }
  return { amountMinor: Number(amount), currency };
}

/** `<chainId>:<txHash>:<logIndex>`: the event id of everything mirrored from a log. */
export function logEventId(position: LogPosition): string {
  return `${position.chainId}:${position.txHash}:${position.logIndex}`;
}

function paymentEvent(position: LogPosition, wallet: string, payload: PaymentEvent['payload']): PaymentEvent {
  return {
    eventId: logEventId(position),
    occurredAt: position.blockTimestampMs,
    causationId: `${position.chainId}:${position.txHash}`,
    accountId: walletAccountId(wallet),
    walletAddress: lowerAddress(wallet),
    chainId: position.chainId,
    txHash: position.txHash,
    blockNumber: position.blockNumber,
    logIndex: position.logIndex,
    payload,
  };
}

const zeroAddress = `0x${'00'.repeat(20)}`;

/**
 * ChargingToken `Transfer` from address(0), i.e. a mint: the account topped up. Other transfers: undefined. The
 * payment reference is the `ref` of the `ToppedUp` that follows the mint in its transaction (keccak256 of the
 * TopUpOrder's paymentReference: whoever holds the order recomputes it), else (a plain `mint`) `<chainId>:<txHash>`.
 */
export function topUpOf(
  log: LogDescription,
  position: LogPosition,
  currency: string,
  toppedUpRef?: string,
): PaymentEvent | undefined {
  const [from, to, value] = log.args as unknown as [string, string, bigint];
  if (from.toLowerCase() !== zeroAddress) return undefined;
  return paymentEvent(position, to, {
    'vz.payment.TopUp': {
      amount: tokenMoney(value, currency),
      balanceAfter: null,
      paymentReference: toppedUpRef?.toLowerCase() ?? `${position.chainId}:${position.txHash}`,
    },
  });
}

/** Escrow `Locked`, `Settled`, `Refunded` as the driver's payment events; undefined for the Escrow's other logs. */
export function escrowEventOf(log: LogDescription, position: LogPosition, currency: string): PaymentEvent | undefined {
  const money = (amount: bigint) => tokenMoney(amount, currency);
  const sessionRef = (log.args[0] as string).toLowerCase();
  const driver = log.args[1] as string;
  switch (log.name) {
    case 'Locked': {
      const [, , chargerId, idTag, amount, expiresAt] = log.args as unknown as [
        string,
        string,
        string,
        string,
        bigint,
        bigint,
      ];
      return paymentEvent(position, driver, {
        'vz.payment.EscrowLocked': {
          escrowId: sessionRef,
          sessionId: null,
          chargerId,
          idTag,
          amount: money(amount),
          expiresAt: Number(expiresAt) * 1000,
        },
      });
    }
    case 'Settled': {
      const [, , locked, cost, refunded] = log.args as unknown as [string, string, bigint, bigint, bigint];
      return paymentEvent(position, driver, {
        'vz.payment.EscrowSettled': {
          escrowId: sessionRef,
          // The chain knows the lock, not the session or the settlement: billing.settlements joins them by escrowId.
          sessionId: null,
          settlementId: null,
          lockedAmount: money(locked),
          chargedAmount: money(cost),
          refundedAmount: money(refunded),
        },
      });
    }
    case 'Refunded': {
      const amount = log.args[2] as bigint;
      return paymentEvent(position, driver, {
        'vz.payment.EscrowRefunded': {
          escrowId: sessionRef,
          sessionId: null,
          amount: money(amount),
          reason: 'lock-expired',
        },
      });
    }
    default:
      return undefined;
  }
}

/** One on-chain consent: (participant, partner, scope); its id is the same for its grant and its revocation. */
export function consentIdOf(chainId: number, participant: string, partner: string, scope: DataScope | string): string {
  return `chain:${chainId}:${lowerAddress(participant)}:${lowerAddress(partner)}:${scope}`;
}

/** The grant a consent event refers to (for a revocation: the latest grant before it). */
export interface GrantFacts {
  readonly grantedAtMs: number;
  /** ConsentGranted's expiresAt in seconds; 0 for none. */
  readonly expiresAtSeconds: bigint;
}

/**
 * ConsentRegistry `ConsentGranted` / `ConsentRevoked` as the consent's latest state. A revocation carries its grant's
 * validity when the grant was found (`grant`), else it is valid from the revocation itself.
 */
export function consentOf(log: LogDescription, position: LogPosition, grant?: GrantFacts): Consent | undefined {
  if (log.name !== 'ConsentGranted' && log.name !== 'ConsentRevoked') return undefined;
  const [participant, partner, scopeHash] = log.args as unknown as [string, string, string];
  const scope = scopeOfHash(scopeHash);
  const granted = log.name === 'ConsentGranted';
  const facts: GrantFacts = granted
    ? { grantedAtMs: position.blockTimestampMs, expiresAtSeconds: log.args[3] as bigint }
    : (grant ?? { grantedAtMs: position.blockTimestampMs, expiresAtSeconds: 0n });
  const eventId = logEventId(position);
  return {
    eventId,
    occurredAt: position.blockTimestampMs,
    causationId: eventId,
    consentId: consentIdOf(position.chainId, participant, partner, scope === 'UNKNOWN' ? scopeHash : scope),
    subjectId: walletAccountId(participant),
    partnerId: walletAccountId(partner),
    scopes: [scope],
    purpose: null,
    validFromAt: facts.grantedAtMs,
    validUntilAt: facts.expiresAtSeconds === 0n ? null : Number(facts.expiresAtSeconds) * 1000,
    revoked: !granted,
    revokedAt: granted ? null : position.blockTimestampMs,
  };
}
