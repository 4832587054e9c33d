import { createLogger, type Logger } from '@vz/core';
import type { SimulatedCharger } from '../charger/charger.ts';
import { SystemClock, type Clock } from '../clock.ts';
import type { SimulatedPlug } from '../plug.ts';
import type { Random } from '../random.ts';
import { connectorLoop, networkLoop, plugLoop } from './cycles.ts';
import type { FleetSettings } from './options.ts';
import type { FleetCounters } from './report.ts';

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

export const isAbort = (error: unknown): boolean => error instanceof Error && error.name === 'AbortError';

/** A charger's part in the run: booted once, done with its sessions, and its whole life (never rejects). */
export interface ChargerRun {
  booted: Promise<void>;
  finished: Promise<void>;
  running: Promise<void>;
}

/** A plug's part in the run: connected once, and its whole life (never rejects). */
export interface PlugRun {
  connected: Promise<void>;
  running: Promise<void>;
}

/**
 * One run of a fleet: its settings, clock and timings, the signal that stops it, what it counts, and how its chargers
 * and plugs are brought up, run and brought down.
 */
export class FleetRun {
  readonly settings: FleetSettings;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly meterMs: number;
  readonly sessionMs: number;
  readonly idleMs: number;
  readonly counters: FleetCounters = { booted: 0, connectFailures: 0, lastConnectError: null, sessionStartFailures: 0 };
  readonly #abort = new AbortController();
  readonly #gate: Semaphore;

  constructor(settings: FleetSettings) {
    this.settings = settings;
    this.clock = settings.clock ?? new SystemClock();
    this.logger = settings.logger ?? createLogger('simulator', { level: 'silent' });
    this.meterMs = settings.meterValueIntervalMs;
    this.sessionMs = settings.sessionMs ?? 10 * this.meterMs;
    this.idleMs = settings.idleMs ?? 2 * this.meterMs;
    this.#gate = new Semaphore(settings.concurrency);
  }

  /** Aborts when the fleet stops. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Sleeps on the fleet's clock; rejects (AbortError) when the fleet stops. */
  sleep(ms: number): Promise<void> {
    return this.clock.sleep(ms, this.#abort.signal);
  }

  /**
   * Runs `attempt` until it says it is done (undefined), backing off from 0.5 s to 30 s (at least the delay it
   * returns); a failure is counted and retried. Throws only when the fleet stops.
   */
  async keepTrying(name: string, attempt: () => Promise<number | undefined>): Promise<void> {
    let delayMs = 500;
    for (;;) {
      this.#abort.signal.throwIfAborted();
      try {
        const retryAfterMs = await attempt();
        if (retryAfterMs === undefined) return;
        delayMs = Math.max(delayMs, retryAfterMs);
      } catch (error) {
        this.counters.connectFailures += 1;
        this.counters.lastConnectError = `${name}: ${error instanceof Error ? error.message : String(error)}`;
        this.logger.debug({ name, err: error }, 'cannot bring it up yet');
      }
      await this.sleep(delayMs);
      delayMs = Math.min(delayMs * 2, 30_000);
    }
  }

  /** connect() + boot() until accepted (a Pending or Rejected boot waits its interval). */
  bringUp(charger: SimulatedCharger): Promise<void> {
    return this.keepTrying(charger.identity, async () => {
      if (charger.online) return undefined;
      await charger.connect();
      const boot = await charger.boot();
      return boot.status === 'Accepted' ? undefined : boot.interval * 1000;
    });
  }

  /** Brings the charger up (a few at a time), then runs its connectors (and its network drops, with `faults`). */
  runCharger(charger: SimulatedCharger, random: Random): ChargerRun {
    const booted = Promise.withResolvers<undefined>();
    const finished = Promise.withResolvers<undefined>();
    const running = (async () => {
      await this.#gate.run(() => this.bringUp(charger));
      this.counters.booted += 1;
      booted.resolve(undefined);
      await this.#runConnectors(charger, random, () => finished.resolve(undefined));
    })().catch((error: unknown) => {
      if (!isAbort(error)) this.logger.error({ identity: charger.identity, err: error }, 'charger failed');
    });
    return { booted: booted.promise, finished: finished.promise, running };
  }

  runPlug(plug: SimulatedPlug, random: Random): PlugRun {
    const connected = Promise.withResolvers<undefined>();
    const running = plugLoop(this, plug, random, () => connected.resolve(undefined)).catch((error: unknown) => {
      if (!isAbort(error)) this.logger.error({ plugId: plug.plugId, err: error }, 'plug failed');
    });
    return { connected: connected.promise, running };
  }

  /**
   * Stops the loops and waits for them, closes the plugs, then brings offline chargers back so their queues are
   * delivered, stops the sessions still running (reason Local) and closes every charger.
   */
  async stop(chargers: readonly SimulatedCharger[], plugs: readonly SimulatedPlug[], running: Promise<void>[]) {
    this.#abort.abort();
    await Promise.allSettled(running);
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
  }

  async #runConnectors(charger: SimulatedCharger, random: Random, markFinished: () => void): Promise<void> {
    const tickets = { left: this.settings.sessionsPerCharger };
    const loopsDone = new AbortController();
    // Handled at once: it rejects (AbortError) when the fleet stops, possibly before the connector loops end.
    const network = (
      this.settings.faults ? networkLoop(this, charger, random, loopsDone.signal) : Promise.resolve()
    ).catch((error: unknown) => {
      if (!isAbort(error)) this.logger.error({ identity: charger.identity, err: error }, 'network loop failed');
    });
    // allSettled: when the fleet stops, every loop must have returned before sessions are stopped and closed.
    const loops = await Promise.allSettled(
      Array.from({ length: this.settings.connectors }, (_, c) => connectorLoop(this, charger, c + 1, random, tickets)),
    );
    loopsDone.abort();
    for (const loop of loops) {
      if (loop.status === 'rejected' && !isAbort(loop.reason)) {
        this.logger.error({ identity: charger.identity, err: loop.reason }, 'connector loop failed');
      }
    }
    if (!this.#abort.signal.aborted) markFinished();
    await network;
  }
}
