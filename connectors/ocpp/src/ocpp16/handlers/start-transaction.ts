import { escrowOf } from '../../handlers/authorization.ts';
import type { VersionHandler } from '../../handlers/handler.ts';
import { epochMillisOf } from '../../normalize/events.ts';
import { idTagInfo, transactionIdFor } from '../answers.ts';

/** StartTransaction.req (§4.8): the central system gives the transaction id; a prepaid start needs its lock. */
export const startTransaction: VersionHandler<'ocpp1.6', 'StartTransaction'> = {
  action: 'StartTransaction',
  answer: async (request, call) => {
    const outcome = await call.authorize(request.idTag, 'start');
    return {
      response: { transactionId: transactionIdFor(call.chargerId, request), idTagInfo: idTagInfo(outcome) },
      escrowId: escrowOf(outcome),
    };
  },
  normalize: (request, response, { chargerId }) => {
    const transactionId = String(response.transactionId);
    return [
      {
        eventId: `${chargerId}/tx/${transactionId}/started`,
        occurredAt: epochMillisOf(request.timestamp),
        payload: {
          'vz.charger.TransactionStarted': {
            transactionId,
            connectorId: request.connectorId,
            evseId: null,
            idTag: request.idTag,
            meterStartWh: request.meterStart,
            reservationId: request.reservationId ?? null,
            remoteStartId: null,
            triggerReason: null,
            escrowId: null,
          },
        },
      },
    ];
  },
};
