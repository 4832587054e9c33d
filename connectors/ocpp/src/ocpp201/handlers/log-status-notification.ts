import { noAnswer } from '../../handlers/common.ts';
import type { VersionHandler } from '../../handlers/handler.ts';
import { untimed } from '../../normalize/events.ts';

/** LogStatusNotificationRequest (N01): progress of a log upload, kept as diagnostics status as in 1.6. */
export const logStatusNotification: VersionHandler<'ocpp2.0.1', 'LogStatusNotification'> = {
  action: 'LogStatusNotification',
  answer: noAnswer,
  normalize: (request) => [
    untimed({
      'vz.charger.DiagnosticsStatusChanged': { status: request.status, requestId: request.requestId ?? null },
    }),
  ],
};
