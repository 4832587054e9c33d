import type { PrepaidAuthorizer, PrepaidDecision, TokenBook, TokenDecision } from '@vz/edge';
import type { AuthorizationStatus } from '@vz/schemas';
import type { Logger } from 'pino';

/**
 * Why a token is presented: an Authorize, the start of a transaction (both need a prepaid account's escrow lock
 * before charging), or a check of the token alone (a 1.6 StopTransaction, a 2.0.1 TransactionEvent mid-way).
 */
export type AuthorizationPurpose = 'authorize' | 'start' | 'check';

export interface AuthorizationOutcome {
  readonly decision: TokenDecision;
  /** Only for an accepted token presented to authorize or start, when prepaid starts are on. */
  readonly prepaid: PrepaidDecision | undefined;
}

/** Without `registry.tokens` every token is accepted. */
const acceptedWithoutBook: TokenDecision = { status: 'ACCEPTED', known: false, expiresAt: null, parentIdTag: null };

export interface AuthorizationSources {
  readonly tokens: TokenBook | undefined;
  readonly prepaid: PrepaidAuthorizer | undefined;
  readonly logger: Logger;
}

/** Decides a presented token from the token book, then, for an accepted start of a prepaid account, its lock. */
export async function authorizeToken(
  sources: AuthorizationSources,
  request: { chargerId: string; idTag: string; requestId: string; purpose: AuthorizationPurpose },
): Promise<AuthorizationOutcome> {
  const { chargerId, idTag, requestId, purpose } = request;
  const decision = sources.tokens?.decide(idTag) ?? acceptedWithoutBook;
  if (decision.status !== 'ACCEPTED' || purpose === 'check' || sources.prepaid === undefined) {
    return { decision, prepaid: undefined };
  }
  const prepaid = await sources.prepaid.authorize({
    chargerId,
    idTag,
    requestId,
    at: Date.now(),
    handOver: purpose === 'start',
  });
  if (prepaid.kind !== 'LOCKED' && prepaid.kind !== 'NOT_PREPAID') {
    sources.logger.warn({ chargerId, idTag, reason: prepaid.reason }, 'prepaid start refused');
  }
  return { decision, prepaid };
}

/** The lock of a prepaid start that got one, for the TransactionStarted. */
export function escrowOf(outcome: AuthorizationOutcome): string | null {
  return outcome.prepaid?.kind === 'LOCKED' ? outcome.prepaid.escrowId : null;
}

/** OCPP's spelling of our statuses (1.6 §7.2 AuthorizationStatus, 2.0.1 §3.4 AuthorizationStatusEnumType). */
const ocppNames = {
  ACCEPTED: 'Accepted',
  BLOCKED: 'Blocked',
  EXPIRED: 'Expired',
  INVALID: 'Invalid',
  CONCURRENT_TX: 'ConcurrentTx',
  NO_CREDIT: 'NoCredit',
  NOT_ALLOWED_TYPE_EVSE: 'NotAllowedTypeEVSE',
  NOT_AT_THIS_LOCATION: 'NotAtThisLocation',
  NOT_AT_THIS_TIME: 'NotAtThisTime',
  UNKNOWN: 'Unknown',
} as const satisfies Record<AuthorizationStatus, string>;

export type OcppAuthorizationStatus = (typeof ocppNames)[AuthorizationStatus];

/** The OCPP status answering a token book decision (libs/edge TokenBook), before what a version can say. */
export function ocppTokenStatus(decision: TokenDecision): OcppAuthorizationStatus {
  return ocppNames[decision.status];
}

/** ISO 8601 of an epoch-ms expiry, as both versions write it. */
export const isoOf = (epochMs: number): string => new Date(epochMs).toISOString();
