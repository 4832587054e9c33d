import type { OcppAction, OcppRequest, OcppResponse, Subprotocol } from '@vz/ocpp';
import type { Logger } from '@vz/core';
import type { Timer } from '../clock.ts';
import type { Delivery, EvModel, MeterReading, ReadingContext } from '../meter.ts';
import type { ChargerSettings } from '../options.ts';
import type { ConnectorStatus, FaultCode, IdTokenType, StopReason } from '../types.ts';

/** One charging session as the charger keeps it (mutable; the report is a snapshot of it). */
export interface Session {
  readonly connectorId: number;
  readonly idTag: string;
  readonly idTokenType: IdTokenType;
  readonly remoteStartId: number | undefined;
  readonly remoteStart: boolean;
  readonly ev: EvModel;
  readonly delivery: Delivery;
  /** '' until known (1.6: until StartTransaction is answered). */
  transactionId: string;
  /** 1.6: the CSMS's integer id; 2.0.1: the UUID the charger made. */
  ocppTransactionId: number | string | undefined;
  meterStartWh: number;
  meterStopWh: number | null;
  startedAt: number;
  stoppedAt: number | null;
  stopReason: StopReason | null;
  /** Energy has been integrated up to this instant. */
  accruedUntil: number;
  /** 2.0.1: next TransactionEvent seqNo. */
  nextSeqNo: number;
  meterValuesSent: number;
  meterValuesQueued: number;
  state: 'starting' | 'charging' | 'stopping' | 'stopped';
  timer: Timer | undefined;
}

export interface Connector {
  readonly id: number;
  /** Energy register, watt-milliseconds. */
  registerWms: number;
  status: ConnectorStatus;
  errorCode: FaultCode | 'NoError';
  /** Last status written on the wire in the protocol's own terms; a status that maps onto it is not repeated. */
  lastWireStatus: string | undefined;
  operative: boolean;
  /** ChangeAvailability Inoperative arrived during a session: applied when it ends. */
  inoperativeWhenFree: boolean;
  session: Session | undefined;
}

/** How a transaction message ended. `queued`: the connection is down; it stays in the offline queue. */
export type TxOutcome =
  | { status: 'answered'; result: unknown }
  | { status: 'queued' }
  | { status: 'rejected'; error: Error }
  | { status: 'failed'; error: Error };

export type BootReason = 'PowerUp' | 'RemoteReset' | 'Triggered';

export interface StartRequest {
  connector: Connector;
  idTag: string;
  idTokenType: IdTokenType;
  /** Started by the CSMS (RemoteStartTransaction / RequestStartTransaction). */
  remote: boolean;
  /** 2.0.1: the CSMS's remoteStartId, echoed in transactionInfo. */
  remoteStartId?: number;
}

/** What a protocol module may use of its charger. */
export interface ChargerCore {
  readonly identity: string;
  readonly settings: ChargerSettings;
  readonly logger: Logger;
  /** Connected and boot accepted: messages flow; otherwise transaction messages queue. */
  readonly online: boolean;
  readonly connectors: readonly Connector[];
  /** OCPP 1.6 configuration keys / 2.0.1 `Component.Variable` values set by the CSMS. */
  readonly configuration: Map<string, string>;
  authorizeRemoteStart: boolean;
  now(): number;
  connector(id: number): Connector | undefined;
  /** Integrates energy up to now and reads the connector's meter. */
  read(connector: Connector, context: ReadingContext): MeterReading;
  /** A call that needs an answer; throws when offline or when the CSMS answers with a CALLERROR. */
  call(action: string, payload: object): Promise<unknown>;
  /** A call whose answer does not matter (status, heartbeat); skipped while offline, errors only reported. */
  notify(action: string, payload: object): Promise<unknown>;
  /** A transaction message: sent in order, queued while offline and replayed after the next boot. */
  transactional(action: string, payload: object, onAnswered?: (result: unknown) => void): Promise<TxOutcome>;
  setStatus(connector: Connector, status: ConnectorStatus, options?: { force?: boolean }): Promise<void>;
  findSession(transactionId: string): Session | undefined;
  /** Work that follows the answer to a CSMS call; started after the answer is written. */
  background(what: string, task: () => Promise<unknown>): void;
  startSession(request: StartRequest): Promise<Session>;
  stopSession(session: Session, reason: StopReason): Promise<void>;
  /** Ends every session with `reason`, then closes and boots again. */
  reset(reason: StopReason, bootReason: BootReason): Promise<void>;
  /** 2.0.1 Reset OnIdle while busy: reset after the last session ends. */
  resetWhenIdle(): void;
  /** ChangeAvailability: Scheduled when a connector is busy (applied when its session ends). */
  setAvailability(connectors: readonly Connector[], operative: boolean): 'Accepted' | 'Scheduled';
  sendBootNotification(reason: BootReason): Promise<void>;
  setHeartbeatInterval(seconds: number): void;
  setMeterValueInterval(ms: number): void;
}

export type CsmsCallHandler = (params: Record<string, unknown>) => Promise<object> | object;

/**
 * The CSMS calls a driver answers, typed by the version's messages in @vz/ocpp. Those are generated from the JSON
 * schemas ocpp-rpc validates every call and answer against (strict mode), so a handler sees exactly its request type.
 */
export type CsmsCallHandlers<Version extends Subprotocol> = {
  readonly [Action in OcppAction<Version>]?: (
    params: OcppRequest<Version, Action>,
  ) => OcppResponse<Version, Action> | Promise<OcppResponse<Version, Action>>;
};

/** The typed handlers as the charger registers them with ocpp-rpc, by action name. */
export function byAction<Version extends Subprotocol>(
  handlers: CsmsCallHandlers<Version>,
): Record<string, CsmsCallHandler> {
  return handlers as unknown as Record<string, CsmsCallHandler>;
}

export interface ProtocolDriver {
  /** The status as this protocol writes it (2.0.1 folds the in-session states into Occupied). */
  wireStatus(status: ConnectorStatus): string;
  bootNotification(reason: BootReason): object;
  statusNotification(connector: Connector): object;
  /** Authorize (unless a remote start that needs none), StartTransaction / TransactionEvent Started, statuses. */
  startTransaction(session: Session, connector: Connector): Promise<void>;
  /** The periodic meter value message of a running session. */
  periodicMeterValues(session: Session, reading: MeterReading): { action: string; payload: object };
  /** StopTransaction / TransactionEvent Ended and the statuses after it. */
  stopTransaction(session: Session, connector: Connector, reading: MeterReading, reason: StopReason): Promise<void>;
  /** Answers to the CSMS-initiated calls this protocol supports. */
  handlers(): Record<string, CsmsCallHandler>;
}
