import { noAnswer } from '../../handlers/common.ts';
import type { VersionHandler } from '../../handlers/handler.ts';
import { untimed } from '../../normalize/events.ts';

/** FirmwareStatusNotificationRequest (L01): progress of a firmware update. */
export const firmwareStatusNotification: VersionHandler<'ocpp2.0.1', 'FirmwareStatusNotification'> = {
  action: 'FirmwareStatusNotification',
  answer: noAnswer,
  normalize: (request) => [
    untimed({ 'vz.charger.FirmwareStatusChanged': { status: request.status, requestId: request.requestId ?? null } }),
  ],
};
