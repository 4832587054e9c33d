import { describe, expect, it } from '@jest/globals';
import type { Subprotocol } from '@vz/ocpp';
import type { ChargerCommand } from '@vz/schemas';
import { versions } from '../versions.ts';
import { outcomeOf } from './outcome.ts';

/** The call a command becomes in the version a charger negotiated. */
const ocppCallFor = (command: ChargerCommand, protocol: Subprotocol) => versions[protocol].commandCall(command);

const command = (payload: ChargerCommand['payload']): ChargerCommand => ({
  eventId: 'e',
  occurredAt: 0,
  causationId: 'c',
  chargerId: 'CP',
  commandId: 'cmd-1',
  requestedBy: 'test',
  expiresAt: null,
  payload,
});

describe('ocppCallFor', () => {
  it('maps a remote start per protocol (1.6 §5.11, 2.0.1 F01)', () => {
    const start = command({
      'vz.charger.RemoteStartCommand': { idTag: 'T1', connectorId: 2, evseId: null, remoteStartId: null },
    });
    expect(ocppCallFor(start, 'ocpp1.6')).toEqual({
      action: 'RemoteStartTransaction',
      params: { idTag: 'T1', connectorId: 2 },
    });
    expect(ocppCallFor(start, 'ocpp2.0.1')).toEqual({
      action: 'RequestStartTransaction',
      params: { idToken: { idToken: 'T1', type: 'Central' }, remoteStartId: expect.any(Number), evseId: 2 },
    });
  });

  it('keeps 1.6 transaction ids integers and 2.0.1 ones strings', () => {
    const stop = command({ 'vz.charger.RemoteStopCommand': { transactionId: '42' } });
    expect(ocppCallFor(stop, 'ocpp1.6')?.params).toEqual({ transactionId: 42 });
    expect(ocppCallFor(stop, 'ocpp2.0.1')?.params).toEqual({ transactionId: '42' });
  });

  it('translates reset types and availability', () => {
    expect(
      ocppCallFor(command({ 'vz.charger.ResetCommand': { type: 'HARD', evseId: null } }), 'ocpp2.0.1')?.params,
    ).toEqual({ type: 'Immediate' });
    expect(
      ocppCallFor(command({ 'vz.charger.ResetCommand': { type: 'SOFT', evseId: null } }), 'ocpp1.6')?.params,
    ).toEqual({ type: 'Soft' });
    expect(
      ocppCallFor(
        command({ 'vz.charger.ChangeAvailabilityCommand': { operative: false, connectorId: null, evseId: null } }),
        'ocpp1.6',
      )?.params,
    ).toEqual({ connectorId: 0, type: 'Inoperative' });
  });
});

describe('configuration commands', () => {
  it('are ChangeConfiguration in 1.6 and SetVariables in 2.0.1, which needs a component', () => {
    const change = (component: string | null) =>
      command({
        'vz.charger.ChangeConfigurationCommand': { key: 'HeartbeatInterval', value: '60', component, variable: null },
      });
    expect(ocppCallFor(change(null), 'ocpp1.6')).toEqual({
      action: 'ChangeConfiguration',
      params: { key: 'HeartbeatInterval', value: '60' },
    });
    expect(ocppCallFor(change(null), 'ocpp2.0.1')).toBeUndefined();
    expect(ocppCallFor(change('OCPPCommCtrlr'), 'ocpp2.0.1')).toEqual({
      action: 'SetVariables',
      params: {
        setVariableData: [
          { attributeValue: '60', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
        ],
      },
    });
    expect(outcomeOf({ setVariableResult: [{ attributeStatus: 'Rejected' }] })).toMatchObject({
      outcome: 'REJECTED',
      status: 'Rejected',
    });
    expect(outcomeOf({ status: 'RebootRequired' })).toMatchObject({ outcome: 'ACCEPTED' });
  });
});

describe('outcomeOf', () => {
  it('treats Accepted and Scheduled as accepted, any other status as a refusal with its reason', () => {
    expect(outcomeOf({ status: 'Scheduled' })).toEqual({ outcome: 'ACCEPTED', status: 'Scheduled', reason: null });
    expect(outcomeOf({ status: 'Rejected', statusInfo: { reasonCode: 'NoCable' } })).toEqual({
      outcome: 'REJECTED',
      status: 'Rejected',
      reason: 'NoCable',
    });
  });
});

describe('SetChargingProfile', () => {
  const profile = (purpose: string, rateUnit: 'W' | 'MILLIAMPERE') =>
    command({
      'vz.charger.SetChargingProfileCommand': {
        connectorId: 1,
        evseId: null,
        chargingProfileId: 7,
        stackLevel: 2,
        purpose,
        kind: 'Absolute',
        recurrency: null,
        transactionId: null,
        validFromAt: null,
        validToAt: null,
        startScheduleAt: Date.UTC(2026, 10, 21, 12),
        durationMs: 3_600_000,
        rateUnit,
        periods: [
          { startOffsetMs: 0, limit: 16_000, numberPhases: null },
          { startOffsetMs: 1_800_000, limit: 6_500, numberPhases: 1 },
        ],
      },
    });

  it('is csChargingProfiles in 1.6 (§5.16): seconds, amperes, ChargePointMaxProfile', () => {
    expect(ocppCallFor(profile('ChargingStationMaxProfile', 'MILLIAMPERE'), 'ocpp1.6')).toEqual({
      action: 'SetChargingProfile',
      params: {
        connectorId: 1,
        csChargingProfiles: {
          chargingProfileId: 7,
          stackLevel: 2,
          chargingProfilePurpose: 'ChargePointMaxProfile',
          chargingProfileKind: 'Absolute',
          chargingSchedule: {
            chargingRateUnit: 'A',
            duration: 3_600,
            startSchedule: '2026-11-21T12:00:00.000Z',
            chargingSchedulePeriod: [
              { startPeriod: 0, limit: 16 },
              { startPeriod: 1_800, limit: 6.5, numberPhases: 1 },
            ],
          },
        },
      },
    });
  });

  it('is chargingProfile with a list of schedules in 2.0.1 (K01), and has no 1.6 form for external constraints', () => {
    expect(ocppCallFor(profile('TxDefaultProfile', 'W'), 'ocpp2.0.1')?.params).toEqual({
      evseId: 1,
      chargingProfile: {
        id: 7,
        stackLevel: 2,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: [
          {
            id: 1,
            chargingRateUnit: 'W',
            duration: 3_600,
            startSchedule: '2026-11-21T12:00:00.000Z',
            chargingSchedulePeriod: [
              { startPeriod: 0, limit: 16_000 },
              { startPeriod: 1_800, limit: 6_500, numberPhases: 1 },
            ],
          },
        ],
      },
    });
    expect(ocppCallFor(profile('ChargingStationExternalConstraints', 'W'), 'ocpp1.6')).toBeUndefined();
  });
});
