import { randomUUID } from 'node:crypto';
import type { Ocpp201, Ocpp201Response } from '@vz/ocpp';
import { measurementsOf, type MeterReading } from '../meter.ts';
import type { ConnectorStatus, IdTokenType, StopReason } from '../types.ts';
import {
  authorizeStart,
  beginSession,
  chargingProfileStatus,
  changeAvailability,
  configure,
  connectorsOrAll,
  endRefusedStart,
  iso,
  phaseAndLocation,
  remoteStartConnector,
  remoteStop,
  type ActiveSetting,
} from './common.ts';
import {
  type BootReason,
  byAction,
  type ChargerCore,
  type Connector,
  type CsmsCallHandler,
  type ProtocolDriver,
  type Session,
} from './driver.ts';
import { triggerMessageHandler } from './trigger.ts';

/**
 * OCPP 2.0.1 mapping: each simulated connector is an EVSE with one connector, so connector n is
 * `{ evseId: n, connectorId: 1 }` on the wire.
 */
const CONNECTOR_OF_EVSE = 1;

type Reason201 =
  | 'DeAuthorized'
  | 'EmergencyStop'
  | 'EnergyLimitReached'
  | 'EVDisconnected'
  | 'GroundFault'
  | 'ImmediateReset'
  | 'Local'
  | 'Other'
  | 'OvercurrentFault'
  | 'PowerLoss'
  | 'Reboot'
  | 'Remote'
  | 'SOCLimitReached'
  | 'StoppedByEV'
  | 'TimeLimitReached';

const reason201: Record<StopReason, Reason201> = {
  Local: 'Local',
  Remote: 'Remote',
  EVDisconnected: 'EVDisconnected',
  EmergencyStop: 'EmergencyStop',
  PowerLoss: 'PowerLoss',
  Reboot: 'Reboot',
  HardReset: 'ImmediateReset',
  SoftReset: 'ImmediateReset',
  ImmediateReset: 'ImmediateReset',
  UnlockCommand: 'Other',
  DeAuthorized: 'DeAuthorized',
  EnergyLimitReached: 'EnergyLimitReached',
  SOCLimitReached: 'SOCLimitReached',
  TimeLimitReached: 'TimeLimitReached',
  StoppedByEV: 'StoppedByEV',
  GroundFault: 'GroundFault',
  OvercurrentFault: 'OvercurrentFault',
  Other: 'Other',
};

/** TransactionEvent Ended's triggerReason for each way of stopping. */
const endTrigger: Record<StopReason, string> = {
  Local: 'StopAuthorized',
  Remote: 'RemoteStop',
  EVDisconnected: 'EVCommunicationLost',
  EmergencyStop: 'AbnormalCondition',
  PowerLoss: 'AbnormalCondition',
  Reboot: 'ResetCommand',
  HardReset: 'ResetCommand',
  SoftReset: 'ResetCommand',
  ImmediateReset: 'ResetCommand',
  UnlockCommand: 'UnlockCommand',
  DeAuthorized: 'Deauthorized',
  EnergyLimitReached: 'EnergyLimitReached',
  SOCLimitReached: 'ChargingStateChanged',
  TimeLimitReached: 'TimeLimitReached',
  StoppedByEV: 'ChargingStateChanged',
  GroundFault: 'AbnormalCondition',
  OvercurrentFault: 'AbnormalCondition',
  Other: 'AbnormalCondition',
};

const wire201: Record<ConnectorStatus, string> = {
  Available: 'Available',
  Preparing: 'Occupied',
  Charging: 'Occupied',
  SuspendedEV: 'Occupied',
  Finishing: 'Occupied',
  Faulted: 'Faulted',
  Unavailable: 'Unavailable',
};

type TransactionEventConf = Ocpp201Response<'TransactionEvent'>;

const authorizeStatus = (answer: unknown): string => (answer as Ocpp201Response<'Authorize'>).idTokenInfo.status;

/** The variables (`Component.Variable`) that act on the simulation (SetVariables); any other is stored. */
const settings201 = new Map<string, ActiveSetting>([
  ['OCPPCommCtrlr.HeartbeatInterval', 'heartbeatInterval'],
  ['SampledDataCtrlr.TxUpdatedInterval', 'meterValueInterval'],
  ['AuthCtrlr.AuthorizeRemoteStart', 'authorizeRemoteStart'],
]);

/** The connectors an `evse` field names: all of them when it is absent (or EVSE 0), undefined for an unknown one. */
const evseOrAll = (core: ChargerCore, evse: Ocpp201.EVSEType | undefined): Connector[] | undefined =>
  connectorsOrAll(core, evse?.id);

/** A reading as an OCPP 2.0.1 MeterValueType: values are numbers, units in `unitOfMeasure`. */
export function meterValue201(reading: MeterReading): object {
  return {
    timestamp: iso(reading.timestamp),
    sampledValue: measurementsOf(reading).map((m) => ({
      value: m.value,
      context: reading.context,
      measurand: m.measurand,
      ...phaseAndLocation(m),
      unitOfMeasure: { unit: m.unit },
    })),
  };
}

export class Ocpp201Driver implements ProtocolDriver {
  readonly #core: ChargerCore;

  constructor(core: ChargerCore) {
    this.#core = core;
  }

  wireStatus(status: ConnectorStatus): string {
    return wire201[status];
  }

  bootNotification(reason: BootReason): object {
    const { vendor, model, serialNumber, firmwareVersion } = this.#core.settings;
    return {
      reason,
      chargingStation: {
        vendorName: vendor,
        model,
        ...(serialNumber === undefined ? {} : { serialNumber }),
        firmwareVersion,
      },
    };
  }

  statusNotification(connector: Connector): object {
    return {
      timestamp: iso(this.#core.now()),
      connectorStatus: wire201[connector.status],
      evseId: connector.id,
      connectorId: CONNECTOR_OF_EVSE,
    };
  }

  /** The common part of every TransactionEvent; `offline` is set on those made while the connection is down. */
  #event(session: Session, eventType: 'Started' | 'Updated' | 'Ended', triggerReason: string, timestamp: number) {
    return {
      eventType,
      timestamp: iso(timestamp),
      triggerReason,
      seqNo: session.nextSeqNo++,
      ...(this.#core.online ? {} : { offline: true }),
    };
  }

  async startTransaction(session: Session, connector: Connector): Promise<void> {
    const core = this.#core;
    const idToken = { idToken: session.idTag, type: session.idTokenType };
    await authorizeStart(core, session, 'idToken', { idToken }, authorizeStatus);
    const begin = beginSession(core, session, connector);
    session.ocppTransactionId = randomUUID();
    session.transactionId = session.ocppTransactionId;
    session.state = 'charging';
    const outcome = await core.transactional('TransactionEvent', {
      ...this.#event(session, 'Started', session.remoteStart ? 'RemoteStart' : 'Authorized', begin.timestamp),
      transactionInfo: {
        transactionId: session.transactionId,
        chargingState: 'Charging',
        ...(session.remoteStartId === undefined ? {} : { remoteStartId: session.remoteStartId }),
      },
      evse: { id: connector.id, connectorId: CONNECTOR_OF_EVSE },
      idToken,
      meterValue: [meterValue201(begin)],
    });
    const status =
      outcome.status === 'answered' ? (outcome.result as TransactionEventConf).idTokenInfo?.status : undefined;
    if (status !== undefined && status !== 'Accepted') {
      await endRefusedStart(core, session, 'TransactionEvent Started', status);
    }
    await core.setStatus(connector, 'Charging');
  }

  periodicMeterValues(session: Session, reading: MeterReading): { action: string; payload: object } {
    return {
      action: 'TransactionEvent',
      payload: {
        ...this.#event(session, 'Updated', 'MeterValuePeriodic', reading.timestamp),
        transactionInfo: {
          transactionId: session.transactionId,
          chargingState: reading.powerW > 0 ? 'Charging' : 'SuspendedEV',
        },
        meterValue: [meterValue201(reading)],
      },
    };
  }

  async stopTransaction(session: Session, _connector: Connector, end: MeterReading, reason: StopReason): Promise<void> {
    await this.#core.transactional('TransactionEvent', {
      ...this.#event(session, 'Ended', endTrigger[reason], end.timestamp),
      transactionInfo: {
        transactionId: session.transactionId,
        chargingState: reason === 'EVDisconnected' ? 'Idle' : 'EVConnected',
        timeSpentCharging: Math.floor((end.timestamp - session.startedAt) / 1000),
        stoppedReason: reason201[reason],
      },
      meterValue: [meterValue201(end)],
    });
  }

  handlers(): Record<string, CsmsCallHandler> {
    const core = this.#core;

    return byAction<'ocpp2.0.1'>({
      RequestStartTransaction: (params) => {
        const { idToken, remoteStartId } = params;
        const connector = remoteStartConnector(core, params.evseId);
        if (!connector) return { status: 'Rejected' };
        core.background('remote start', () =>
          core.startSession({
            connector,
            idTag: idToken.idToken,
            idTokenType: idToken.type as IdTokenType,
            remote: true,
            remoteStartId,
          }),
        );
        return { status: 'Accepted' };
      },

      RequestStopTransaction: (params) => remoteStop(core, params.transactionId),

      Reset: (params) => {
        const busy = core.connectors.some((c) => c.session !== undefined);
        if (params.type === 'OnIdle' && busy) {
          core.resetWhenIdle();
          return { status: 'Scheduled' };
        }
        core.background('reset', () => core.reset('ImmediateReset', 'RemoteReset'));
        return { status: 'Accepted' };
      },

      UnlockConnector: (params) => {
        const connector = core.connector(params.evseId);
        if (!connector || params.connectorId !== CONNECTOR_OF_EVSE) return { status: 'UnknownConnector' };
        if (connector.session !== undefined) return { status: 'OngoingAuthorizedTransaction' };
        return { status: 'Unlocked' };
      },

      ChangeAvailability: (params) =>
        changeAvailability(core, evseOrAll(core, params.evse), params.operationalStatus === 'Operative'),

      SetChargingProfile: (params) =>
        chargingProfileStatus(core, params.evseId, params.chargingProfile.chargingProfilePurpose),

      SetVariables: (params) => {
        const set = (item: Ocpp201.SetVariableDataType): Ocpp201.SetVariableResultType => {
          const key = `${item.component.name}.${item.variable.name}`;
          const accepted = configure(core, key, item.attributeValue, settings201.get(key));
          return {
            ...(item.attributeType === undefined ? {} : { attributeType: item.attributeType }),
            attributeStatus: accepted ? 'Accepted' : 'Rejected',
            component: item.component,
            variable: item.variable,
          };
        };
        // One result per variable, in order; the schema wants at least one of each.
        const [first, ...rest] = params.setVariableData;
        return { setVariableResult: [set(first), ...rest.map(set)] };
      },

      TriggerMessage: triggerMessageHandler(core, {
        targets: (params) => evseOrAll(core, params.evse),
        meterValues: (connector, reading) => ({ evseId: connector.id, meterValue: [meterValue201(reading)] }),
        idleNotifications: ['FirmwareStatusNotification', 'LogStatusNotification'],
        others: {
          TransactionEvent: (targets) => {
            const sessions = targets.flatMap((c) => (c.session?.state === 'charging' ? [c.session] : []));
            if (sessions.length === 0) return 'Rejected';
            core.background('triggered transaction event', async () => {
              for (const session of sessions) {
                const connector = core.connector(session.connectorId) as Connector;
                const reading = core.read(connector, 'Trigger');
                await core.transactional('TransactionEvent', {
                  ...this.#event(session, 'Updated', 'Trigger', reading.timestamp),
                  transactionInfo: { transactionId: session.transactionId, chargingState: 'Charging' },
                  meterValue: [meterValue201(reading)],
                });
              }
            });
            return 'Accepted';
          },
        },
      }),
    });
  }
}
