import type { TokenDecision } from '@vz/edge';
import type { AuthorizationStatus } from '@vz/schemas';

/** OCPP's spelling of our statuses (1.6 §7.2 AuthorizationStatus, 2.0.1 §3.4 AuthorizationStatusEnumType). */
const ocppNames: Record<AuthorizationStatus, string> = {
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
};
const in16 = new Set(['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx']);

/**
 * The OCPP status answering a token book decision (libs/edge TokenBook). A 2.0.1-only status sent to a 1.6 charger
 * would fail its schema validation: it is Invalid there.
 */
export function ocppTokenStatus(decision: TokenDecision, protocol: 'ocpp1.6' | 'ocpp2.0.1'): string {
  const name = ocppNames[decision.status];
  return protocol === 'ocpp1.6' && !in16.has(name) ? 'Invalid' : name;
}
