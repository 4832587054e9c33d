import { noAnswer } from '../../handlers/common.ts';
import type { VersionHandler } from '../../handlers/handler.ts';
import { connectorStatusOf, epochMillisOf } from '../../normalize/events.ts';

/** StatusNotificationRequest (G01): a connector's status; faults come as NotifyEvent. */
export const statusNotification: VersionHandler<'ocpp2.0.1', 'StatusNotification'> = {
  action: 'StatusNotification',
  answer: noAnswer,
  normalize: (request) => [
    {
      eventId: undefined,
      occurredAt: epochMillisOf(request.timestamp),
      payload: {
        'vz.charger.StatusChanged': {
          connectorId: request.connectorId,
          evseId: request.evseId,
          status: connectorStatusOf(request.connectorStatus),
          errorCode: null,
          info: null,
          vendorId: null,
          vendorErrorCode: null,
        },
      },
    },
  ],
};
