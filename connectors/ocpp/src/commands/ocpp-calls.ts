import type { ChargerCommand, CommandOutcome } from '@vz/schemas';

type Params = Record<string, unknown>;
export type Subprotocol = 'ocpp1.6' | 'ocpp2.0.1';

/** The OCPP call a platform command becomes, per protocol (OCPP 1.6 §5, OCPP 2.0.1 Part 2 §F/B/G/K). */
export interface OcppCall {
  readonly action: string;
  readonly params: Params;
}

function branch(command: ChargerCommand): [string, Record<string, unknown>] {
  const [name, value] = Object.entries(command.payload)[0] ?? ['', {}];
  return [name.replace('vz.charger.', ''), value as Record<string, unknown>];
}

/** Undefined when the command has no form in this protocol (or is not supported yet): it is answered REJECTED. */
export function ocppCallFor(command: ChargerCommand, protocol: Subprotocol): OcppCall | undefined {
  const [kind, body] = branch(command);
  const v16 = protocol === 'ocpp1.6';
  const evse =
    (body['evseId'] as number | null | undefined) ?? (body['connectorId'] as number | null | undefined) ?? null;
  switch (kind) {
    case 'RemoteStartCommand':
      return v16
        ? {
            action: 'RemoteStartTransaction',
            params: {
              idTag: body['idTag'],
              ...(body['connectorId'] == null ? {} : { connectorId: body['connectorId'] }),
            },
          }
        : {
            action: 'RequestStartTransaction',
            params: {
              idToken: { idToken: body['idTag'], type: 'Central' },
              remoteStartId: (body['remoteStartId'] as number | null | undefined) ?? remoteStartIdOf(command.commandId),
              ...(evse === null ? {} : { evseId: evse }),
            },
          };
    case 'RemoteStopCommand':
      return v16
        ? { action: 'RemoteStopTransaction', params: { transactionId: Number(body['transactionId']) } }
        : { action: 'RequestStopTransaction', params: { transactionId: String(body['transactionId']) } };
    case 'ResetCommand': {
      const type = String(body['type']);
      return v16
        ? { action: 'Reset', params: { type: type === 'HARD' || type === 'IMMEDIATE' ? 'Hard' : 'Soft' } }
        : { action: 'Reset', params: { type: type === 'ON_IDLE' || type === 'SOFT' ? 'OnIdle' : 'Immediate' } };
    }
    case 'UnlockConnectorCommand':
      return v16
        ? { action: 'UnlockConnector', params: { connectorId: body['connectorId'] } }
        : { action: 'UnlockConnector', params: { evseId: evse ?? 1, connectorId: body['connectorId'] } };
    case 'ChangeAvailabilityCommand': {
      const operative = body['operative'] === true;
      return v16
        ? {
            action: 'ChangeAvailability',
            params: { connectorId: body['connectorId'] ?? 0, type: operative ? 'Operative' : 'Inoperative' },
          }
        : {
            action: 'ChangeAvailability',
            params: {
              operationalStatus: operative ? 'Operative' : 'Inoperative',
              ...(evse === null ? {} : { evse: { id: evse } }),
            },
          };
    }
    case 'TriggerMessageCommand': {
      const requestedMessage = body['requestedMessage'];
      if (v16) {
        const connector = body['connectorId'] == null ? {} : { connectorId: body['connectorId'] };
        return { action: 'TriggerMessage', params: { requestedMessage, ...connector } };
      }
      const target = body['evseId'] == null ? {} : { evse: { id: body['evseId'] } };
      return { action: 'TriggerMessage', params: { requestedMessage, ...target } };
    }
    case 'ChangeConfigurationCommand': {
      if (v16) return { action: 'ChangeConfiguration', params: { key: body['key'], value: body['value'] } };
      // 2.0.1 addresses a setting by component and variable; without a component there is nothing to address.
      if (body['component'] == null) return undefined;
      const variable = { name: body['variable'] ?? body['key'] };
      const setting = { attributeValue: body['value'], component: { name: body['component'] }, variable };
      return { action: 'SetVariables', params: { setVariableData: [setting] } };
    }
    case 'SetChargingProfileCommand':
      return setChargingProfileCall(body, v16, evse);
    default:
      return undefined;
  }
}

const seconds = (ms: unknown): number => Math.round(Number(ms) / 1000);
const isoOf = (epochMs: unknown): string => new Date(Number(epochMs)).toISOString();

/**
 * OCPP 1.6 SetChargingProfile.req (§5.16, csChargingProfiles, ChargingProfile §7.8) or OCPP 2.0.1
 * SetChargingProfileRequest (K01, ChargingProfileType). Our schedule is in ms and integer W or mA; OCPP wants seconds
 * and W or A (decimal, one fraction digit is what chargers honour; mA / 1000 keeps it exact).
 */
function setChargingProfileCall(body: Params, v16: boolean, evse: number | null): OcppCall | undefined {
  const purpose = String(body['purpose']);
  const unitIsAmps = body['rateUnit'] === 'MILLIAMPERE';
  if (body['rateUnit'] !== 'W' && !unitIsAmps) return undefined;
  const periods = (body['periods'] as Params[]).map((period) => ({
    startPeriod: seconds(period['startOffsetMs']),
    limit: unitIsAmps ? Number(period['limit']) / 1000 : Number(period['limit']),
    ...(period['numberPhases'] == null ? {} : { numberPhases: period['numberPhases'] }),
  }));
  const optional = (key: string, value: unknown) => (value == null ? {} : { [key]: value });
  const schedule = {
    chargingRateUnit: unitIsAmps ? 'A' : 'W',
    chargingSchedulePeriod: periods,
    ...optional('duration', body['durationMs'] == null ? null : seconds(body['durationMs'])),
    ...optional('startSchedule', body['startScheduleAt'] == null ? null : isoOf(body['startScheduleAt'])),
  };
  const profile = {
    stackLevel: body['stackLevel'],
    chargingProfileKind: body['kind'],
    ...optional('recurrencyKind', body['recurrency']),
    ...optional('validFrom', body['validFromAt'] == null ? null : isoOf(body['validFromAt'])),
    ...optional('validTo', body['validToAt'] == null ? null : isoOf(body['validToAt'])),
  };
  if (v16) {
    // 1.6 names the station-wide purpose ChargePointMaxProfile; its transactionId is an integer.
    const purpose16 = purpose === 'ChargingStationMaxProfile' ? 'ChargePointMaxProfile' : purpose;
    if (purpose16 === 'ChargingStationExternalConstraints') return undefined;
    return {
      action: 'SetChargingProfile',
      params: {
        connectorId: body['connectorId'] ?? 0,
        csChargingProfiles: {
          chargingProfileId: body['chargingProfileId'],
          ...optional('transactionId', body['transactionId'] == null ? null : Number(body['transactionId'])),
          chargingProfilePurpose: purpose16,
          ...profile,
          chargingSchedule: schedule,
        },
      },
    };
  }
  return {
    action: 'SetChargingProfile',
    params: {
      evseId: evse ?? 0,
      chargingProfile: {
        id: body['chargingProfileId'],
        chargingProfilePurpose: purpose,
        ...optional('transactionId', body['transactionId']),
        ...profile,
        // 2.0.1 takes a list of schedules (one per rate unit, K01.FR.xx); we send one, numbered 1.
        chargingSchedule: [{ id: 1, ...schedule }],
      },
    },
  };
}

/** OCPP 2.0.1 wants an integer remoteStartId; one derived from the command id keeps retries identical. */
function remoteStartIdOf(commandId: string): number {
  let hash = 0;
  for (const character of commandId) hash = (hash * 31 + character.charCodeAt(0)) | 0;
  return Math.abs(hash) || 1;
}

/** Accepted, Scheduled and RebootRequired mean the charger took it; any other status is a refusal (OCPP 1.6 §7, 2.0.1 §3). */
export function outcomeOf(response: unknown): {
  outcome: CommandOutcome;
  status: string | null;
  reason: string | null;
} {
  type Answer = { status?: unknown; statusInfo?: { reasonCode?: unknown; additionalInfo?: unknown } | undefined };
  const raw = (response ?? {}) as Answer & {
    setVariableResult?: Array<{ attributeStatus?: unknown; attributeStatusInfo?: Answer['statusInfo'] }>;
  };
  // SetVariables (2.0.1 B05) answers per variable; we set one, so its attributeStatus is the status.
  const single = raw.setVariableResult?.[0];
  const answer: Answer =
    single === undefined ? raw : { status: single.attributeStatus, statusInfo: single.attributeStatusInfo };
  const status = typeof answer.status === 'string' ? answer.status : null;
  const reason =
    answer.statusInfo === undefined
      ? null
      : [answer.statusInfo.reasonCode, answer.statusInfo.additionalInfo].filter(Boolean).join(': ') || null;
  return {
    outcome: status === 'Accepted' || status === 'Scheduled' || status === 'RebootRequired' ? 'ACCEPTED' : 'REJECTED',
    status,
    reason,
  };
}
