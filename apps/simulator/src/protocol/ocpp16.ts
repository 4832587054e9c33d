import type { Ocpp16Request, Ocpp16Response } from '@vz/ocpp';
import { measurementsOf, type MeterReading, type ReadingContext } from '../meter.ts';
import type { ConnectorStatus, StopReason } from '../types.ts';
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

/** OCPP 1.6 `Reason` of StopTransaction (§7.41). */
type Reason16 = NonNullable<Ocpp16Request<'StopTransaction'>['reason']>;

const reason16: Record<StopReason, Reason16> = {
  Local: 'Local',
  Remote: 'Remote',
  EVDisconnected: 'EVDisconnected',
  EmergencyStop: 'EmergencyStop',
  PowerLoss: 'PowerLoss',
  Reboot: 'Reboot',
  HardReset: 'HardReset',
  SoftReset: 'SoftReset',
  ImmediateReset: 'HardReset',
  UnlockCommand: 'UnlockCommand',
  DeAuthorized: 'DeAuthorized',
  EnergyLimitReached: 'Other',
  SOCLimitReached: 'Other',
  TimeLimitReached: 'Other',
  StoppedByEV: 'EVDisconnected',
  GroundFault: 'EmergencyStop',
  OvercurrentFault: 'EmergencyStop',
  Other: 'Other',
};

type StartTransactionConf = Ocpp16Response<'StartTransaction'>;

const authorizeStatus = (answer: unknown): string => (answer as Ocpp16Response<'Authorize'>).idTagInfo.status;

/** The configuration keys that act on the simulation (ChangeConfiguration); any other key is stored. */
const settings16 = new Map<string, ActiveSetting>([
  ['HeartbeatInterval', 'heartbeatInterval'],
  ['MeterValueSampleInterval', 'meterValueInterval'],
  ['AuthorizeRemoteTxRequests', 'authorizeRemoteStart'],
]);

/** A reading as an OCPP 1.6 MeterValue: values are strings, units in `unit`. */
export function meterValue16(reading: MeterReading, context: ReadingContext = reading.context): object {
  return {
    timestamp: iso(reading.timestamp),
    sampledValue: measurementsOf(reading).map((m) => ({
      value: m.unit === 'A' ? m.value.toFixed(1) : String(m.value),
      context,
      format: 'Raw',
      measurand: m.measurand,
      ...phaseAndLocation(m),
      unit: m.unit,
    })),
  };
}

/** Only the register, for StopTransaction.transactionData (begin and end). */
function registerValue16(timestamp: number, registerWh: number, context: ReadingContext): object {
  return {
    timestamp: iso(timestamp),
    sampledValue: [
      {
        value: String(registerWh),
        context,
        format: 'Raw',
        measurand: 'Energy.Active.Import.Register',
        location: 'Outlet',
        unit: 'Wh',
      },
    ],
  };
}

export class Ocpp16Driver implements ProtocolDriver {
  readonly #core: ChargerCore;

  constructor(core: ChargerCore) {
    this.#core = core;
  }

  wireStatus(status: ConnectorStatus): string {
    return status;
  }

  bootNotification(_reason: BootReason): object {
    const { vendor, model, serialNumber, firmwareVersion } = this.#core.settings;
    return {
      chargePointVendor: vendor,
      chargePointModel: model,
      ...(serialNumber === undefined ? {} : { chargePointSerialNumber: serialNumber }),
      firmwareVersion,
    };
  }

  statusNotification(connector: Connector): object {
    return {
      connectorId: connector.id,
      errorCode: connector.status === 'Faulted' ? connector.errorCode : 'NoError',
      status: connector.status,
      timestamp: iso(this.#core.now()),
    };
  }

  async startTransaction(session: Session, connector: Connector): Promise<void> {
    const core = this.#core;
    await authorizeStart(core, session, 'idTag', { idTag: session.idTag }, authorizeStatus);
    await core.setStatus(connector, 'Preparing');
    const begin = beginSession(core, session, connector);
    const conf = (await core.call('StartTransaction', {
      connectorId: connector.id,
      idTag: session.idTag,
      meterStart: begin.registerWh,
      timestamp: iso(begin.timestamp),
    })) as StartTransactionConf;
    session.ocppTransactionId = conf.transactionId;
    session.transactionId = String(conf.transactionId);
    session.state = 'charging';
    if (conf.idTagInfo.status !== 'Accepted') {
      await endRefusedStart(core, session, 'StartTransaction', conf.idTagInfo.status);
    }
    await core.setStatus(connector, 'Charging');
  }

  periodicMeterValues(session: Session, reading: MeterReading): { action: string; payload: object } {
    return {
      action: 'MeterValues',
      payload: {
        connectorId: session.connectorId,
        transactionId: session.ocppTransactionId,
        meterValue: [meterValue16(reading)],
      },
    };
  }

  async stopTransaction(session: Session, connector: Connector, end: MeterReading, reason: StopReason): Promise<void> {
    const core = this.#core;
    const payload = {
      transactionId: session.ocppTransactionId,
      idTag: session.idTag,
      meterStop: end.registerWh,
      timestamp: iso(end.timestamp),
      reason: reason16[reason],
      ...(core.settings.stopTransactionData
        ? {
            transactionData: [
              registerValue16(session.startedAt, session.meterStartWh, 'Transaction.Begin'),
              registerValue16(end.timestamp, end.registerWh, 'Transaction.End'),
            ],
          }
        : {}),
    };
    await core.transactional('StopTransaction', payload);
    await core.setStatus(connector, 'Finishing');
  }

  handlers(): Record<string, CsmsCallHandler> {
    const core = this.#core;

    return byAction<'ocpp1.6'>({
      RemoteStartTransaction: (params) => {
        const { idTag } = params;
        const connector = remoteStartConnector(core, params.connectorId);
        if (!connector) return { status: 'Rejected' };
        core.background('remote start', () =>
          core.startSession({ connector, idTag, idTokenType: core.settings.idTokenType, remote: true }),
        );
        return { status: 'Accepted' };
      },

      RemoteStopTransaction: (params) => remoteStop(core, params.transactionId),

      Reset: (params) => {
        const hard = params.type === 'Hard';
        core.background('reset', () => core.reset(hard ? 'HardReset' : 'SoftReset', 'RemoteReset'));
        return { status: 'Accepted' };
      },

      UnlockConnector: (params) => {
        const connector = core.connector(params.connectorId);
        if (!connector) return { status: 'NotSupported' };
        const session = connector.session;
        if (session?.state === 'charging') {
          core.background('unlock', () => core.stopSession(session, 'UnlockCommand'));
        }
        return { status: 'Unlocked' };
      },

      ChangeAvailability: (params) =>
        changeAvailability(core, connectorsOrAll(core, params.connectorId), params.type === 'Operative'),

      SetChargingProfile: (params) =>
        chargingProfileStatus(core, params.connectorId, params.csChargingProfiles.chargingProfilePurpose),

      ChangeConfiguration: (params) => {
        const { key } = params;
        const accepted = configure(core, key, params.value, settings16.get(key));
        return { status: accepted ? 'Accepted' : 'Rejected' };
      },

      GetConfiguration: (params) => {
        const keys = params.key ?? [...core.configuration.keys()];
        return {
          configurationKey: keys.flatMap((key) => {
            const value = core.configuration.get(key);
            return value === undefined ? [] : [{ key, readonly: false, value }];
          }),
          unknownKey: keys.filter((key) => !core.configuration.has(key)),
        };
      },

      TriggerMessage: triggerMessageHandler(core, {
        targets: (params) => connectorsOrAll(core, params.connectorId),
        meterValues: (connector, reading) => {
          const transactionId = connector.session?.ocppTransactionId;
          return {
            connectorId: connector.id,
            ...(typeof transactionId === 'number' ? { transactionId } : {}),
            meterValue: [meterValue16(reading)],
          };
        },
        idleNotifications: ['DiagnosticsStatusNotification', 'FirmwareStatusNotification'],
      }),
    });
  }
}
