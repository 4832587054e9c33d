import { bootAnswer } from '../../handlers/common.ts';
import type { VersionHandler } from '../../handlers/handler.ts';

/** BootNotification.req (§4.2): who the charge point is. */
export const bootNotification: VersionHandler<'ocpp1.6', 'BootNotification'> = {
  action: 'BootNotification',
  answer: (_request, call) => bootAnswer(call),
  normalize: (request) => [
    {
      eventId: undefined,
      occurredAt: undefined,
      payload: {
        'vz.charger.BootNotified': {
          vendor: request.chargePointVendor,
          model: request.chargePointModel,
          serialNumber: request.chargePointSerialNumber ?? request.chargeBoxSerialNumber ?? null,
          firmwareVersion: request.firmwareVersion ?? null,
          iccid: request.iccid ?? null,
          imsi: request.imsi ?? null,
          meterType: request.meterType ?? null,
          meterSerialNumber: request.meterSerialNumber ?? null,
          reason: null,
        },
      },
    },
  ],
};
