import { createMetricsRegistry, startObservabilityServer, type CheckResult, type ObservabilityServer } from '@vz/core';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { FleetReport } from './fleet/fleet.ts';

/** A scrape reads several metrics; they share one fleet report computed at most this often. */
const REPORT_MAX_AGE_MS = 1_000;

/** Ready once at least one charger has booted: the CSMS is up and lets the simulated chargers in. */
export function fleetReadiness(report: FleetReport): CheckResult {
  return {
    healthy: report.booted > 0,
    detail:
      `${report.booted}/${report.chargers} chargers booted, ${report.connected} connected, ` +
      `${report.sessions.length} sessions (${report.sessionsActive} charging)`,
  };
}

/** The fleet's gauges and counters on `registry`, each read from the fleet report when scraped. */
export function registerFleetMetrics(registry: Registry, report: () => FleetReport): void {
  const registers = [registry];
  const gauge = (name: string, help: string, read: (r: FleetReport) => number): void => {
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read(report()));
      },
    });
  };
  // The report holds totals since the start; a counter takes them as they are.
  const counter = (name: string, help: string, read: (r: FleetReport) => number): void => {
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(read(report()));
      },
    });
  };
  gauge('vz_simulator_chargers', 'Simulated chargers in the fleet.', (r) => r.chargers);
  gauge('vz_simulator_chargers_booted', 'Chargers whose boot has been accepted at least once.', (r) => r.booted);
  gauge('vz_simulator_chargers_connected', 'Chargers connected to the CSMS now.', (r) => r.connected);
  gauge('vz_simulator_sessions_active', 'Charging sessions running now.', (r) => r.sessionsActive);
  counter('vz_simulator_sessions_completed_total', 'Charging sessions ended.', (r) => r.sessionsCompleted);
  counter('vz_simulator_frames_sent_total', 'WebSocket text frames the chargers wrote.', (r) => r.framesSent);
}

/**
 * `/health/live`, `/health/ready` (see `fleetReadiness`) and `/metrics` (process metrics and the fleet's, see
 * `registerFleetMetrics`) on `host:port`; port 0 picks a free one (see `url`).
 */
export async function startFleetObservability(options: {
  port: number;
  host?: string;
  report: () => FleetReport;
}): Promise<ObservabilityServer> {
  let cached: { report: FleetReport; at: number } | undefined;
  const report = (): FleetReport => {
    const now = Date.now();
    if (cached === undefined || now - cached.at >= REPORT_MAX_AGE_MS) cached = { report: options.report(), at: now };
    return cached.report;
  };
  const registry = createMetricsRegistry('simulator');
  registerFleetMetrics(registry, report);
  return startObservabilityServer({
    config: { host: options.host ?? '127.0.0.1', port: options.port },
    registry,
    readiness: { fleet: () => Promise.resolve(fleetReadiness(report())) },
  });
}
