import type { OcppProtocol } from './rpc.ts';

/**
 * Why a session ended, in one vocabulary for both protocols (the union of OCPP 1.6 `Reason` and OCPP 2.0.1
 * `ReasonEnumType`). Each protocol module maps it onto what its schema allows.
 */
export const stopReasons = [
  'Local',
  'Remote',
  'EVDisconnected',
  'EmergencyStop',
  'PowerLoss',
  'Reboot',
  'HardReset',
  'SoftReset',
  'ImmediateReset',
  'UnlockCommand',
  'DeAuthorized',
  'EnergyLimitReached',
  'SOCLimitReached',
  'TimeLimitReached',
  'StoppedByEV',
  'GroundFault',
  'OvercurrentFault',
  'Other',
] as const;
export type StopReason = (typeof stopReasons)[number];

/**
 * A connector's state as the charger knows it, in OCPP 1.6 terms (the finer of the two). OCPP 2.0.1 reports
 * Preparing, Charging, SuspendedEV and Finishing all as `Occupied`.
 */
export type ConnectorStatus =
  'Available' | 'Preparing' | 'Charging' | 'SuspendedEV' | 'Finishing' | 'Faulted' | 'Unavailable';

/** OCPP 1.6 ChargePointErrorCode values a simulated fault may carry. */
export const faultCodes = [
  'ConnectorLockFailure',
  'EVCommunicationError',
  'GroundFailure',
  'HighTemperature',
  'InternalError',
  'OverCurrentFailure',
  'PowerMeterFailure',
  'PowerSwitchFailure',
  'ReaderFailure',
  'UnderVoltage',
  'OverVoltage',
  'WeakSignal',
] as const;
export type FaultCode = (typeof faultCodes)[number];

export const idTokenTypes = [
  'Central',
  'eMAID',
  'ISO14443',
  'ISO15693',
  'KeyCode',
  'Local',
  'MacAddress',
  'NoAuthorization',
] as const;
/** OCPP 2.0.1 IdTokenEnumType. */
export type IdTokenType = (typeof idTokenTypes)[number];

/** What a session looked like on the wire; enough for a test to check the exact energy that landed. */
export interface SessionReport {
  /** The OCPP transaction id as a string: 1.6's integer (assigned by the CSMS) in decimal, 2.0.1's UUID as is. */
  transactionId: string;
  connectorId: number;
  idTag: string;
  meterStartWh: number;
  /** Register at the end of the session; null while it is running. */
  meterStopWh: number | null;
  /** meterStop − meterStart, or the energy so far while running. Integer Wh. */
  energyWh: number;
  /** Periodic meter values the CSMS answered (MeterValues in 1.6, TransactionEvent Updated in 2.0.1). */
  meterValuesSent: number;
  /** Periodic meter values produced while offline (each later replayed, unless the charger closed first). */
  meterValuesQueued: number;
  /** Epoch ms (the charger's clock). */
  startedAt: number;
  stoppedAt: number | null;
  stopReason: StopReason | null;
  /** Started by RemoteStartTransaction / RequestStartTransaction. */
  remoteStart: boolean;
  /** 2.0.1: the last TransactionEvent seqNo used (Started is 0); null for 1.6. */
  lastSeqNo: number | null;
}

export interface ErrorReceived {
  action: string;
  code: string;
  description: string;
  messageId: string;
}

export interface ChargerReport {
  identity: string;
  protocol: OcppProtocol;
  connected: boolean;
  /** Every WebSocket text frame written: CALLs, answers to the CSMS's CALLs, raw frames. */
  framesSent: number;
  framesReceived: number;
  /** CALLs written, by action (replays count again: they are sent again). */
  callsByAction: Record<string, number>;
  /** CALLs the CSMS made to this charger, by action. */
  callsReceivedByAction: Record<string, number>;
  /** CALLERRORs the CSMS answered to our CALLs (and to raw frames, action `raw`). */
  errorsReceived: ErrorReceived[];
  /** CALLRESULTs that failed the schema of the action (strict mode), so the charger did not take them. */
  invalidResponses: { action: string; description: string }[];
  /** Calls that got no answer: timed out, or the connection went away (queued ones are replayed). */
  callsUnanswered: number;
  /** Non-transaction messages (heartbeats, statuses) not sent because the charger was offline. */
  skippedOffline: Record<string, number>;
  /** Transaction messages waiting for the connection to come back. */
  offlineQueueLength: number;
  /** Transaction messages sent after waiting in the offline queue. */
  replayed: number;
  boots: number;
  disconnects: number;
  sessions: SessionReport[];
}
