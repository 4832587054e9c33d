// OCPP 2.0.1 (Part 2, section 1: messages initiated by the charging station) to charger events.
import type { SampledValue } from '@vz/schemas';
import {
  authorizationEvents,
  dataTransferEvent,
  untimed,
  integer,
  type Params,
  record,
  text,
  connectorStatusOf,
  energyRegisterWh,
  epochMillisOf,
  heartbeatEvent,
  meterSampled,
  type NormalizedEvent,
  signedMeterStopOf,
  stopReasonOf,
} from './events.ts';
import { sampledValueOf } from './sampled-values.ts';

interface MeterValue201 {
  timestamp: string;
  sampledValue: Array<{
    value: number;
    measurand?: string;
    phase?: string;
    location?: string;
    context?: string;
    unitOfMeasure?: { unit?: string; multiplier?: number };
    /** §2.49 SignedMeterValueType: the signed data beside the number. */
    signedMeterValue?: { signedMeterData: string; signingMethod: string; encodingMethod: string; publicKey: string };
  }>;
}

function samplesOf(meterValue: MeterValue201): SampledValue[] {
  return meterValue.sampledValue.map((sample) =>
    sampledValueOf(
      {
        value: sample.value,
        measurand: sample.measurand,
        unit: sample.unitOfMeasure?.unit,
        multiplier: sample.unitOfMeasure?.multiplier,
        phase: sample.phase,
        location: sample.location,
        context: sample.context,
      },
      sample.signedMeterValue === undefined ? undefined : { ...sample.signedMeterValue, valueInSignedData: false },
    ),
  );
}

/**
 * The events an accepted OCPP 2.0.1 call means. TransactionEvent (§E) carries start, meter values and end in one
 * message type; the charging station generates the transaction id.
 */
export function normalize201(
  chargerId: string,
  action: string,
  params: Params,
  response: Params,
  heartbeatIntervalMs: number,
): NormalizedEvent[] {
  switch (action) {
    case 'BootNotification': {
      const station = record(params['chargingStation']);
      const modem = record(station['modem']);
      return [
        {
          eventId: undefined,
          occurredAt: undefined,
          payload: {
            'vz.charger.BootNotified': {
              vendor: String(station['vendorName']),
              model: String(station['model']),
              serialNumber: text(station['serialNumber']),
              firmwareVersion: text(station['firmwareVersion']),
              iccid: text(modem['iccid']),
              imsi: text(modem['imsi']),
              meterType: null,
              meterSerialNumber: null,
              reason: text(params['reason']),
            },
          },
        },
      ];
    }
    case 'StatusNotification':
      return [
        {
          eventId: undefined,
          occurredAt: epochMillisOf(text(params['timestamp']) ?? undefined),
          payload: {
            'vz.charger.StatusChanged': {
              connectorId: Number(params['connectorId']),
              evseId: integer(params['evseId']),
              status: connectorStatusOf(String(params['connectorStatus'])),
              errorCode: null,
              info: null,
              vendorId: null,
              vendorErrorCode: null,
            },
          },
        },
      ];
    case 'Heartbeat':
      return [heartbeatEvent(heartbeatIntervalMs)];
    case 'Authorize': {
      const token = record(params['idToken']);
      const info = record(response['idTokenInfo']);
      return authorizationEvents({
        idTag: String(token['idToken']),
        idTokenType: text(token['type']),
        status: text(info['status']) ?? undefined,
        expiresAt: text(info['cacheExpiryDateTime']) ?? undefined,
        parentIdTag: text(record(info['groupIdToken'])['idToken']),
      });
    }
    case 'MeterValues':
      return (params['meterValue'] as MeterValue201[]).map((meterValue) =>
        meterSampled(chargerId, epochMillisOf(meterValue.timestamp), {
          transactionId: null,
          connectorId: null,
          evseId: integer(params['evseId']),
          samples: samplesOf(meterValue),
        }),
      );
    case 'TransactionEvent':
      return transactionEvent(chargerId, params);
    case 'DataTransfer':
      return [dataTransferEvent(params)];
    case 'FirmwareStatusNotification':
      return [
        untimed({
          'vz.charger.FirmwareStatusChanged': {
            status: String(params['status']),
            requestId: integer(params['requestId']),
          },
        }),
      ];
    case 'LogStatusNotification':
      return [
        untimed({
          'vz.charger.DiagnosticsStatusChanged': {
            status: String(params['status']),
            requestId: integer(params['requestId']),
          },
        }),
      ];
    case 'SecurityEventNotification':
      return [
        {
          eventId: undefined,
          occurredAt: epochMillisOf(text(params['timestamp']) ?? undefined),
          payload: {
            'vz.charger.SecurityEventReported': { type: String(params['type']), techInfo: text(params['techInfo']) },
          },
        },
      ];
    case 'NotifyEvent':
      return ((params['eventData'] ?? []) as Params[]).map((data) => ({
        eventId: undefined,
        occurredAt: epochMillisOf(text(data['timestamp']) ?? undefined),
        payload: {
          'vz.charger.VariableEventReported': {
            component: String(record(data['component'])['name']),
            variable: String(record(data['variable'])['name']),
            actualValue: String(data['actualValue']),
            trigger: String(data['trigger']),
            eventNotificationType: String(data['eventNotificationType']),
            evseId: integer(record(record(data['component'])['evse'])['id']),
            cleared: typeof data['cleared'] === 'boolean' ? data['cleared'] : null,
            techCode: text(data['techCode']),
            techInfo: text(data['techInfo']),
          },
        },
      }));
    default:
      return [];
  }
}

function transactionEvent(chargerId: string, params: Params): NormalizedEvent[] {
  const info = record(params['transactionInfo']);
  const transactionId = String(info['transactionId']);
  const evse = record(params['evse']);
  const evseId = integer(evse['id']);
  const connectorId = integer(evse['connectorId']);
  const occurredAt = epochMillisOf(text(params['timestamp']) ?? undefined);
  const idTag = text(record(params['idToken'])['idToken']);
  const meterValues = (params['meterValue'] ?? []) as MeterValue201[];
  const samples = meterValues.map((meterValue) => ({ meterValue, samples: samplesOf(meterValue) }));
  const meterEvents = samples.map(({ meterValue, samples: values }) =>
    meterSampled(chargerId, epochMillisOf(meterValue.timestamp), {
      transactionId,
      connectorId,
      evseId,
      samples: values,
    }),
  );
  const registers = samples
    .map(({ samples: values }) => energyRegisterWh(values))
    .filter((value) => value !== undefined);
  switch (params['eventType']) {
    case 'Started':
      return [
        {
          eventId: `${chargerId}/tx/${transactionId}/started`,
          occurredAt,
          payload: {
            'vz.charger.TransactionStarted': {
              transactionId,
              connectorId,
              evseId,
              idTag,
              meterStartWh: registers[0] ?? null,
              reservationId: integer(params['reservationId']),
              remoteStartId: integer(info['remoteStartId']),
              triggerReason: text(params['triggerReason']),
              escrowId: null,
            },
          },
        },
        ...meterEvents,
      ];
    case 'Ended':
      return [
        ...meterEvents,
        {
          eventId: `${chargerId}/tx/${transactionId}/ended`,
          occurredAt,
          payload: {
            'vz.charger.TransactionEnded': {
              transactionId,
              connectorId,
              evseId,
              idTag,
              meterStopWh: registers.at(-1) ?? null,
              reason: stopReasonOf(text(info['stoppedReason']) ?? undefined),
              signedMeterStop: signedMeterStopOf(meterEvents),
            },
          },
        },
      ];
    default:
      return meterEvents;
  }
}
