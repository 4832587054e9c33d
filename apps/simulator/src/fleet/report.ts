import type { SimulatedCharger } from '../charger/charger.ts';
import type { PlugReport, SimulatedPlug } from '../plug.ts';
import type { OcppProtocol } from '../rpc.ts';
import type { ChargerReport, ErrorReceived, SessionReport } from '../types.ts';

export interface PlugFleetReport {
  plugs: number;
  connected: number;
  statesSent: number;
  sessionsCompleted: number;
  /** Sum of energyWh over every plug session (integer Wh). */
  energyWh: number;
  perPlug: PlugReport[];
}

export interface FleetReport {
  chargers: number;
  /** Chargers whose BootNotification has been accepted at least once (they may be offline now). */
  booted: number;
  connected: number;
  byProtocol: Record<OcppProtocol, number>;
  framesSent: number;
  framesReceived: number;
  callsByAction: Record<string, number>;
  errorsReceived: (ErrorReceived & { identity: string })[];
  callsUnanswered: number;
  offlineQueueLength: number;
  replayed: number;
  boots: number;
  disconnects: number;
  /** connect() / boot() attempts that failed (CSMS down, wrong password...); the fleet keeps trying. */
  connectFailures: number;
  lastConnectError: string | null;
  /** startSession calls that failed (offline, refused by the CSMS...); the fleet tries again later. */
  sessionStartFailures: number;
  sessionsActive: number;
  sessionsCompleted: number;
  /** Sum of energyWh over every session (integer Wh). */
  energyWh: number;
  sessions: (SessionReport & { identity: string })[];
  perCharger: ChargerReport[];
  /** The MQTT plugs (their energy is not in `energyWh` above, which counts OCPP sessions). */
  plugs: PlugFleetReport;
}

/** What the fleet itself counts, beside the chargers' and plugs' own reports. */
export type FleetCounters = Pick<
  FleetReport,
  'booted' | 'connectFailures' | 'lastConnectError' | 'sessionStartFailures'
>;

function plugFleetReport(plugs: readonly SimulatedPlug[]): PlugFleetReport {
  const perPlug = plugs.map((plug) => plug.report());
  const sessions = perPlug.flatMap((plug) => plug.sessions);
  return {
    plugs: plugs.length,
    connected: perPlug.filter((plug) => plug.connected).length,
    statesSent: perPlug.reduce((total, plug) => total + plug.statesSent, 0),
    sessionsCompleted: sessions.filter((session) => session.stoppedAt !== null).length,
    energyWh: sessions.reduce((total, session) => total + session.energyWh, 0),
    perPlug,
  };
}

/** The chargers' and plugs' reports summed, with the fleet's own counters. */
export function fleetReport(
  chargers: readonly SimulatedCharger[],
  plugs: readonly SimulatedPlug[],
  counters: FleetCounters,
): FleetReport {
  const perCharger = chargers.map((charger) => charger.report());
  const callsByAction: Record<string, number> = {};
  for (const r of perCharger) {
    for (const [action, count] of Object.entries(r.callsByAction)) {
      callsByAction[action] = (callsByAction[action] ?? 0) + count;
    }
  }
  const sessions = perCharger.flatMap((r) => r.sessions.map((s) => ({ identity: r.identity, ...s })));
  const sum = (pick: (r: ChargerReport) => number): number => perCharger.reduce((total, r) => total + pick(r), 0);
  return {
    chargers: chargers.length,
    booted: counters.booted,
    connected: perCharger.filter((r) => r.connected).length,
    byProtocol: {
      'ocpp1.6': perCharger.filter((r) => r.protocol === 'ocpp1.6').length,
      'ocpp2.0.1': perCharger.filter((r) => r.protocol === 'ocpp2.0.1').length,
    },
    framesSent: sum((r) => r.framesSent),
    framesReceived: sum((r) => r.framesReceived),
    callsByAction,
    errorsReceived: perCharger.flatMap((r) => r.errorsReceived.map((e) => ({ identity: r.identity, ...e }))),
    callsUnanswered: sum((r) => r.callsUnanswered),
    offlineQueueLength: sum((r) => r.offlineQueueLength),
    replayed: sum((r) => r.replayed),
    boots: sum((r) => r.boots),
    disconnects: sum((r) => r.disconnects),
    connectFailures: counters.connectFailures,
    lastConnectError: counters.lastConnectError,
    sessionStartFailures: counters.sessionStartFailures,
    sessionsActive: sessions.filter((s) => s.stoppedAt === null).length,
    sessionsCompleted: sessions.filter((s) => s.stoppedAt !== null).length,
    energyWh: sessions.reduce((total, s) => total + s.energyWh, 0),
    sessions,
    perCharger,
    plugs: plugFleetReport(plugs),
  };
}
