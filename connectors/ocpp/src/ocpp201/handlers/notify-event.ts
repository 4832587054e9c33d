import { noAnswer } from '../../handlers/common.ts';
import type { VersionHandler } from '../../handlers/handler.ts';
import { epochMillisOf } from '../../normalize/events.ts';

/** NotifyEventRequest (N07): one VariableEventReported per event element. */
export const notifyEvent: VersionHandler<'ocpp2.0.1', 'NotifyEvent'> = {
  action: 'NotifyEvent',
  answer: noAnswer,
  normalize: (request) =>
    request.eventData.map((data) => ({
      eventId: undefined,
      occurredAt: epochMillisOf(data.timestamp),
      payload: {
        'vz.charger.VariableEventReported': {
          component: data.component.name,
          variable: data.variable.name,
          actualValue: data.actualValue,
          trigger: data.trigger,
          eventNotificationType: data.eventNotificationType,
          evseId: data.component.evse?.id ?? null,
          cleared: data.cleared ?? null,
          techCode: data.techCode ?? null,
          techInfo: data.techInfo ?? null,
        },
      },
    })),
};
