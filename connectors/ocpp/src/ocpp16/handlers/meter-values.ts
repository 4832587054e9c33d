import { noAnswer } from '../../handlers/common.ts';
import type { VersionHandler } from '../../handlers/handler.ts';
import { meterEvents } from '../meter-values.ts';

/** MeterValues.req (§4.7): one MeterSampled per MeterValue. */
export const meterValues: VersionHandler<'ocpp1.6', 'MeterValues'> = {
  action: 'MeterValues',
  answer: noAnswer,
  normalize: (request, _response, { chargerId }) =>
    meterEvents(
      chargerId,
      request.connectorId,
      request.transactionId === undefined ? null : String(request.transactionId),
      request.meterValue,
    ),
};
