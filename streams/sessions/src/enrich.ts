import type { RegistryView } from '@vz/registry';
import type { ChargingSession } from '@vz/schemas';

/**
 * Who a session belongs to, from the registry as of the session's start (never "now", so a replay finds what the
 * live run found): the station whose EVSEs hold the charger, and the account that pays for the token (the token's
 * account, or the fleet paying for it). The escrow lock is not looked up here: the central system puts it on the
 * start event (TransactionStarted.escrowId), which derive copies.
 */
export function enrichSession(session: ChargingSession, registry: RegistryView): ChargingSession {
  const stationId = session.stationId ?? registry.stationOf(session.chargerId, session.startedAt)?.stationId ?? null;
  const accountId =
    session.accountId ??
    (session.idTag === null ? null : (registry.payerOf(session.idTag, session.startedAt)?.partyId ?? null));
  if (stationId === session.stationId && accountId === session.accountId) return session;
  return { ...session, stationId, accountId };
}
