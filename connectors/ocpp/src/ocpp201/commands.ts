// Platform commands as OCPP 2.0.1 calls (Part 2: F remote control, B provisioning, G availability, K smart charging).
import type { Ocpp201 } from '@vz/ocpp';
import type { ChargerCommand } from '@vz/schemas';
import { chargingProfileParts } from '../commands/charging-profile.ts';
import { callOf, type CommandCalls } from '../commands/command-kinds.ts';
import type { OutgoingCall } from '../handlers/handler.ts';

type Call201 = OutgoingCall<'ocpp2.0.1'>;

/** The EVSE a command addresses: its evseId, else its connectorId (one connector per EVSE), else none. */
const evseOf = (body: { evseId: number | null; connectorId: number | null }): number | null =>
  body.evseId ?? body.connectorId ?? null;

/** OCPP 2.0.1 wants an integer remoteStartId; one derived from the command id keeps retries identical. */
function remoteStartIdOf(commandId: string): number {
  let hash = 0;
  for (const character of commandId) hash = (hash * 31 + character.charCodeAt(0)) | 0;
  return Math.abs(hash) || 1;
}

const calls201: CommandCalls<Call201> = {
  'vz.charger.RemoteStartCommand': (body, command) => {
    const evse = evseOf(body);
    return {
      action: 'RequestStartTransaction',
      params: {
        idToken: { idToken: body.idTag, type: 'Central' },
        remoteStartId: body.remoteStartId ?? remoteStartIdOf(command.commandId),
        ...(evse === null ? {} : { evseId: evse }),
      },
    };
  },
  'vz.charger.RemoteStopCommand': (body) => ({
    action: 'RequestStopTransaction',
    params: { transactionId: body.transactionId },
  }),
  'vz.charger.ResetCommand': (body) => ({
    action: 'Reset',
    params: { type: body.type === 'ON_IDLE' || body.type === 'SOFT' ? 'OnIdle' : 'Immediate' },
  }),
  'vz.charger.UnlockConnectorCommand': (body) => ({
    action: 'UnlockConnector',
    params: { evseId: evseOf(body) ?? 1, connectorId: body.connectorId },
  }),
  'vz.charger.ChangeAvailabilityCommand': (body) => {
    const evse = evseOf(body);
    return {
      action: 'ChangeAvailability',
      params: {
        operationalStatus: body.operative ? 'Operative' : 'Inoperative',
        ...(evse === null ? {} : { evse: { id: evse } }),
      },
    };
  },
  'vz.charger.TriggerMessageCommand': (body) => ({
    action: 'TriggerMessage',
    params: {
      // ocpp-rpc checks the name against MessageTriggerEnumType before sending (strict mode): a wrong one is ERROR.
      requestedMessage: body.requestedMessage as Ocpp201.MessageTriggerEnumType,
      ...(body.evseId == null ? {} : { evse: { id: body.evseId } }),
    },
  }),
  // SetVariables (B05) addresses a setting by component and variable; without a component there is nothing to address.
  'vz.charger.ChangeConfigurationCommand': (body) => {
    if (body.component == null) return undefined;
    const setting = {
      attributeValue: body.value,
      component: { name: body.component },
      variable: { name: body.variable ?? body.key },
    };
    return { action: 'SetVariables', params: { setVariableData: [setting] } };
  },
  // SetChargingProfileRequest (K01): 2.0.1 takes a list of schedules (one per rate unit); we send one, numbered 1.
  'vz.charger.SetChargingProfileCommand': (body) => {
    const parts = chargingProfileParts(body);
    if (parts === undefined) return undefined;
    return {
      action: 'SetChargingProfile',
      params: {
        evseId: evseOf(body) ?? 0,
        chargingProfile: {
          id: body.chargingProfileId,
          chargingProfilePurpose: body.purpose as Ocpp201.ChargingProfilePurposeEnumType,
          ...(body.transactionId == null ? {} : { transactionId: body.transactionId }),
          ...parts.profile,
          chargingSchedule: [{ id: 1, ...parts.schedule }],
        },
      },
    };
  },
};

/** The OCPP 2.0.1 call a platform command becomes; undefined when 2.0.1 has no form for it. */
export const commandCall201 = (command: ChargerCommand): Call201 | undefined => callOf(command, calls201);
