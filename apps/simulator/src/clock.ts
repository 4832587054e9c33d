import { ConflictError, InputError } from '@vz/core';

/** A repeating task scheduled on a clock. */
export interface Timer {
  cancel(): void;
}

/**
 * Where the simulator reads time and schedules work. Every timestamp a charger sends, and every Wh its meter
 * advances, comes from here, so a test that injects a `ManualClock` gets byte-identical frames on every run.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Runs `task` every `intervalMs` until cancelled. A run that is still busy when the next is due skips that one. */
  every(intervalMs: number, task: () => Promise<void> | void): Timer;
  /** Resolves after `ms`; rejects with an AbortError when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  // what AbortSignal.abort() itself gives as the reason when none is passed
  return new DOMException('aborted', 'AbortError');
}

/** Wall-clock time and Node timers: what the CLI and load runs use. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  every(intervalMs: number, task: () => Promise<void> | void): Timer {
    let busy = false;
    const handle = setInterval(() => {
      if (busy) return;
      busy = true;
      void Promise.resolve()
        .then(task)
        .catch(() => undefined)
        .finally(() => {
          busy = false;
        });
    }, intervalMs);
    return { cancel: () => clearInterval(handle) };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(handle);
        reject(abortError(signal as AbortSignal));
      };
      const handle = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

interface Scheduled {
  seq: number;
  due: number;
  intervalMs: number | undefined;
  run: () => Promise<void> | void;
}

/**
 * Time that moves only when told to. `advance(ms)` fires every timer that falls due, in due order (ties in the order
 * they were scheduled), with `now()` set to the instant each one is due, and awaits each task (so a meter value is
 * sent and answered before the next one is taken). Tests use it to make sessions deterministic.
 */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  #scheduled: Scheduled[] = [];
  #advancing = false;

  constructor(startMs: number = Date.parse('2025-01-01T00:00:00.000Z')) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  every(intervalMs: number, task: () => Promise<void> | void): Timer {
    if (!(intervalMs > 0)) throw new InputError(`interval must be positive, not ${intervalMs}`);
    const entry: Scheduled = { seq: this.#seq++, due: this.#now + intervalMs, intervalMs, run: task };
    this.#scheduled.push(entry);
    return { cancel: () => this.#remove(entry) };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      const entry: Scheduled = {
        seq: this.#seq++,
        due: this.#now + ms,
        intervalMs: undefined,
        run: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.#remove(entry);
        reject(abortError(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#scheduled.push(entry);
    });
  }

  /** Moves time forward by `ms`, running what falls due on the way. Not re-entrant. */
  async advance(ms: number): Promise<void> {
    if (this.#advancing) throw new ConflictError('ManualClock.advance is already running');
    this.#advancing = true;
    try {
      const target = this.#now + ms;
      for (;;) {
        const next = this.#next(target);
        if (!next) break;
        this.#now = next.due;
        if (next.intervalMs === undefined) this.#remove(next);
        else next.due += next.intervalMs;
        await next.run();
        await settle();
      }
      this.#now = target;
      await settle();
    } finally {
      this.#advancing = false;
    }
  }

  /** How many timers and sleeps are waiting (for tests). */
  get pending(): number {
    return this.#scheduled.length;
  }

  #next(target: number): Scheduled | undefined {
    let best: Scheduled | undefined;
    for (const entry of this.#scheduled) {
      if (entry.due > target) continue;
      if (!best || entry.due < best.due || (entry.due === best.due && entry.seq < best.seq)) best = entry;
    }
    return best;
  }

  #remove(entry: Scheduled): void {
    const index = this.#scheduled.indexOf(entry);
    if (index >= 0) this.#scheduled.splice(index, 1);
  }
}

/** Lets continuations of what just ran (promise chains, socket reads already buffered) happen. */
async function settle(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
}
