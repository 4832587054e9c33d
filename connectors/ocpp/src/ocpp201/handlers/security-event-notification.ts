import { noAnswer } from '../../handlers/common.ts';
import type { VersionHandler } from '../../handlers/handler.ts';
import { epochMillisOf } from '../../normalize/events.ts';

/** SecurityEventNotificationRequest (A04): a security event of the station. */
export const securityEventNotification: VersionHandler<'ocpp2.0.1', 'SecurityEventNotification'> = {
  action: 'SecurityEventNotification',
  answer: noAnswer,
  normalize: (request) => [
    {
      eventId: undefined,
      occurredAt: epochMillisOf(request.timestamp),
      payload: {
        'vz.charger.SecurityEventReported': { type: request.type, techInfo: request.techInfo ?? null },
      },
    },
  ],
};
