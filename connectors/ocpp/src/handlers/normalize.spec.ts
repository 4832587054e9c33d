import { describe, expect, it } from '@jest/globals';
import { normalize16 } from '../ocpp16/index.ts';
import { normalize201 } from '../ocpp201/index.ts';

const payloads = (events: ReturnType<typeof normalize16>) => events.map((event) => event.payload);

describe('status and vendor messages', () => {
  it('keeps 1.6 firmware and diagnostics progress and data transfers', () => {
    expect(payloads(normalize16('CP', 'FirmwareStatusNotification', { status: 'Installing' }, {}, 0))).toEqual([
      { 'vz.charger.FirmwareStatusChanged': { status: 'Installing', requestId: null } },
    ]);
    expect(payloads(normalize16('CP', 'DiagnosticsStatusNotification', { status: 'Uploaded' }, {}, 0))).toEqual([
      { 'vz.charger.DiagnosticsStatusChanged': { status: 'Uploaded', requestId: null } },
    ]);
    expect(
      payloads(normalize16('CP', 'DataTransfer', { vendorId: 'ACME', messageId: 'm', data: 'x=1' }, {}, 0)),
    ).toEqual([{ 'vz.charger.DataTransferReceived': { vendorId: 'ACME', messageId: 'm', data: 'x=1' } }]);
  });

  it('keeps 2.0.1 security events, log status, JSON data transfers and one event per NotifyEvent element', () => {
    const security = normalize201(
      'CS',
      'SecurityEventNotification',
      { type: 'TamperDetectionActivated', timestamp: '2026-11-21T10:00:00Z' },
      {},
      0,
    );
    expect(security[0]).toEqual({
      eventId: undefined,
      occurredAt: Date.parse('2026-11-21T10:00:00Z'),
      payload: { 'vz.charger.SecurityEventReported': { type: 'TamperDetectionActivated', techInfo: null } },
    });
    expect(payloads(normalize201('CS', 'LogStatusNotification', { status: 'Uploading', requestId: 7 }, {}, 0))).toEqual(
      [{ 'vz.charger.DiagnosticsStatusChanged': { status: 'Uploading', requestId: 7 } }],
    );
    expect(payloads(normalize201('CS', 'DataTransfer', { vendorId: 'ACME', data: { a: [1, 2] } }, {}, 0))).toEqual([
      { 'vz.charger.DataTransferReceived': { vendorId: 'ACME', messageId: null, data: '{"a":[1,2]}' } },
    ]);
    const notify = normalize201(
      'CS',
      'NotifyEvent',
      {
        generatedAt: '2026-11-21T10:00:00Z',
        seqNo: 0,
        eventData: [
          {
            eventId: 1,
            timestamp: '2026-11-21T09:59:00Z',
            trigger: 'Alerting',
            actualValue: 'true',
            eventNotificationType: 'HardWiredNotification',
            component: { name: 'Connector', evse: { id: 1, connectorId: 1 } },
            variable: { name: 'Problem' },
          },
          {
            eventId: 2,
            timestamp: '2026-11-21T09:59:30Z',
            trigger: 'Delta',
            actualValue: 'Faulted',
            cleared: true,
            eventNotificationType: 'PreconfiguredMonitor',
            component: { name: 'EVSE' },
            variable: { name: 'AvailabilityState' },
          },
        ],
      },
      {},
      0,
    );
    expect(notify.map((event) => event.occurredAt)).toEqual([
      Date.parse('2026-11-21T09:59:00Z'),
      Date.parse('2026-11-21T09:59:30Z'),
    ]);
    expect(payloads(notify)[1]).toEqual({
      'vz.charger.VariableEventReported': {
        component: 'EVSE',
        variable: 'AvailabilityState',
        actualValue: 'Faulted',
        trigger: 'Delta',
        eventNotificationType: 'PreconfiguredMonitor',
        evseId: null,
        cleared: true,
        techCode: null,
        techInfo: null,
      },
    });
  });
});
