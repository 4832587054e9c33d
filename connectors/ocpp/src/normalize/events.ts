import { createHash } from 'node:crypto';
import type {
  AuthorizationStatus,
  ChargerEvent,
  ConnectorStatus,
  MeterSampled,
  SampledValue,
  StopReason,
} from '@vz/schemas';

/** The payload union of a charger event, as avsc represents it (wrapped by branch name). */
export type ChargerEventPayload = ChargerEvent['payload'];

/** A normalized event before the CSMS adds the charger, the protocol and the frame it came from. */
export interface NormalizedEvent {
  /** Stable across replays where the content allows (transactions, meter samples); else derived from the frame. */
  readonly eventId: string | undefined;
  readonly occurredAt: number | undefined;
  readonly payload: ChargerEventPayload;
}

/** `SuspendedEVSE` → `SUSPENDED_EVSE`, `EVDisconnected` → `EV_DISCONNECTED`: OCPP's PascalCase to our symbols. */
export function upperSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toUpperCase();
}

function symbolOf<Symbol extends string>(name: string | undefined, known: readonly Symbol[], fallback: Symbol): Symbol {
  if (name === undefined) return fallback;
  const symbol = upperSnake(name) as Symbol;
  return known.includes(symbol) ? symbol : fallback;
}

const connectorStatuses: readonly ConnectorStatus[] = [
  'AVAILABLE',
  'PREPARING',
  'CHARGING',
  'SUSPENDED_EVSE',
  'SUSPENDED_EV',
  'FINISHING',
  'RESERVED',
  'UNAVAILABLE',
  'FAULTED',
  'OCCUPIED',
];
export const connectorStatusOf = (name: string): ConnectorStatus => symbolOf(name, connectorStatuses, 'UNKNOWN');

const authorizationStatuses: readonly AuthorizationStatus[] = [
  'ACCEPTED',
  'BLOCKED',
  'EXPIRED',
  'INVALID',
  'CONCURRENT_TX',
  'NO_CREDIT',
  'NOT_ALLOWED_TYPE_EVSE',
  'NOT_AT_THIS_LOCATION',
  'NOT_AT_THIS_TIME',
];
export const authorizationStatusOf = (name: string | undefined): AuthorizationStatus =>
  symbolOf(name, authorizationStatuses, 'UNKNOWN');

const stopReasons: readonly StopReason[] = [
  'LOCAL',
  'REMOTE',
  'EV_DISCONNECTED',
  'DE_AUTHORIZED',
  'EMERGENCY_STOP',
  'HARD_RESET',
  'SOFT_RESET',
  'IMMEDIATE_RESET',
  'REBOOT',
  'POWER_LOSS',
  'UNLOCK_COMMAND',
  'ENERGY_LIMIT_REACHED',
  'SOC_LIMIT_REACHED',
  'TIME_LIMIT_REACHED',
  'LOCAL_OUT_OF_CREDIT',
  'MASTER_PASS',
  'GROUND_FAULT',
  'OVERCURRENT_FAULT',
  'POWER_QUALITY',
  'STOPPED_BY_EV',
  'TIMEOUT',
  'OTHER',
];
/** OCPP 1.6 §7.41: an absent reason means Local; 2.0.1 §3.70 the same for an absent stoppedReason. */
export const stopReasonOf = (name: string | undefined): StopReason => symbolOf(name ?? 'Local', stopReasons, 'OTHER');

/** ISO 8601 from the charger to epoch ms; undefined when absent or unreadable (then the receive time is used). */
export function epochMillisOf(timestamp: string | undefined): number | undefined {
  if (timestamp === undefined) return undefined;
  const millis = Date.parse(timestamp);
  return Number.isNaN(millis) ? undefined : millis;
}

/** The energy register (Energy.Active.Import.Register, Wh) among samples, if one was sent. */
export function energyRegisterWh(samples: readonly SampledValue[]): number | undefined {
  return samples.find((sample) => sample.measurand === 'ENERGY_ACTIVE_IMPORT_REGISTER' && sample.unit === 'WH')?.value;
}

/**
 * The signed end reading among the meter events of a StopTransaction (1.6) or an Ended TransactionEvent (2.0.1): the
 * signed Energy.Active.Import.Register sample of context Transaction.End, else the last signed one of that measurand.
 */
export function signedMeterStopOf(events: readonly NormalizedEvent[]): SampledValue | null {
  const signed = events
    .flatMap((event) =>
      'vz.charger.MeterSampled' in event.payload ? event.payload['vz.charger.MeterSampled'].samples : [],
    )
    .filter((sample) => sample.signedData !== null && sample.measurand === 'ENERGY_ACTIVE_IMPORT_REGISTER');
  return signed.findLast((sample) => sample.context === 'Transaction.End') ?? signed.at(-1) ?? null;
}

export function meterSampled(
  chargerId: string,
  occurredAt: number | undefined,
  sampled: MeterSampled,
): NormalizedEvent {
  const where =
    sampled.transactionId === null
      ? `evse/${sampled.evseId ?? sampled.connectorId ?? 0}`
      : `tx/${sampled.transactionId}`;
  return {
    // A charger replaying its offline queue sends the same sample again: same content, same id, so downstream
    // dedupes it; two different samples with one timestamp still get two ids.
    eventId:
      occurredAt === undefined
        ? undefined
        : `${chargerId}/${where}/meter/${occurredAt}/${contentHash(sampled.samples)}`,
    occurredAt,
    payload: { 'vz.charger.MeterSampled': sampled },
  };
}

function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);
}

export function heartbeatEvent(intervalMs: number): NormalizedEvent {
  return { eventId: undefined, occurredAt: undefined, payload: { 'vz.charger.HeartbeatReceived': { intervalMs } } };
}

/** Authorize (1.6 §4.1, 2.0.1 §C01): what the charger asked and what the CSMS decided, as two events. */
export function authorizationEvents(request: {
  idTag: string;
  idTokenType: string | null;
  status: string | undefined;
  expiresAt: string | undefined;
  parentIdTag: string | null;
}): NormalizedEvent[] {
  const { idTag } = request;
  return [
    {
      eventId: undefined,
      occurredAt: undefined,
      payload: { 'vz.charger.AuthorizationRequested': { idTag, idTokenType: request.idTokenType } },
    },
    {
      eventId: undefined,
      occurredAt: undefined,
      payload: {
        'vz.charger.AuthorizationDecided': {
          idTag,
          status: authorizationStatusOf(request.status),
          expiresAt: epochMillisOf(request.expiresAt) ?? null,
          parentIdTag: request.parentIdTag,
          reason: null,
        },
      },
    },
  ];
}

/** An event whose payload carries no time of its own: it happened when the frame arrived. */
export function untimed(payload: ChargerEventPayload): NormalizedEvent {
  return { eventId: undefined, occurredAt: undefined, payload };
}

/** DataTransfer (1.6 §4.3, 2.0.1 P02) as received; 2.0.1 data may be any JSON value, kept as JSON text. */
export function dataTransferEvent(request: { vendorId: string; messageId?: string; data?: unknown }): NormalizedEvent {
  const { data } = request;
  return untimed({
    'vz.charger.DataTransferReceived': {
      vendorId: request.vendorId,
      messageId: request.messageId ?? null,
      data: data === undefined ? null : typeof data === 'string' ? data : JSON.stringify(data),
    },
  });
}
