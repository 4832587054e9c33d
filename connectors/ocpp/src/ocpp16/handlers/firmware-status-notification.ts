import { noAnswer } from '../../handlers/common.ts';
import type { VersionHandler } from '../../handlers/handler.ts';
import { untimed } from '../../normalize/events.ts';

/** FirmwareStatusNotification.req (§4.5): progress of a firmware update. */
export const firmwareStatusNotification: VersionHandler<'ocpp1.6', 'FirmwareStatusNotification'> = {
  action: 'FirmwareStatusNotification',
  answer: noAnswer,
  normalize: (request) => [
    untimed({ 'vz.charger.FirmwareStatusChanged': { status: request.status, requestId: null } }),
  ],
};
