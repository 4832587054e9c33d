import { noAnswer } from '../../handlers/common.ts';
import type { VersionHandler } from '../../handlers/handler.ts';
import { connectorStatusOf, epochMillisOf, type NormalizedEvent } from '../../normalize/events.ts';

/** StatusNotification.req (§4.9): a connector's status, and a fault when it reports an error code. */
export const statusNotification: VersionHandler<'ocpp1.6', 'StatusNotification'> = {
  action: 'StatusNotification',
  answer: noAnswer,
  normalize: (request) => {
    const occurredAt = epochMillisOf(request.timestamp);
    const { connectorId, errorCode } = request;
    const detail = {
      info: request.info ?? null,
      vendorId: request.vendorId ?? null,
      vendorErrorCode: request.vendorErrorCode ?? null,
    };
    const events: NormalizedEvent[] = [
      {
        eventId: undefined,
        occurredAt,
        payload: {
          'vz.charger.StatusChanged': {
            connectorId,
            evseId: null,
            status: connectorStatusOf(request.status),
            errorCode: errorCode === 'NoError' ? null : errorCode,
            ...detail,
          },
        },
      },
    ];
    if (errorCode !== 'NoError') {
      events.push({
        eventId: undefined,
        occurredAt,
        payload: { 'vz.charger.FaultReported': { connectorId, evseId: null, errorCode, ...detail, cleared: false } },
      });
    }
    return events;
  },
};
