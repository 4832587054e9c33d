import { describe, expect, it } from '@jest/globals';
import type { ChargerCommand } from '@vz/schemas';
import { ocppCallFor, outcomeOf } from './ocpp-calls.ts';

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
