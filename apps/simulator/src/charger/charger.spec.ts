import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { UnauthorizedError } from '@vz/core';
import { SimulatedCharger } from './charger.ts';
import { ManualClock } from '../clock.ts';
import type { SimulatedChargerOptions } from '../options.ts';
import type { OcppProtocol } from '../rpc.ts';
import { startFakeCsms, type FakeCsms } from '../../test/support/fake-csms.ts';

const PASSWORD = 'sim-secret-0123456789';
const T0 = Date.parse('2025-03-01T10:00:00.000Z');
const MINUTE = 60_000;

let csms: FakeCsms;
let clock: ManualClock;
const chargers: SimulatedCharger[] = [];

beforeEach(async () => {
  csms = await startFakeCsms({ password: PASSWORD, heartbeatIntervalS: 300 });
  clock = new ManualClock(T0);
});

afterEach(async () => {
  await Promise.all(chargers.splice(0).map((c) => c.close()));
  const rejected = [...csms.rejected];
  await csms.close();
  // Strict mode on the CSMS side refused nothing the simulator sent (tests that send bad frames on purpose clear it).
  expect(rejected).toEqual([]);
});

function charger(protocol: OcppProtocol, extra: Partial<SimulatedChargerOptions> = {}): SimulatedCharger {
  const created = new SimulatedCharger({
    endpoint: csms.endpoint,
    identity: `CP-${protocol === 'ocpp1.6' ? '16' : '201'}-${chargers.length + 1}`,
    password: PASSWORD,
    protocol,
    clock,
    ...extra,
  });
  chargers.push(created);
  return created;
}

const actionsOf = (identity: string): string[] => csms.callsOf(identity).map((c) => c.action);

/** sampledValue of one measurand in a 1.6 or 2.0.1 meterValue. */
function sample(meterValue: unknown, measurand: string, phase?: string): unknown {
  const values = (meterValue as { sampledValue: { measurand: string; phase?: string; value: unknown }[] }).sampledValue;
  return values.find((v) => v.measurand === measurand && (phase === undefined || v.phase === phase))?.value;
}

describe('SimulatedCharger, OCPP 1.6', () => {
  it('boots, runs a session and reports the exact energy', async () => {
    const cp = charger('ocpp1.6', { initialRegisterWh: 123_456, meterValueIntervalMs: MINUTE });
    const boot = await cp.start();
    expect(boot).toMatchObject({ status: 'Accepted', interval: 300 });
    expect(cp.heartbeatIntervalS).toBe(300);

    const session = await cp.startSession({ connectorId: 1, idTag: 'TAG-001', powerW: 11_000 });
    expect(session.transactionId).toBe('1000');
    await cp.advance(3 * MINUTE);
    const report = await cp.stopSession(session);

    expect(actionsOf(cp.identity)).toEqual([
      'BootNotification',
      'StatusNotification',
      'StatusNotification',
      'Authorize',
      'StatusNotification',
      'StartTransaction',
      'StatusNotification',
      'MeterValues',
      'MeterValues',
      'MeterValues',
      'StopTransaction',
      'StatusNotification',
      'StatusNotification',
    ]);
    const statuses = csms
      .callsOf(cp.identity, 'StatusNotification')
      .map((c) => [c.params['connectorId'], c.params['status']]);
    expect(statuses).toEqual([
      [1, 'Available'],
      [2, 'Available'],
      [1, 'Preparing'],
      [1, 'Charging'],
      [1, 'Finishing'],
      [1, 'Available'],
    ]);
    expect(csms.callsOf(cp.identity, 'BootNotification')[0]?.params).toEqual({
      chargePointVendor: 'VZ',
      chargePointModel: 'VZ-Sim',
      firmwareVersion: 'vz-sim-0.1.0',
    });
    expect(csms.callsOf(cp.identity, 'StartTransaction')[0]?.params).toEqual({
      connectorId: 1,
      idTag: 'TAG-001',
      meterStart: 123_456,
      timestamp: '2025-03-01T10:00:00.000Z',
    });

    // 11 kW for one minute is 183.33 Wh: the register reads floor(cumulative), so 183, 366, 550.
    const meterValues = csms.callsOf(cp.identity, 'MeterValues').map((c) => c.params);
    expect(meterValues.map((p) => p['transactionId'])).toEqual([1000, 1000, 1000]);
    const mv = meterValues.map((p) => (p['meterValue'] as unknown[])[0]);
    expect(mv.map((m) => sample(m, 'Energy.Active.Import.Register'))).toEqual(['123639', '123822', '124006']);
    expect(mv.map((m) => (m as { timestamp: string }).timestamp)).toEqual([
      '2025-03-01T10:01:00.000Z',
      '2025-03-01T10:02:00.000Z',
      '2025-03-01T10:03:00.000Z',
    ]);
    expect(sample(mv[0], 'Power.Active.Import')).toBe('11000');
    expect(sample(mv[0], 'Current.Import', 'L1')).toBe('15.9');
    expect(sample(mv[0], 'Current.Import', 'L3')).toBe('15.9');
    expect(sample(mv[0], 'Voltage', 'L2-N')).toBe('230');
    expect(sample(mv[0], 'SoC')).toBe('20');

    expect(csms.callsOf(cp.identity, 'StopTransaction')[0]?.params).toMatchObject({
      transactionId: 1000,
      idTag: 'TAG-001',
      meterStop: 124_006,
      timestamp: '2025-03-01T10:03:00.000Z',
      reason: 'Local',
    });

    expect(report).toEqual({
      transactionId: '1000',
      connectorId: 1,
      idTag: 'TAG-001',
      meterStartWh: 123_456,
      meterStopWh: 124_006,
      energyWh: 550,
      meterValuesSent: 3,
      meterValuesQueued: 0,
      startedAt: T0,
      stoppedAt: T0 + 3 * MINUTE,
      stopReason: 'Local',
      remoteStart: false,
      lastSeqNo: null,
    });
    const full = cp.report();
    expect(full).toMatchObject({
      identity: cp.identity,
      protocol: 'ocpp1.6',
      connected: true,
      callsByAction: {
        BootNotification: 1,
        StatusNotification: 6,
        Authorize: 1,
        StartTransaction: 1,
        MeterValues: 3,
        StopTransaction: 1,
      },
      errorsReceived: [],
      offlineQueueLength: 0,
      boots: 1,
    });
    expect(full.framesSent).toBe(13);
    expect(full.sessions).toEqual([report]);
  });

  it('sends heartbeats at the interval the CSMS returned', async () => {
    const cp = charger('ocpp1.6');
    await cp.start();
    await cp.advance(299_000);
    expect(csms.callsOf(cp.identity, 'Heartbeat')).toHaveLength(0);
    await cp.advance(1_000);
    await cp.advance(300_000);
    expect(csms.callsOf(cp.identity, 'Heartbeat')).toHaveLength(2);
  });

  it('answers RemoteStartTransaction and RemoteStopTransaction by acting on them', async () => {
    const cp = charger('ocpp1.6');
    await cp.start();
    const started = new Promise((resolve) => cp.once('session-started', resolve));
    await expect(
      csms.call(cp.identity, 'RemoteStartTransaction', { idTag: 'REMOTE-1', connectorId: 2 }),
    ).resolves.toEqual({ status: 'Accepted' });
    await started;
    await cp.idle();
    expect(csms.callsOf(cp.identity, 'Authorize')).toHaveLength(0); // AuthorizeRemoteTxRequests is false
    expect(csms.callsOf(cp.identity, 'StartTransaction')[0]?.params).toMatchObject({
      connectorId: 2,
      idTag: 'REMOTE-1',
    });
    const [session] = cp.activeSessions();
    expect(session?.connectorId).toBe(2);

    await cp.advance(MINUTE);
    await expect(csms.call(cp.identity, 'RemoteStopTransaction', { transactionId: 4242 })).resolves.toEqual({
      status: 'Rejected',
    });
    await expect(
      csms.call(cp.identity, 'RemoteStopTransaction', { transactionId: session?.ocppTransactionId }),
    ).resolves.toEqual({ status: 'Accepted' });
    await cp.idle();
    expect(csms.callsOf(cp.identity, 'StopTransaction')[0]?.params).toMatchObject({
      transactionId: 1000,
      reason: 'Remote',
      meterStop: 183,
    });
    expect(cp.report().sessions[0]).toMatchObject({ remoteStart: true, energyWh: 183, stopReason: 'Remote' });
    expect(cp.activeSessions()).toEqual([]);
  });

  it('answers the other CSMS-initiated calls faithfully', async () => {
    const cp = charger('ocpp1.6');
    await cp.start();
    const id = cp.identity;
    await expect(csms.call(id, 'ChangeConfiguration', { key: 'HeartbeatInterval', value: '60' })).resolves.toEqual({
      status: 'Accepted',
    });
    expect(cp.heartbeatIntervalS).toBe(60);
    await expect(csms.call(id, 'ChangeConfiguration', { key: 'HeartbeatInterval', value: 'soon' })).resolves.toEqual({
      status: 'Rejected',
    });
    await expect(csms.call(id, 'GetConfiguration', { key: ['HeartbeatInterval', 'Nope'] })).resolves.toEqual({
      configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }],
      unknownKey: ['Nope'],
    });
    await expect(csms.call(id, 'TriggerMessage', { requestedMessage: 'Heartbeat' })).resolves.toEqual({
      status: 'Accepted',
    });
    await expect(csms.call(id, 'TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 1 })).resolves.toEqual(
      { status: 'Accepted' },
    );
    await expect(csms.call(id, 'UnlockConnector', { connectorId: 1 })).resolves.toEqual({ status: 'Unlocked' });
    await expect(csms.call(id, 'UnlockConnector', { connectorId: 9 })).resolves.toEqual({ status: 'NotSupported' });
    await expect(csms.call(id, 'ChangeAvailability', { connectorId: 2, type: 'Inoperative' })).resolves.toEqual({
      status: 'Accepted',
    });
    await cp.idle();
    expect(csms.callsOf(id, 'Heartbeat')).toHaveLength(1);
    expect(csms.callsOf(id, 'MeterValues')[0]?.params).toMatchObject({ connectorId: 1 });
    expect(csms.callsOf(id, 'StatusNotification').at(-1)?.params).toMatchObject({
      connectorId: 2,
      status: 'Unavailable',
    });
    await expect(cp.startSession({ connectorId: 2, idTag: 'X' })).rejects.toThrow(/Unavailable/);

    // A session in progress makes Inoperative "Scheduled"; Reset ends it and boots again.
    await cp.startSession({ connectorId: 1, idTag: 'TAG-2' });
    await expect(csms.call(id, 'ChangeAvailability', { connectorId: 1, type: 'Inoperative' })).resolves.toEqual({
      status: 'Scheduled',
    });
    await expect(csms.call(id, 'Reset', { type: 'Soft' })).resolves.toEqual({ status: 'Accepted' });
    await cp.idle();
    expect(csms.callsOf(id, 'StopTransaction')[0]?.params).toMatchObject({ reason: 'SoftReset' });
    expect(csms.callsOf(id, 'BootNotification')).toHaveLength(2);
    expect(cp.report().boots).toBe(2);

    // Not simulated: NotImplemented, as ocpp-rpc answers an unhandled action.
    await expect(csms.call(id, 'ClearCache', {})).rejects.toMatchObject({ rpcErrorCode: 'NotImplemented' });
    expect(cp.report().callsReceivedByAction).toMatchObject({ Reset: 1, ChangeAvailability: 2, ClearCache: 1 });
  });
});

describe('SimulatedCharger, OCPP 2.0.1', () => {
  it('runs a session as TransactionEvents Started / Updated / Ended with seqNo', async () => {
    const cp = charger('ocpp2.0.1', { initialRegisterWh: 5_000, meterValueIntervalMs: MINUTE });
    await cp.start();
    const session = await cp.startSession({ connectorId: 2, idTag: 'RFID-ABC', powerW: 7_400 });
    expect(session.transactionId).toMatch(/^[0-9a-f-]{36}$/);
    await cp.advance(2 * MINUTE);
    const report = await cp.stopSession(session, 'EVDisconnected');

    expect(actionsOf(cp.identity)).toEqual([
      'BootNotification',
      'StatusNotification',
      'StatusNotification',
      'Authorize',
      'TransactionEvent',
      'StatusNotification',
      'TransactionEvent',
      'TransactionEvent',
      'TransactionEvent',
      'StatusNotification',
    ]);
    expect(csms.callsOf(cp.identity, 'BootNotification')[0]?.params).toEqual({
      reason: 'PowerUp',
      chargingStation: { vendorName: 'VZ', model: 'VZ-Sim', firmwareVersion: 'vz-sim-0.1.0' },
    });
    expect(csms.callsOf(cp.identity, 'Authorize')[0]?.params).toEqual({
      idToken: { idToken: 'RFID-ABC', type: 'ISO14443' },
    });
    const statuses = csms.callsOf(cp.identity, 'StatusNotification').map((c) => c.params);
    expect(statuses.map((s) => [s['evseId'], s['connectorId'], s['connectorStatus']])).toEqual([
      [1, 1, 'Available'],
      [2, 1, 'Available'],
      [2, 1, 'Occupied'],
      [2, 1, 'Available'],
    ]);

    const events = csms.callsOf(cp.identity, 'TransactionEvent').map((c) => c.params);
    expect(events.map((e) => [e['eventType'], e['seqNo'], e['triggerReason'], e['timestamp']])).toEqual([
      ['Started', 0, 'Authorized', '2025-03-01T10:00:00.000Z'],
      ['Updated', 1, 'MeterValuePeriodic', '2025-03-01T10:01:00.000Z'],
      ['Updated', 2, 'MeterValuePeriodic', '2025-03-01T10:02:00.000Z'],
      ['Ended', 3, 'EVCommunicationLost', '2025-03-01T10:02:00.000Z'],
    ]);
    expect(
      events.every((e) => (e['transactionInfo'] as { transactionId: string }).transactionId === session.transactionId),
    ).toBe(true);
    expect(events.some((e) => 'offline' in e)).toBe(false);
    expect(events[0]).toMatchObject({
      evse: { id: 2, connectorId: 1 },
      idToken: { idToken: 'RFID-ABC', type: 'ISO14443' },
      transactionInfo: { chargingState: 'Charging' },
    });
    expect(events[3]).toMatchObject({
      transactionInfo: { stoppedReason: 'EVDisconnected', chargingState: 'Idle', timeSpentCharging: 120 },
    });
    // 7.4 kW: 123.33 Wh a minute; numbers, with units in unitOfMeasure.
    const registers = events.map((e) => sample((e['meterValue'] as unknown[])[0], 'Energy.Active.Import.Register'));
    expect(registers).toEqual([5_000, 5_123, 5_246, 5_246]);
    const started = (events[0]?.['meterValue'] as { sampledValue: unknown[] }[])[0]?.sampledValue[0];
    expect(started).toEqual({
      value: 5_000,
      context: 'Transaction.Begin',
      measurand: 'Energy.Active.Import.Register',
      location: 'Outlet',
      unitOfMeasure: { unit: 'Wh' },
    });

    expect(report).toMatchObject({
      meterStartWh: 5_000,
      meterStopWh: 5_246,
      energyWh: 246,
      meterValuesSent: 2,
      lastSeqNo: 3,
    });
  });

  it('answers RequestStartTransaction / RequestStopTransaction and the other CSMS calls', async () => {
    const cp = charger('ocpp2.0.1');
    await cp.start();
    const id = cp.identity;
    await expect(
      csms.call(id, 'RequestStartTransaction', {
        idToken: { idToken: 'APP-7', type: 'Central' },
        remoteStartId: 77,
        evseId: 1,
      }),
    ).resolves.toEqual({ status: 'Accepted' });
    await cp.idle();
    const [started] = csms.callsOf(id, 'TransactionEvent').map((c) => c.params);
    expect(started).toMatchObject({
      eventType: 'Started',
      triggerReason: 'RemoteStart',
      seqNo: 0,
      idToken: { idToken: 'APP-7', type: 'Central' },
      transactionInfo: { remoteStartId: 77 },
    });
    const transactionId = (started?.['transactionInfo'] as { transactionId: string }).transactionId;
    await expect(csms.call(id, 'UnlockConnector', { evseId: 1, connectorId: 1 })).resolves.toEqual({
      status: 'OngoingAuthorizedTransaction',
    });
    await expect(
      csms.call(id, 'TriggerMessage', { requestedMessage: 'TransactionEvent', evse: { id: 1 } }),
    ).resolves.toEqual({ status: 'Accepted' });
    await cp.idle();
    await expect(csms.call(id, 'RequestStopTransaction', { transactionId })).resolves.toEqual({ status: 'Accepted' });
    await cp.idle();
    const events = csms.callsOf(id, 'TransactionEvent').map((c) => c.params);
    expect(events.map((e) => [e['eventType'], e['seqNo'], e['triggerReason']])).toEqual([
      ['Started', 0, 'RemoteStart'],
      ['Updated', 1, 'Trigger'],
      ['Ended', 2, 'RemoteStop'],
    ]);
    expect(events[2]).toMatchObject({ transactionInfo: { transactionId, stoppedReason: 'Remote' } });

    await expect(
      csms.call(id, 'SetVariables', {
        setVariableData: [
          { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '120' },
          { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '-1' },
        ],
      }),
    ).resolves.toEqual({
      setVariableResult: [
        { attributeStatus: 'Accepted', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
        { attributeStatus: 'Rejected', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
      ],
    });
    expect(cp.heartbeatIntervalS).toBe(120);
    await expect(
      csms.call(id, 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 2 } }),
    ).resolves.toEqual({ status: 'Accepted' });
    await expect(csms.call(id, 'Reset', { type: 'Immediate' })).resolves.toEqual({ status: 'Accepted' });
    await cp.idle();
    expect(csms.callsOf(id, 'BootNotification').map((c) => c.params['reason'])).toEqual(['PowerUp', 'RemoteReset']);
    // After the reset the inoperative EVSE still says so.
    const lastStatuses = csms
      .callsOf(id, 'StatusNotification')
      .slice(-2)
      .map((c) => c.params['connectorStatus']);
    expect(lastStatuses).toEqual(['Available', 'Unavailable']);
  });
});

describe.each<OcppProtocol>(['ocpp1.6', 'ocpp2.0.1'])('offline queue (%s)', (protocol) => {
  it('queues transaction messages while the connection is down and replays them in order after boot', async () => {
    const cp = charger(protocol, { meterValueIntervalMs: MINUTE, initialRegisterWh: 1_000 });
    await cp.start();
    const session = await cp.startSession({ connectorId: 1, idTag: 'OFFLINE-1', powerW: 3_600 });
    await cp.advance(MINUTE); // online: 60 Wh
    await cp.dropConnection();
    expect(cp.connected).toBe(false);
    await cp.advance(2 * MINUTE); // two meter values, queued
    await cp.advance(250); // heartbeats and statuses are not queued
    const report = await cp.stopSession(session, 'Local');
    expect(cp.report().offlineQueueLength).toBe(3);
    const sentBeforeReconnect = csms.callsOf(cp.identity).length;

    await cp.connect();
    await cp.boot();

    const after = csms.callsOf(cp.identity).slice(sentBeforeReconnect);
    const txAction = protocol === 'ocpp1.6' ? 'MeterValues' : 'TransactionEvent';
    const stopAction = protocol === 'ocpp1.6' ? 'StopTransaction' : 'TransactionEvent';
    expect(after.map((c) => c.action)).toEqual([
      'BootNotification',
      'StatusNotification',
      'StatusNotification',
      txAction,
      txAction,
      stopAction,
    ]);
    const replayed = after.slice(3).map((c) => c.params);
    // 3.6 kW is exactly 60 Wh a minute; timestamps are when each message was made, not when it was sent.
    if (protocol === 'ocpp1.6') {
      const mv = replayed.slice(0, 2).map((p) => (p['meterValue'] as unknown[])[0]);
      expect(mv.map((m) => sample(m, 'Energy.Active.Import.Register'))).toEqual(['1120', '1180']);
      expect(mv.map((m) => (m as { timestamp: string }).timestamp)).toEqual([
        '2025-03-01T10:02:00.000Z',
        '2025-03-01T10:03:00.000Z',
      ]);
      expect(replayed[2]).toMatchObject({ meterStop: 1_180, timestamp: '2025-03-01T10:03:00.250Z' });
    } else {
      expect(replayed.map((e) => [e['eventType'], e['seqNo'], e['offline'], e['timestamp']])).toEqual([
        ['Updated', 2, true, '2025-03-01T10:02:00.000Z'],
        ['Updated', 3, true, '2025-03-01T10:03:00.000Z'],
        ['Ended', 4, true, '2025-03-01T10:03:00.250Z'],
      ]);
      const registers = replayed.map((e) => sample((e['meterValue'] as unknown[])[0], 'Energy.Active.Import.Register'));
      expect(registers).toEqual([1_120, 1_180, 1_180]);
    }
    expect(report).toMatchObject({ meterStartWh: 1_000, meterStopWh: 1_180, energyWh: 180, meterValuesQueued: 2 });
    expect(cp.report()).toMatchObject({
      offlineQueueLength: 0,
      replayed: 3,
      disconnects: 1,
      boots: 2,
      // 1.6: Finishing and Available; 2.0.1: Available (Finishing is still Occupied there).
      skippedOffline: { StatusNotification: protocol === 'ocpp1.6' ? 2 : 1 },
      sessions: [{ energyWh: 180, meterValuesSent: 3 }],
    });
  });
});

describe('connection loss caused by the CSMS', () => {
  it('reconnects with autoReconnect, boots again and carries on with the session', async () => {
    const cp = charger('ocpp2.0.1', { autoReconnect: true, meterValueIntervalMs: MINUTE });
    await cp.start();
    const session = await cp.startSession({ connectorId: 1, idTag: 'AUTO-1', powerW: 3_600 });
    const disconnected = new Promise((resolve) => cp.once('disconnected', resolve));
    const rebooted = new Promise((resolve) => cp.once('booted', resolve));
    csms.dropAll();
    await disconnected;
    expect(cp.online).toBe(false);
    await cp.advance(1_000); // first reconnect attempt is due after 1 s
    await rebooted;
    expect(csms.callsOf(cp.identity, 'BootNotification')).toHaveLength(2);
    // The session survived: after the new boot its EVSE reports Occupied, not Available.
    expect(
      csms
        .callsOf(cp.identity, 'StatusNotification')
        .slice(-2)
        .map((c) => c.params['connectorStatus']),
    ).toEqual(['Occupied', 'Available']);
    await cp.advance(MINUTE);
    const report = await cp.stopSession(session);
    expect(report).toMatchObject({ energyWh: 61, meterValuesSent: 1, meterValuesQueued: 0 });
    expect(cp.report()).toMatchObject({ disconnects: 1, boots: 2 });
  });
});

describe('raw frames and strict mode', () => {
  it('refuses to send a schema-invalid call (strict mode) and sends nothing', async () => {
    const cp = charger('ocpp1.6');
    await cp.start();
    const framesBefore = cp.report().framesSent;
    await expect(cp.call('StatusNotification', { connectorId: 1, status: 'Sleeping' })).rejects.toMatchObject({
      rpcErrorCode: 'OccurenceConstraintViolation',
    });
    expect(cp.report().framesSent).toBe(framesBefore);
  });

  it('sendRaw of invalid JSON is answered with an RpcFrameworkError', async () => {
    const cp = charger('ocpp2.0.1');
    await cp.start();
    const messageId = cp.sendRaw('{this is not json');
    expect(messageId).toBe('-1');
    await expect(cp.awaitResponse(messageId)).resolves.toEqual({
      type: 'CALLERROR',
      messageId: '-1',
      code: 'RpcFrameworkError',
      description: 'Message must be a JSON structure',
      details: {},
    });
    expect(cp.report().errorsReceived).toEqual([
      { action: 'raw', code: 'RpcFrameworkError', description: 'Message must be a JSON structure', messageId: '-1' },
    ]);
    expect(csms.rejected).toEqual([{ identity: cp.identity, reason: 'bad message: Message must be a JSON structure' }]);
    csms.rejected.splice(0);
  });

  it.each<[OcppProtocol, string]>([
    ['ocpp2.0.1', 'FormatViolation'],
    // ocpp-rpc answers 1.6 peers with the spelling of the 1.6 spec (errata: "FormationViolation").
    ['ocpp1.6', 'FormationViolation'],
  ])('sendRaw of a schema-invalid CALL gets a %s CALLERROR %s', async (protocol, code) => {
    const cp = charger(protocol);
    await cp.start();
    const tooLong = 'X'.repeat(40);
    const payload = protocol === 'ocpp1.6' ? { idTag: tooLong } : { idToken: { idToken: tooLong, type: 'ISO14443' } };
    const messageId = cp.sendRaw(JSON.stringify([2, 'raw-1', 'Authorize', payload]));
    expect(messageId).toBe('raw-1');
    const answer = await cp.awaitResponse(messageId);
    expect(answer).toMatchObject({ type: 'CALLERROR', messageId: 'raw-1', code });
    expect(cp.report().callsByAction['Authorize']).toBe(1);
    expect(cp.report().errorsReceived).toMatchObject([{ action: 'Authorize', code, messageId: 'raw-1' }]);
    csms.rejected.splice(0); // the CSMS did refuse this one, on purpose
  });

  it('sendRaw of a valid CALL gets its CALLRESULT', async () => {
    const cp = charger('ocpp1.6');
    await cp.start();
    cp.sendRaw(JSON.stringify([2, 'hb-raw', 'Heartbeat', {}]));
    const answer = await cp.awaitResponse('hb-raw');
    expect(answer).toMatchObject({
      type: 'CALLRESULT',
      messageId: 'hb-raw',
      payload: { currentTime: expect.any(String) },
    });
  });

  it('a wrong password is refused at the WebSocket upgrade', async () => {
    const cp = charger('ocpp1.6', { password: 'wrong-password' });
    await expect(cp.connect()).rejects.toBeInstanceOf(UnauthorizedError);
    expect(cp.connected).toBe(false);
  });

  it('refuses unknown options', () => {
    expect(
      () =>
        new SimulatedCharger({
          endpoint: csms.endpoint,
          identity: 'X',
          protocol: 'ocpp1.6',
          meterIntervalMs: 5,
        } as unknown as SimulatedChargerOptions),
    ).toThrow(/meterIntervalMs/);
  });
});
