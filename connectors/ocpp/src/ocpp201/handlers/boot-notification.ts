import { bootAnswer } from '../../handlers/common.ts';
import type { VersionHandler } from '../../handlers/handler.ts';

/** BootNotificationRequest (B01): who the charging station is, and why it booted. */
export const bootNotification: VersionHandler<'ocpp2.0.1', 'BootNotification'> = {
  action: 'BootNotification',
  answer: (_request, call) => bootAnswer(call),
  normalize: ({ chargingStation: station, reason }) => [
    {
      eventId: undefined,
      occurredAt: undefined,
      payload: {
        'vz.charger.BootNotified': {
          vendor: station.vendorName,
          model: station.model,
          serialNumber: station.serialNumber ?? null,
          firmwareVersion: station.firmwareVersion ?? null,
          iccid: station.modem?.iccid ?? null,
          imsi: station.modem?.imsi ?? null,
          meterType: null,
          meterSerialNumber: null,
          reason,
        },
      },
    },
  ],
};
