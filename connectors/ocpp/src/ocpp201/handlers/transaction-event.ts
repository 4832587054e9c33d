import { escrowOf } from '../../handlers/authorization.ts';
import type { VersionHandler } from '../../handlers/handler.ts';
import {
  energyRegisterWh,
  epochMillisOf,
  meterSampled,
  signedMeterStopOf,
  stopReasonOf,
} from '../../normalize/events.ts';
import { idTokenInfo } from '../answers.ts';
import { samplesOf } from '../meter-values.ts';

/**
 * TransactionEventRequest (E01–E15): start, meter values and end in one message type; the charging station generates
 * the transaction id. A token on it is decided; a start, or a transaction authorised after it began (E02), needs a
 * prepaid account's lock before charging.
 */
export const transactionEvent: VersionHandler<'ocpp2.0.1', 'TransactionEvent'> = {
  action: 'TransactionEvent',
  answer: async (request, call) => {
    if (request.idToken === undefined) return { response: {} };
    const starts =
      request.eventType === 'Started' || (request.eventType === 'Updated' && request.triggerReason === 'Authorized');
    const outcome = await call.authorize(request.idToken.idToken, starts ? 'start' : 'check');
    return { response: { idTokenInfo: idTokenInfo(outcome) }, escrowId: escrowOf(outcome) };
  },
  normalize: (request, _response, { chargerId }) => {
    const info = request.transactionInfo;
    const { transactionId } = info;
    const evseId = request.evse?.id ?? null;
    const connectorId = request.evse?.connectorId ?? null;
    const occurredAt = epochMillisOf(request.timestamp);
    const idTag = request.idToken?.idToken ?? null;
    const samples = (request.meterValue ?? []).map((meterValue) => ({ meterValue, samples: samplesOf(meterValue) }));
    const meterEvents = samples.map(({ meterValue, samples: values }) =>
      meterSampled(chargerId, epochMillisOf(meterValue.timestamp), {
        transactionId,
        connectorId,
        evseId,
        samples: values,
      }),
    );
    const registers = samples
      .map(({ samples: values }) => energyRegisterWh(values))
      .filter((value) => value !== undefined);
    switch (request.eventType) {
      case 'Started':
        return [
          {
            eventId: `${chargerId}/tx/${transactionId}/started`,
            occurredAt,
            payload: {
              'vz.charger.TransactionStarted': {
                transactionId,
                connectorId,
                evseId,
                idTag,
                meterStartWh: registers[0] ?? null,
                reservationId: request.reservationId ?? null,
                remoteStartId: info.remoteStartId ?? null,
                triggerReason: request.triggerReason,
                escrowId: null,
              },
            },
          },
          ...meterEvents,
        ];
      case 'Ended':
        return [
          ...meterEvents,
          {
            eventId: `${chargerId}/tx/${transactionId}/ended`,
            occurredAt,
            payload: {
              'vz.charger.TransactionEnded': {
                transactionId,
                connectorId,
                evseId,
                idTag,
                meterStopWh: registers.at(-1) ?? null,
                reason: stopReasonOf(info.stoppedReason),
                signedMeterStop: signedMeterStopOf(meterEvents),
              },
            },
          },
        ];
      default:
        return meterEvents;
    }
  },
};
