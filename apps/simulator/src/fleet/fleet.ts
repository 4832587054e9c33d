import type { SimulatedCharger } from '../charger/charger.ts';
import { parseOptions } from '../options.ts';
import type { SimulatedPlug } from '../plug.ts';
import { Random } from '../random.ts';
import { makeChargers, makePlugs } from './members.ts';
import { fleetOptionsSchema, type FleetOptions } from './options.ts';
import { fleetReport, type FleetReport } from './report.ts';
import { FleetRun } from './run.ts';

// The fleet's public face: what index.ts, the CLI and the health checks take from it.
export { protocolOf } from './members.ts';
export type { FleetOptions } from './options.ts';
export type { FleetReport, PlugFleetReport } from './report.ts';

export interface FleetHandle {
  readonly chargers: readonly SimulatedCharger[];
  readonly plugs: readonly SimulatedPlug[];
  /** Every charger has booted once and every plug has connected once. */
  readonly ready: Promise<void>;
  /** Every charger and plug has run its `sessionsPerCharger` (never resolves when unlimited). */
  readonly done: Promise<void>;
  report(): FleetReport;
  /**
   * Ends the run: stops the loops, reconnects chargers that are offline so their queues are delivered, stops the
   * sessions still running (reason Local), closes every connection. Resolves with the final report.
   */
  stop(): Promise<FleetReport>;
}

const allDone = (promises: Promise<void>[]): Promise<void> => Promise.all(promises).then(() => undefined);

/**
 * Starts `chargers` simulated charge points, each running a realistic cycle on every connector: idle, plug in,
 * authorize, charge (power tapering as the battery fills), unplug; with `faults`, connectors fault and recover and
 * chargers lose their network and replay what they queued. Returns at once; see `ready`, `done`, `stop()`.
 */
export function runFleet(options: FleetOptions): FleetHandle {
  const settings = parseOptions(fleetOptionsSchema, options, 'runFleet');
  const run = new FleetRun(settings);
  const chargers = makeChargers(settings, run.clock, run.logger);
  const plugs = makePlugs(settings, run.clock, run.logger);
  // Every random choice of a charger or plug comes from a PRNG of its own, seeded from the fleet's seed.
  const chargerRuns = chargers.map((charger, i) => run.runCharger(charger, new Random(settings.seed * 1_000_003 + i)));
  const plugRuns = plugs.map((plug, i) => run.runPlug(plug, new Random(settings.seed * 7_000_003 + i)));
  const report = () => fleetReport(chargers, plugs, run.counters);
  const running = [...chargerRuns, ...plugRuns].map((member) => member.running);
  let stopping: Promise<FleetReport> | undefined;
  return {
    chargers,
    plugs,
    ready: allDone([...chargerRuns.map((r) => r.booted), ...plugRuns.map((r) => r.connected)]),
    done: allDone([...chargerRuns.map((r) => r.finished), ...plugRuns.map((r) => r.running)]),
    report,
    stop: () => (stopping ??= run.stop(chargers, plugs, running).then(report)),
  };
}
