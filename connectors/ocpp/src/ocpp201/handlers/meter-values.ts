import { noAnswer } from '../../handlers/common.ts';
import type { VersionHandler } from '../../handlers/handler.ts';
import { meterEvents } from '../meter-values.ts';

/** MeterValuesRequest (J01): samples outside a transaction, at an EVSE (0: the main meter). */
export const meterValues: VersionHandler<'ocpp2.0.1', 'MeterValues'> = {
  action: 'MeterValues',
  answer: noAnswer,
  normalize: (request, _response, { chargerId }) =>
    meterEvents(chargerId, { transactionId: null, connectorId: null, evseId: request.evseId }, request.meterValue),
};
