import type { Ocpp201 } from '@vz/ocpp';
import { type AuthorizationOutcome, isoOf, ocppTokenStatus } from '../handlers/authorization.ts';

/**
 * IdTokenInfoType (§2.29) of a token decision; a prepaid start without its lock is NoCredit (no balance or
 * allowance) or NotAtThisTime (no outcome in time), so the charger does not charge.
 */
export function idTokenInfo({ decision, prepaid }: AuthorizationOutcome): Ocpp201.IdTokenInfoType {
  const status =
    prepaid?.kind === 'NO_CREDIT'
      ? 'NoCredit'
      : prepaid?.kind === 'UNAVAILABLE'
        ? 'NotAtThisTime'
        : ocppTokenStatus(decision);
  return {
    status,
    ...(decision.expiresAt === null ? {} : { cacheExpiryDateTime: isoOf(decision.expiresAt) }),
    ...(decision.parentIdTag === null ? {} : { groupIdToken: { idToken: decision.parentIdTag, type: 'Central' } }),
  };
}
