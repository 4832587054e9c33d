// OCPP 1.6J (OCPP 1.6 edition 2, section 4: operations initiated by the charge point) to charger events.
import type { SampledValue } from '@vz/schemas';
import {
  authorizationEvents,
  dataTransferEvent,
  untimed,
  integer,
  type Params,
  text,
  connectorStatusOf,
  epochMillisOf,
  heartbeatEvent,
  meterSampled,
  type NormalizedEvent,
  signedMeterStopOf,
  stopReasonOf,
} from './events.ts';
import { sampledValueOf } from './sampled-values.ts';

interface MeterValue16 {
  timestamp: string;
  sampledValue: Array<{
    value: string;
    /** §7.45 ValueFormat: Raw (default) or SignedData, where `value` is the signed data. */
    format?: string;
    measurand?: string;
    unit?: string;
    phase?: string;
    location?: string;
    context?: string;
  }>;
}

function samplesOf(meterValue: MeterValue16): SampledValue[] {
  return meterValue.sampledValue.map((sample) =>
    sampledValueOf(
      sample,
      sample.format === 'SignedData' ? { signedMeterData: sample.value, valueInSignedData: true } : undefined,
    ),
  );
}

function meterEvents(
  chargerId: string,
  connectorId: number | null,
  transactionId: string | null,
  values: MeterValue16[],
): NormalizedEvent[] {
  return values.map((meterValue) =>
    meterSampled(chargerId, epochMillisOf(meterValue.timestamp), {
      transactionId,
      connectorId,
      evseId: null,
      samples: samplesOf(meterValue),
    }),
  );
}

/**
 * The events an accepted OCPP 1.6 call means, given the CSMS's answer (which holds the transaction id of a
 * StartTransaction and the authorization decision).
 */
export function normalize16(
  chargerId: string,
  action: string,
  params: Params,
  response: Params,
  heartbeatIntervalMs: number,
): NormalizedEvent[] {
  switch (action) {
    case 'BootNotification':
      return [
        {
          eventId: undefined,
          occurredAt: undefined,
          payload: {
            'vz.charger.BootNotified': {
              vendor: String(params['chargePointVendor']),
              model: String(params['chargePointModel']),
              serialNumber: text(params['chargePointSerialNumber']) ?? text(params['chargeBoxSerialNumber']),
              firmwareVersion: text(params['firmwareVersion']),
              iccid: text(params['iccid']),
              imsi: text(params['imsi']),
              meterType: text(params['meterType']),
              meterSerialNumber: text(params['meterSerialNumber']),
              reason: null,
            },
          },
        },
      ];
    case 'StatusNotification': {
      const occurredAt = epochMillisOf(text(params['timestamp']) ?? undefined);
      const connectorId = Number(params['connectorId']);
      const errorCode = String(params['errorCode']);
      const detail = {
        info: text(params['info']),
        vendorId: text(params['vendorId']),
        vendorErrorCode: text(params['vendorErrorCode']),
      };
      const events: NormalizedEvent[] = [
        {
          eventId: undefined,
          occurredAt,
          payload: {
            'vz.charger.StatusChanged': {
              connectorId,
              evseId: null,
              status: connectorStatusOf(String(params['status'])),
              errorCode: errorCode === 'NoError' ? null : errorCode,
              ...detail,
            },
          },
        },
      ];
      if (errorCode !== 'NoError') {
        events.push({
          eventId: undefined,
          occurredAt,
          payload: { 'vz.charger.FaultReported': { connectorId, evseId: null, errorCode, ...detail, cleared: false } },
        });
      }
      return events;
    }
    case 'Heartbeat':
      return [heartbeatEvent(heartbeatIntervalMs)];
    case 'Authorize': {
      const info = (response['idTagInfo'] ?? {}) as Params;
      return authorizationEvents({
        idTag: String(params['idTag']),
        idTokenType: null,
        status: text(info['status']) ?? undefined,
        expiresAt: text(info['expiryDate']) ?? undefined,
        parentIdTag: text(info['parentIdTag']),
      });
    }
    case 'StartTransaction': {
      const transactionId = String(response['transactionId']);
      const occurredAt = epochMillisOf(text(params['timestamp']) ?? undefined);
      return [
        {
          eventId: `${chargerId}/tx/${transactionId}/started`,
          occurredAt,
          payload: {
            'vz.charger.TransactionStarted': {
              transactionId,
              connectorId: integer(params['connectorId']),
              evseId: null,
              idTag: text(params['idTag']),
              meterStartWh: integer(params['meterStart']),
              reservationId: integer(params['reservationId']),
              remoteStartId: null,
              triggerReason: null,
              escrowId: null,
            },
          },
        },
      ];
    }
    case 'MeterValues': {
      const transactionId = integer(params['transactionId']);
      return meterEvents(
        chargerId,
        integer(params['connectorId']),
        transactionId === null ? null : String(transactionId),
        params['meterValue'] as MeterValue16[],
      );
    }
    case 'StopTransaction': {
      const transactionId = String(params['transactionId']);
      const transactionData = meterEvents(
        chargerId,
        null,
        transactionId,
        (params['transactionData'] ?? []) as MeterValue16[],
      );
      return [
        ...transactionData,
        {
          eventId: `${chargerId}/tx/${transactionId}/ended`,
          occurredAt: epochMillisOf(text(params['timestamp']) ?? undefined),
          payload: {
            'vz.charger.TransactionEnded': {
              transactionId,
              connectorId: null,
              evseId: null,
              idTag: text(params['idTag']),
              meterStopWh: integer(params['meterStop']),
              reason: stopReasonOf(text(params['reason']) ?? undefined),
              signedMeterStop: signedMeterStopOf(transactionData),
            },
          },
        },
      ];
    }
    case 'DataTransfer':
      return [dataTransferEvent(params)];
    case 'FirmwareStatusNotification':
      return [untimed({ 'vz.charger.FirmwareStatusChanged': { status: String(params['status']), requestId: null } })];
    case 'DiagnosticsStatusNotification':
      return [
        untimed({ 'vz.charger.DiagnosticsStatusChanged': { status: String(params['status']), requestId: null } }),
      ];
    default:
      return [];
  }
}
