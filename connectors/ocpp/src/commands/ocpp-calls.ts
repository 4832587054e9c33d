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
    default:
      return undefined;
  }
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
