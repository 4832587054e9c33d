import type { SessionHandle } from '../charger/api.ts';
import type { SimulatedCharger } from '../charger/charger.ts';
import { WMS_PER_WH } from '../meter.ts';
import type { SimulatedPlug } from '../plug.ts';
import type { Random } from '../random.ts';
import { faultCodes } from '../types.ts';
import { isAbort, type FleetRun } from './run.ts';

/** While idle, the chance that a connector faults (then recovers after an idle period). */
const FAULT_PROBABILITY = 0.05;
/** Every ~3 sessions' time, the chance that a charger loses its network for a few meter intervals. */
const DROP_PROBABILITY = 0.5;

/**
 * A connector's life: idle, then a session (a ticket of the charger's `sessionsPerCharger`), again; with `faults`,
 * sometimes a fault instead, recovered after an idle period.
 */
export async function connectorLoop(
  run: FleetRun,
  charger: SimulatedCharger,
  connectorId: number,
  random: Random,
  tickets: { left: number },
): Promise<void> {
  while (tickets.left > 0 && !run.signal.aborted) {
    await run.sleep(random.jitter(run.idleMs));
    if (run.settings.faults && random.chance(FAULT_PROBABILITY)) {
      await charger.fault(connectorId, random.pick(faultCodes));
      await run.sleep(random.jitter(run.idleMs));
      await charger.recover(connectorId);
      continue;
    }
    if (!charger.online || tickets.left <= 0) continue;
    tickets.left -= 1;
    if (!(await runSession(run, charger, connectorId, random))) tickets.left += 1;
  }
}

/**
 * Plug in, authorize, charge a car of random power and battery (tapering) until its target SoC or the planned time,
 * unplug. False when the session did not start.
 */
async function runSession(
  run: FleetRun,
  charger: SimulatedCharger,
  connectorId: number,
  random: Random,
): Promise<boolean> {
  const { settings, clock } = run;
  const maxPowerW = Math.max(100, Math.round((settings.powerW * random.between(0.5, 1)) / 100) * 100);
  const plannedMs = random.jitter(run.sessionMs);
  const socStart = random.int(10, 40);
  const socTarget = random.int(80, 100);
  // A battery that this car would fill from 10 % to 80 % in about the planned time.
  const batteryWh = Math.max(1, Math.round((maxPowerW * plannedMs) / WMS_PER_WH / 0.7));
  let session: SessionHandle;
  try {
    session = await charger.startSession({
      connectorId,
      idTag:
        settings.idTags.length > 0
          ? random.pick(settings.idTags)
          : `VZ${random.int(0, 0xffffffff).toString(16).toUpperCase().padStart(8, '0')}`,
      powerW: maxPowerW,
      batteryWh,
      socPercent: socStart,
      taper: true,
    });
  } catch (error) {
    run.counters.sessionStartFailures += 1;
    run.logger.debug({ identity: charger.identity, connectorId, err: error }, 'session did not start');
    return false;
  }
  const deadline = clock.now() + plannedMs;
  while (session.active && session.socPercent() < socTarget && clock.now() < deadline && !run.signal.aborted) {
    await run.sleep(Math.min(run.meterMs, Math.max(1, deadline - clock.now()))).catch((error: unknown) => {
      if (!isAbort(error)) throw error;
    });
  }
  if (session.active && !run.signal.aborted) {
    await charger.stopSession(session, random.chance(0.8) ? 'EVDisconnected' : 'Local');
  }
  return true;
}

/** Now and then the charger loses its network, then comes back. Ends when the fleet stops or `until` aborts. */
export async function networkLoop(
  run: FleetRun,
  charger: SimulatedCharger,
  random: Random,
  until: AbortSignal,
): Promise<void> {
  const signal = AbortSignal.any([run.signal, until]);
  while (!signal.aborted) {
    await run.clock.sleep(random.jitter(3 * run.sessionMs), signal);
    if (!charger.online || !random.chance(DROP_PROBABILITY)) continue;
    await charger.dropConnection();
    await run.sleep(random.jitter(2 * run.meterMs));
    await run.bringUp(charger);
  }
}

/** A plug's life: connect (retrying), then sessions of about `sessionMs` separated by idle time. */
export async function plugLoop(
  run: FleetRun,
  plug: SimulatedPlug,
  random: Random,
  markConnected: () => void,
): Promise<void> {
  const { settings } = run;
  await run.keepTrying(plug.plugId, async () => {
    await plug.connect();
    return undefined;
  });
  markConnected();
  for (let left = settings.sessionsPerCharger; left > 0 && !run.signal.aborted; left -= 1) {
    await run.sleep(random.jitter(run.idleMs));
    try {
      // The fleet's drivers present their tokens at plugs too (authorized first); without idTags, anonymous.
      await plug.startSession(settings.idTags.length > 0 ? { idTag: random.pick(settings.idTags) } : {});
    } catch (error) {
      run.counters.sessionStartFailures += 1;
      run.logger.debug({ plugId: plug.plugId, err: error }, 'plug session did not start');
      continue;
    }
    await run.sleep(random.jitter(run.sessionMs));
    await plug.stopSession();
  }
}
