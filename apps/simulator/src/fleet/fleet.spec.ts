import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { protocolOf, runFleet, type FleetHandle, type FleetOptions, type FleetReport } from './fleet.ts';
import { startFakeCsms, type FakeCsms } from '../../test/support/fake-csms.ts';

let csms: FakeCsms;
let fleet: FleetHandle | undefined;

beforeEach(async () => {
  csms = await startFakeCsms({ password: 'fleet-password' });
});

afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
  const rejected = [...csms.rejected];
  await csms.close();
  expect(rejected).toEqual([]);
});

/**
 * Four chargers, half of them 2.0.1, against the fake CSMS. Sessions last tens of milliseconds here: a big charger
 * makes them a few Wh each rather than 0.
 */
function startFleet(options: Partial<FleetOptions>): FleetHandle {
  fleet = runFleet({
    endpoint: csms.endpoint,
    passwordFor: () => 'fleet-password',
    chargers: 4,
    share201: 0.5,
    powerW: 350_000,
    ...options,
  });
  return fleet;
}

function registerIn(meterValue: unknown): unknown {
  const values = (meterValue as { sampledValue: { measurand: string; value: unknown }[] }[])[0]?.sampledValue;
  return values?.find((v) => v.measurand === 'Energy.Active.Import.Register')?.value;
}

/** Every session the simulator reports landed on the CSMS with the same meter start and stop. */
function expectLandedAsReported(report: FleetReport): void {
  for (const session of report.sessions) {
    const calls = csms.callsOf(session.identity);
    if (calls[0]?.protocol === 'ocpp1.6') {
      const start = calls.find(
        (c) =>
          c.action === 'StartTransaction' &&
          c.params['connectorId'] === session.connectorId &&
          c.params['meterStart'] === session.meterStartWh,
      );
      const stops = calls.filter(
        (c) => c.action === 'StopTransaction' && c.params['transactionId'] === Number(session.transactionId),
      );
      expect(start).toBeDefined();
      expect(stops.length).toBeGreaterThanOrEqual(1); // a stop in flight when the network dropped is sent again
      expect(stops.every((c) => c.params['meterStop'] === session.meterStopWh)).toBe(true);
    } else {
      const events = calls.filter(
        (c) =>
          c.action === 'TransactionEvent' &&
          (c.params['transactionInfo'] as { transactionId: string }).transactionId === session.transactionId,
      );
      const started = events.find((c) => c.params['eventType'] === 'Started');
      const ended = events.find((c) => c.params['eventType'] === 'Ended');
      expect(registerIn(started?.params['meterValue'])).toBe(session.meterStartWh);
      expect(registerIn(ended?.params['meterValue'])).toBe(session.meterStopWh);
      const seqNos = [...new Set(events.map((c) => c.params['seqNo'] as number))].sort((a, b) => a - b);
      expect(seqNos).toEqual(seqNos.map((_, i) => i)); // no gap
    }
  }
}

describe('runFleet', () => {
  it('spreads OCPP 2.0.1 evenly through the fleet', () => {
    expect([0, 1, 2, 3].map((i) => protocolOf(i, 0.5))).toEqual(['ocpp1.6', 'ocpp2.0.1', 'ocpp1.6', 'ocpp2.0.1']);
    expect(Array.from({ length: 8 }, (_, i) => protocolOf(i, 0.25)).filter((p) => p === 'ocpp2.0.1')).toHaveLength(2);
    expect([0, 1, 2].map((i) => protocolOf(i, 0))).toEqual(['ocpp1.6', 'ocpp1.6', 'ocpp1.6']);
    expect([0, 1, 2].map((i) => protocolOf(i, 1))).toEqual(['ocpp2.0.1', 'ocpp2.0.1', 'ocpp2.0.1']);
  });

  it('runs plug-in → charge → unplug cycles and reports exactly what landed', async () => {
    const run = startFleet({ sessionsPerCharger: 2, meterValueIntervalMs: 20, sessionMs: 80, idleMs: 20 });
    await run.ready;
    await run.done;
    const report = await run.stop();

    expect(report.byProtocol).toEqual({ 'ocpp1.6': 2, 'ocpp2.0.1': 2 });
    expect(report.booted).toBe(4);
    expect(report.sessionsCompleted).toBe(8);
    expect(report.sessionsActive).toBe(0);
    expect(report.errorsReceived).toEqual([]);
    expect(report.offlineQueueLength).toBe(0);
    expect(report.energyWh).toBeGreaterThan(0);
    expect(report.energyWh).toBe(report.sessions.reduce((sum, s) => sum + ((s.meterStopWh ?? 0) - s.meterStartWh), 0));
    expect(report.callsByAction['BootNotification']).toBe(4);
    expect(new Set(report.sessions.map((s) => s.identity))).toEqual(
      new Set(['SIM-0001', 'SIM-0002', 'SIM-0003', 'SIM-0004']),
    );
    expectLandedAsReported(report);
    expect(report.connected).toBe(0); // closed
  });

  it('with faults, still delivers every session (offline queue replayed after reconnects)', async () => {
    const run = startFleet({
      sessionsPerCharger: 6,
      meterValueIntervalMs: 15,
      sessionMs: 50,
      idleMs: 15,
      faults: true,
      seed: 7,
      idPrefix: 'FLT-',
    });
    await run.done;
    const report = await run.stop();
    expect(report.sessionsCompleted).toBe(24);
    expect(report.energyWh).toBeGreaterThan(0);
    expect(report.offlineQueueLength).toBe(0);
    expect(report.errorsReceived).toEqual([]);
    expectLandedAsReported(report);
    expect(report.boots).toBe(4 + report.disconnects);
  });
});
