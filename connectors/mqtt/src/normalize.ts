import type { ChargerEvent, ConnectorStatus } from '@vz/schemas';
import { energyAndPowerSamples } from '@vz/schemas';
import type { PlugState } from './plug-message.ts';

const statusOf: Record<PlugState['state'], ConnectorStatus> = {
  idle: 'AVAILABLE',
  charging: 'CHARGING',
  suspended: 'SUSPENDED_EV',
  fault: 'FAULTED',
};

/**
 * A plug message as charger events: its status, a meter sample (energy register and power), and the start or end
 * of a session. Ids derive from the plug's message id, so a QoS 1 redelivery gives the same events again.
 */
export function normalizePlugState(
  plugId: string,
  message: PlugState,
): Array<{ eventId: string; payload: ChargerEvent['payload'] }> {
  const id = (suffix: string) => `${plugId}/mqtt/${message.messageId}/${suffix}`;
  const transactionId = message.session?.sessionId ?? null;
  const events: Array<{ eventId: string; payload: ChargerEvent['payload'] }> = [
    {
      eventId: id('status'),
      payload: {
        'vz.charger.StatusChanged': {
          connectorId: 1,
          evseId: null,
          status: statusOf[message.state],
          errorCode: message.state === 'fault' ? (message.fault ?? 'fault') : null,
          info: null,
          vendorId: null,
          vendorErrorCode: null,
        },
      },
    },
  ];
  if (message.session?.event === 'start') {
    events.push({
      eventId: id('started'),
      payload: {
        'vz.charger.TransactionStarted': {
          transactionId: message.session.sessionId,
          connectorId: 1,
          evseId: null,
          // The driver's token and prepaid lock the plug got from its authorization (absent: anonymous start).
          idTag: message.session.idTag ?? null,
          meterStartWh: message.energyRegisterWh,
          reservationId: null,
          remoteStartId: null,
          triggerReason: null,
          escrowId: message.session.escrowId ?? null,
        },
      },
    });
  }
  events.push({
    eventId: id('meter'),
    payload: {
      'vz.charger.MeterSampled': {
        transactionId,
        connectorId: 1,
        evseId: null,
        samples: energyAndPowerSamples(message.energyRegisterWh, message.powerW),
      },
    },
  });
  if (message.session?.event === 'stop') {
    events.push({
      eventId: id('ended'),
      payload: {
        'vz.charger.TransactionEnded': {
          transactionId: message.session.sessionId,
          connectorId: 1,
          evseId: null,
          idTag: null,
          meterStopWh: message.energyRegisterWh,
          reason: 'LOCAL',
          signedMeterStop: null,
        },
      },
    });
  }
  return events;
}
