import { createLogger, InputError, type Logger } from '@vz/core';
import { z } from 'zod';
import type { SessionHandle } from './charger/api.ts';
import { SimulatedCharger } from './charger/charger.ts';
import { SystemClock, type Clock } from './clock.ts';
import { WMS_PER_WH } from './meter.ts';
import { parseOptions } from './options.ts';
import { type PlugReport, SimulatedPlug } from './plug.ts';
import { Random } from './random.ts';
import type { OcppProtocol } from './rpc.ts';
import { faultCodes, type ChargerReport, type ErrorReceived, type SessionReport } from './types.ts';

/** While idle, the chance that a connector faults (then recovers after an idle period). */
const FAULT_PROBABILITY = 0.05;
/** Every ~3 sessions' time, the chance that a charger loses its network for a few meter intervals. */
const DROP_PROBABILITY = 0.5;

const fleetOptionsSchema = z.strictObject({
  endpoint: z.string().regex(/^wss?:\/\/[^/]+/, 'must be a ws:// or wss:// URL'),
  passwordFor: z.custom<(identity: string) => string>((value) => typeof value === 'function', 'must be a function'),
  chargers: z.number().int().nonnegative().max(100_000),
  /** MQTT plugs, alongside the chargers; they need `mqttUrl` and `plugPasswordFor`. */
  plugs: z.number().int().nonnegative().max(10_000).default(0),
  mqttUrl: z
    .string()
    .regex(/^mqtts?:\/\/[^/]+/, 'must be an mqtt:// URL')
    .optional(),
  /** Broker user every plug logs in as (an integrator); by default each plug is its own user, named by its id. */
  plugUsername: z.string().min(1).optional(),
  /** Broker password of a plug (of the integrator with `plugUsername`). */
  plugPasswordFor: z
    .custom<(plugId: string) => string>((value) => typeof value === 'function', 'must be a function')
    .optional(),
  plugPrefix: z.string().max(40).default('SIM-PLUG-'),
  /** Fraction of chargers speaking OCPP 2.0.1 (spread evenly through the fleet); the rest speak 1.6. */
  share201: z.number().min(0).max(1).default(0),
  idPrefix: z.string().max(40).default('SIM-'),
  /** Tokens the drivers present (e.g. the demo network's registered ones), one picked at random per session; by
   * default each session gets a random unregistered `VZ…` tag. */
  idTags: z.array(z.string().min(1).max(36)).default([]),
  connectors: z.number().int().min(1).max(32).default(2),
  /** Sessions each charger runs before it idles (heartbeats only); unlimited by default. */
  sessionsPerCharger: z.number().int().nonnegative().default(Number.POSITIVE_INFINITY),
  meterValueIntervalMs: z.number().int().positive().default(60_000),
  /** Maximum power of the chargers; each car draws 50–100 % of it and tapers near full. */
  powerW: z.number().int().positive().max(400_000).default(11_000),
  /** Typical session length (±50 %); the car leaves earlier when it reaches its target SoC. */
  sessionMs: z.number().int().positive().optional(),
  /** Typical time a connector stays free between sessions (±50 %). */
  idleMs: z.number().int().positive().optional(),
  /** Occasional connector faults (Faulted, then recovered) and network drops (offline queue, replay). */
  faults: z.boolean().default(false),
  /** Chargers connecting and booting at the same time during ramp-up. */
  concurrency: z.number().int().positive().default(20),
  seed: z.number().int().default(1),
  clock: z
    .custom<Clock>((value) => typeof value === 'object' && value !== null && 'now' in value, 'must implement Clock')
    .optional(),
  logger: z
    .custom<Logger>((value) => typeof value === 'object' && value !== null && 'child' in value, 'must be a Logger')
    .optional(),
});

export type FleetOptions = z.input<typeof fleetOptionsSchema>;

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

/** Charger `index` speaks 2.0.1 when the running count of floor((i + 1) × share) steps up: an even spread. */
export function protocolOf(index: number, share201: number): OcppProtocol {
  return Math.floor((index + 1) * share201) > Math.floor(index * share201) ? 'ocpp2.0.1' : 'ocpp1.6';
}

class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(size: number) {
    this.#free = size;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free -= 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free += 1;
    }
  }
}

const isAbort = (error: unknown): boolean => error instanceof Error && error.name === 'AbortError';

/**
 * Starts `chargers` simulated charge points, each running a realistic cycle on every connector: idle, plug in,
 * authorize, charge (power tapering as the battery fills), unplug; with `faults`, connectors fault and recover and
 * chargers lose their network and replay what they queued. Returns at once; see `ready`, `done`, `stop()`.
 */
export function runFleet(options: FleetOptions): FleetHandle {
  const settings = parseOptions(fleetOptionsSchema, options, 'runFleet');
  const clock = settings.clock ?? new SystemClock();
  const logger = settings.logger ?? createLogger('simulator', { level: 'silent' });
  const meterMs = settings.meterValueIntervalMs;
  const sessionMs = settings.sessionMs ?? 10 * meterMs;
  const idleMs = settings.idleMs ?? 2 * meterMs;
  const abort = new AbortController();
  const gate = new Semaphore(settings.concurrency);
  let stopping: Promise<FleetReport> | undefined;
  let sessionStartFailures = 0;
  let bootedChargers = 0;
  let connectFailures = 0;
  let lastConnectError: string | null = null;

  const chargers = Array.from({ length: settings.chargers }, (_, index) => {
    const identity = `${settings.idPrefix}${String(index + 1).padStart(4, '0')}`;
    return new SimulatedCharger({
      endpoint: settings.endpoint,
      identity,
      password: settings.passwordFor(identity),
      protocol: protocolOf(index, settings.share201),
      connectors: settings.connectors,
      meterValueIntervalMs: meterMs,
      powerW: settings.powerW,
      initialRegisterWh: 1_000 * (index + 1),
      autoReconnect: true,
      clock,
      logger,
    });
  });

  if (settings.plugs > 0 && (settings.mqttUrl === undefined || settings.plugPasswordFor === undefined)) {
    throw new InputError('invalid runFleet options: plugs need mqttUrl and plugPasswordFor');
  }
  const plugs = Array.from({ length: settings.plugs }, (_, index) => {
    const plugId = `${settings.plugPrefix}${String(index + 1).padStart(4, '0')}`;
    return new SimulatedPlug({
      brokerUrl: settings.mqttUrl ?? '',
      plugId,
      password: settings.plugPasswordFor?.(plugId) ?? '',
      ...(settings.plugUsername === undefined ? {} : { username: settings.plugUsername }),
      meterValueIntervalMs: meterMs,
      initialRegisterWh: 500 * (index + 1),
      clock,
      logger,
    });
  });

  const sleep = (ms: number): Promise<void> => clock.sleep(ms, abort.signal);

  /** A plug's life: connect (retrying), then sessions of about `sessionMs` separated by idle time. */
  async function plugLoop(plug: SimulatedPlug, random: Random, markConnected: () => void): Promise<void> {
    await keepTrying(plug.plugId, async () => {
      await plug.connect();
      return undefined;
    });
    markConnected();
    for (let left = settings.sessionsPerCharger; left > 0 && !abort.signal.aborted; left -= 1) {
      await sleep(random.jitter(idleMs));
      try {
        // The fleet's drivers present their tokens at plugs too (authorized first); without idTags, anonymous.
        await plug.startSession(settings.idTags.length > 0 ? { idTag: random.pick(settings.idTags) } : {});
      } catch (error) {
        sessionStartFailures += 1;
        logger.debug({ plugId: plug.plugId, err: error }, 'plug session did not start');
        continue;
      }
      await sleep(random.jitter(sessionMs));
      await plug.stopSession();
    }
  }

  /**
   * Runs `attempt` until it says it is done (undefined), backing off from 0.5 s to 30 s (at least the delay it
   * returns); a failure is counted and retried. Throws only when the fleet stops.
   */
  async function keepTrying(name: string, attempt: () => Promise<number | undefined>): Promise<void> {
    let delayMs = 500;
    for (;;) {
      abort.signal.throwIfAborted();
      try {
        const retryAfterMs = await attempt();
        if (retryAfterMs === undefined) return;
        delayMs = Math.max(delayMs, retryAfterMs);
      } catch (error) {
        connectFailures += 1;
        lastConnectError = `${name}: ${error instanceof Error ? error.message : String(error)}`;
        logger.debug({ name, err: error }, 'cannot bring it up yet');
      }
      await sleep(delayMs);
      delayMs = Math.min(delayMs * 2, 30_000);
    }
  }

  /** connect() + boot() until accepted (a Pending or Rejected boot waits its interval). */
  function bringUp(charger: SimulatedCharger): Promise<void> {
    return keepTrying(charger.identity, async () => {
      if (charger.online) return undefined;
      await charger.connect();
      const boot = await charger.boot();
      return boot.status === 'Accepted' ? undefined : boot.interval * 1000;
    });
  }

  async function runSession(charger: SimulatedCharger, connectorId: number, random: Random): Promise<boolean> {
    const maxPowerW = Math.max(100, Math.round((settings.powerW * random.between(0.5, 1)) / 100) * 100);
    const plannedMs = random.jitter(sessionMs);
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
      sessionStartFailures += 1;
      logger.debug({ identity: charger.identity, connectorId, err: error }, 'session did not start');
      return false;
    }
    const deadline = clock.now() + plannedMs;
    while (session.active && session.socPercent() < socTarget && clock.now() < deadline && !abort.signal.aborted) {
      await sleep(Math.min(meterMs, Math.max(1, deadline - clock.now()))).catch((error: unknown) => {
        if (!isAbort(error)) throw error;
      });
    }
    if (session.active && !abort.signal.aborted) {
      await charger.stopSession(session, random.chance(0.8) ? 'EVDisconnected' : 'Local');
    }
    return true;
  }

  async function connectorLoop(
    charger: SimulatedCharger,
    connectorId: number,
    random: Random,
    tickets: { left: number },
  ): Promise<void> {
    while (tickets.left > 0 && !abort.signal.aborted) {
      await sleep(random.jitter(idleMs));
      if (settings.faults && random.chance(FAULT_PROBABILITY)) {
        await charger.fault(connectorId, random.pick(faultCodes));
        await sleep(random.jitter(idleMs));
        await charger.recover(connectorId);
        continue;
      }
      if (!charger.online || tickets.left <= 0) continue;
      tickets.left -= 1;
      if (!(await runSession(charger, connectorId, random))) tickets.left += 1;
    }
  }

  /** Ends (its sleeps abort) when the fleet stops or when `until` aborts: the charger's sessions are done. */
  async function networkLoop(charger: SimulatedCharger, random: Random, until: AbortSignal): Promise<void> {
    const signal = AbortSignal.any([abort.signal, until]);
    while (!signal.aborted) {
      await clock.sleep(random.jitter(3 * sessionMs), signal);
      if (!charger.online || !random.chance(DROP_PROBABILITY)) continue;
      await charger.dropConnection();
      await sleep(random.jitter(2 * meterMs));
      await bringUp(charger);
    }
  }

  const booted: Promise<void>[] = [];
  const finished: Promise<void>[] = [];
  const runners = chargers.map((charger, index) => {
    const random = new Random(settings.seed * 1_000_003 + index);
    let markBooted: () => void = () => undefined;
    let markFinished: () => void = () => undefined;
    booted.push(new Promise<void>((resolve) => (markBooted = resolve)));
    finished.push(new Promise<void>((resolve) => (markFinished = resolve)));
    return (async () => {
      await gate.run(() => bringUp(charger));
      bootedChargers += 1;
      markBooted();
      const tickets = { left: settings.sessionsPerCharger };
      const loopsDone = new AbortController();
      // Handled at once: it rejects (AbortError) when the fleet stops, possibly before the connector loops end.
      const network = (settings.faults ? networkLoop(charger, random, loopsDone.signal) : Promise.resolve()).catch(
        (error: unknown) => {
          if (!isAbort(error)) logger.error({ identity: charger.identity, err: error }, 'network loop failed');
        },
      );
      // allSettled: when the fleet stops, every loop must have returned before sessions are stopped and closed.
      const loops = await Promise.allSettled(
        Array.from({ length: settings.connectors }, (_, c) => connectorLoop(charger, c + 1, random, tickets)),
      );
      loopsDone.abort();
      for (const loop of loops) {
        if (loop.status === 'rejected' && !isAbort(loop.reason)) {
          logger.error({ identity: charger.identity, err: loop.reason }, 'connector loop failed');
        }
      }
      if (!abort.signal.aborted) markFinished();
      await network;
    })().catch((error: unknown) => {
      if (!isAbort(error)) logger.error({ identity: charger.identity, err: error }, 'charger failed');
    });
  });

  const plugsConnected: Promise<void>[] = [];
  const plugRunners = plugs.map((plug, index) => {
    let markConnected: () => void = () => undefined;
    plugsConnected.push(new Promise<void>((resolve) => (markConnected = resolve)));
    return plugLoop(plug, new Random(settings.seed * 7_000_003 + index), markConnected).catch((error: unknown) => {
      if (!isAbort(error)) logger.error({ plugId: plug.plugId, err: error }, 'plug failed');
    });
  });

  function plugReport(): PlugFleetReport {
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

  function report(): FleetReport {
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
      booted: bootedChargers,
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
      connectFailures,
      lastConnectError,
      sessionStartFailures,
      sessionsActive: sessions.filter((s) => s.stoppedAt === null).length,
      sessionsCompleted: sessions.filter((s) => s.stoppedAt !== null).length,
      energyWh: sessions.reduce((total, s) => total + s.energyWh, 0),
      sessions,
      perCharger,
      plugs: plugReport(),
    };
  }

  async function stopAll(): Promise<FleetReport> {
    abort.abort();
    await Promise.allSettled([...runners, ...plugRunners]);
    await Promise.allSettled(plugs.map((plug) => plug.close()));
    await Promise.allSettled(
      chargers.map(async (charger) => {
        // A charger caught offline comes back first, so its queue and the stops below are delivered; give up after
        // a few attempts (the CSMS may be gone).
        for (let attempt = 0; attempt < 3 && !charger.online; attempt += 1) {
          try {
            await charger.connect();
            await charger.boot();
          } catch {
            await new SystemClock().sleep(200);
          }
        }
        for (const session of charger.activeSessions()) await charger.stopSession(session, 'Local');
        await charger.idle();
        await charger.close();
      }),
    );
    return report();
  }

  return {
    chargers,
    plugs,
    ready: Promise.all([...booted, ...plugsConnected]).then(() => undefined),
    done: Promise.all([...finished, ...plugRunners]).then(() => undefined),
    report,
    stop: () => (stopping ??= stopAll()),
  };
}
