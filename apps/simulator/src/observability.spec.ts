import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createMetricsRegistry, type ObservabilityServer } from '@vz/core';
import { runFleet, type FleetHandle, type FleetReport } from './fleet/fleet.ts';
import { registerFleetMetrics, startFleetObservability } from './observability.ts';
import { startFakeCsms, type FakeCsms } from '../test/support/fake-csms.ts';

let csms: FakeCsms | undefined;
let fleet: FleetHandle | undefined;
let server: ObservabilityServer | undefined;

afterEach(async () => {
  await server?.close();
  await fleet?.stop();
  await csms?.close();
  server = fleet = csms = undefined;
});

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function get(path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${server?.url ?? ''}${path}`);
  return { status: response.status, body: await response.text() };
}

/** The value of an unlabelled sample (the registry's default label `service` aside) in Prometheus text format. */
function sample(metrics: string, name: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('startFleetObservability', () => {
  it('is not ready while the CSMS is down, keeps the chargers trying, and is ready once one has booted', async () => {
    const port = await freePort();
    fleet = runFleet({
      endpoint: `ws://127.0.0.1:${port}/ocpp`,
      passwordFor: () => 'pw',
      chargers: 2,
      meterValueIntervalMs: 60_000,
    });
    const running = fleet;
    server = await startFleetObservability({ port: 0, report: () => running.report() });

    await until(() => running.report().connectFailures >= 2);
    const down = await get('/health/ready');
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body)).toEqual({
      healthy: false,
      checks: { fleet: { healthy: false, detail: '0/2 chargers booted, 0 connected, 0 sessions (0 charging)' } },
    });
    expect((await get('/health/live')).status).toBe(200);

    // The CSMS starts after the simulator: the chargers' retries (backing off from 0.5 s) bring them in.
    csms = await startFakeCsms({ port });
    await running.ready;
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the report the server reads is cached for 1 s
    const up = await get('/health/ready');
    expect(up.status).toBe(200);
    expect(JSON.parse(up.body)).toEqual({
      healthy: true,
      checks: { fleet: { healthy: true, detail: '2/2 chargers booted, 2 connected, 0 sessions (0 charging)' } },
    });

    const metrics = (await get('/metrics')).body;
    expect(sample(metrics, 'vz_simulator_chargers')).toBe(2);
    expect(sample(metrics, 'vz_simulator_chargers_booted')).toBe(2);
    expect(sample(metrics, 'vz_simulator_chargers_connected')).toBe(2);
    expect(sample(metrics, 'vz_simulator_sessions_active')).toBe(0);
    expect(sample(metrics, 'vz_simulator_sessions_completed_total')).toBe(0);
    expect(sample(metrics, 'vz_simulator_frames_sent_total')).toBe(running.report().framesSent);
    expect(running.report().framesSent).toBeGreaterThanOrEqual(2 * 3); // a boot and two statuses each
  });

  it('reads every metric from the fleet report at each scrape', async () => {
    const report = { chargers: 3, booted: 3, connected: 2, sessionsActive: 1, sessionsCompleted: 4, framesSent: 90 };
    const registry = createMetricsRegistry('unit');
    registerFleetMetrics(registry, () => report as FleetReport);
    const first = await registry.metrics();
    expect(sample(first, 'vz_simulator_chargers_connected')).toBe(2);
    expect(sample(first, 'vz_simulator_sessions_completed_total')).toBe(4);
    expect(sample(first, 'vz_simulator_frames_sent_total')).toBe(90);

    Object.assign(report, { connected: 3, sessionsCompleted: 5, framesSent: 120 });
    const second = await registry.metrics();
    expect(sample(second, 'vz_simulator_chargers_connected')).toBe(3);
    expect(sample(second, 'vz_simulator_sessions_completed_total')).toBe(5);
    expect(sample(second, 'vz_simulator_frames_sent_total')).toBe(120);
  });
});
