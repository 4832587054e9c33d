import type { VersionHandler } from '../../handlers/handler.ts';
import { epochMillisOf, signedMeterStopOf, stopReasonOf } from '../../normalize/events.ts';
import { idTagInfo } from '../answers.ts';
import { meterEvents } from '../meter-values.ts';

/** StopTransaction.req (§4.10): its transactionData as samples, then the end (with the signed end reading). */
export const stopTransaction: VersionHandler<'ocpp1.6', 'StopTransaction'> = {
  action: 'StopTransaction',
  answer: async (request, call) =>
    request.idTag === undefined
      ? { response: {} }
      : { response: { idTagInfo: idTagInfo(await call.authorize(request.idTag, 'check')) } },
  normalize: (request, _response, { chargerId }) => {
    const transactionId = String(request.transactionId);
    const transactionData = meterEvents(chargerId, null, transactionId, request.transactionData ?? []);
    return [
      ...transactionData,
      {
        eventId: `${chargerId}/tx/${transactionId}/ended`,
        occurredAt: epochMillisOf(request.timestamp),
        payload: {
          'vz.charger.TransactionEnded': {
            transactionId,
            connectorId: null,
            evseId: null,
            idTag: request.idTag ?? null,
            meterStopWh: request.meterStop,
            reason: stopReasonOf(request.reason),
            signedMeterStop: signedMeterStopOf(transactionData),
          },
        },
      },
    ];
  },
};
