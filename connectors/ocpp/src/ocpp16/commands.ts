// Platform commands as OCPP 1.6 calls (§5: operations initiated by the central system).
import type { Ocpp16 } from '@vz/ocpp';
import type { ChargerCommand } from '@vz/schemas';
import { chargingProfileParts } from '../commands/charging-profile.ts';
import { callOf, type CommandCalls } from '../commands/command-kinds.ts';
import type { OutgoingCall } from '../handlers/handler.ts';

type Call16 = OutgoingCall<'ocpp1.6'>;

const calls16: CommandCalls<Call16> = {
  'vz.charger.RemoteStartCommand': (body) => ({
    action: 'RemoteStartTransaction',
    params: { idTag: body.idTag, ...(body.connectorId == null ? {} : { connectorId: body.connectorId }) },
  }),
  'vz.charger.RemoteStopCommand': (body) => ({
    action: 'RemoteStopTransaction',
    params: { transactionId: Number(body.transactionId) },
  }),
  'vz.charger.ResetCommand': (body) => ({
    action: 'Reset',
    params: { type: body.type === 'HARD' || body.type === 'IMMEDIATE' ? 'Hard' : 'Soft' },
  }),
  'vz.charger.UnlockConnectorCommand': (body) => ({
    action: 'UnlockConnector',
    params: { connectorId: body.connectorId },
  }),
  'vz.charger.ChangeAvailabilityCommand': (body) => ({
    action: 'ChangeAvailability',
    params: { connectorId: body.connectorId ?? 0, type: body.operative ? 'Operative' : 'Inoperative' },
  }),
  'vz.charger.TriggerMessageCommand': (body) => ({
    action: 'TriggerMessage',
    params: {
      // ocpp-rpc checks the name against §7.43 MessageTrigger before sending (strict mode): a wrong one is ERROR.
      requestedMessage: body.requestedMessage as Ocpp16.TriggerMessageRequest['requestedMessage'],
      ...(body.connectorId == null ? {} : { connectorId: body.connectorId }),
    },
  }),
  'vz.charger.ChangeConfigurationCommand': (body) => ({
    action: 'ChangeConfiguration',
    params: { key: body.key, value: body.value },
  }),
  // SetChargingProfile.req (§5.16, csChargingProfiles): 1.6 names the station-wide purpose ChargePointMaxProfile,
  // its transactionId is an integer, and it has no ChargingStationExternalConstraints.
  'vz.charger.SetChargingProfileCommand': (body) => {
    const parts = chargingProfileParts(body);
    const purpose = body.purpose === 'ChargingStationMaxProfile' ? 'ChargePointMaxProfile' : body.purpose;
    if (parts === undefined || purpose === 'ChargingStationExternalConstraints') return undefined;
    return {
      action: 'SetChargingProfile',
      params: {
        connectorId: body.connectorId ?? 0,
        csChargingProfiles: {
          chargingProfileId: body.chargingProfileId,
          ...(body.transactionId == null ? {} : { transactionId: Number(body.transactionId) }),
          chargingProfilePurpose:
            purpose as Ocpp16.SetChargingProfileRequest['csChargingProfiles']['chargingProfilePurpose'],
          ...parts.profile,
          chargingSchedule: parts.schedule,
        },
      },
    };
  },
};

/** The OCPP 1.6 call a platform command becomes; undefined when 1.6 has no form for it. */
export const commandCall16 = (command: ChargerCommand): Call16 | undefined => callOf(command, calls16);
