import { createHash } from 'node:crypto';
import type { Ocpp16 } from '@vz/ocpp';
import { type AuthorizationOutcome, isoOf, ocppTokenStatus } from '../handlers/authorization.ts';

export type IdTagInfo = Ocpp16.AuthorizeResponse['idTagInfo'];

/** The statuses 1.6 has (§7.2 AuthorizationStatus); a 2.0.1-only one would fail the answer's schema validation. */
const statuses16 = new Set<string>(['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx']);
const isStatus16 = (status: string): status is IdTagInfo['status'] => statuses16.has(status);

/**
 * IdTagInfo (§7.23) of a token decision: 2.0.1-only statuses are Invalid here, and a prepaid start without its lock
 * (no credit, or no outcome in time) is Invalid too, as 1.6 has neither NoCredit nor NotAtThisTime.
 */
export function idTagInfo({ decision, prepaid }: AuthorizationOutcome): IdTagInfo {
  const token = ocppTokenStatus(decision);
  const refused = prepaid?.kind === 'NO_CREDIT' || prepaid?.kind === 'UNAVAILABLE';
  const status = refused || !isStatus16(token) ? 'Invalid' : token;
  return {
    status,
    ...(decision.expiresAt === null ? {} : { expiryDate: isoOf(decision.expiresAt) }),
    ...(decision.parentIdTag === null ? {} : { parentIdTag: decision.parentIdTag }),
  };
}

/**
 * OCPP 1.6 transaction ids are the CSMS's to give (§4.8). Derived from what identifies the start, so a charger that
 * sends the same StartTransaction again (a replay after reconnect) gets the same id and nothing is counted twice;
 * 31 bits because 1.6 declares it an integer and chargers keep it in an int32.
 */
export function transactionIdFor(chargerId: string, request: Ocpp16.StartTransactionRequest): number {
  const digest = createHash('sha256')
    .update(JSON.stringify([chargerId, request.connectorId, request.idTag, request.timestamp, request.meterStart]))
    .digest();
  return digest.readUInt32BE(0) & 0x7fffffff || 1;
}
