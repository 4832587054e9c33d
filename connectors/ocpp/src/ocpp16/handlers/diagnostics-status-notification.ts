import { noAnswer } from '../../handlers/common.ts';
import type { VersionHandler } from '../../handlers/handler.ts';
import { untimed } from '../../normalize/events.ts';

/** DiagnosticsStatusNotification.req (§4.4): progress of a diagnostics upload. */
export const diagnosticsStatusNotification: VersionHandler<'ocpp1.6', 'DiagnosticsStatusNotification'> = {
  action: 'DiagnosticsStatusNotification',
  answer: noAnswer,
  normalize: (request) => [
    untimed({ 'vz.charger.DiagnosticsStatusChanged': { status: request.status, requestId: null } }),
  ],
};
