/**
 * A token bucket per station: `ratePerSecond` messages on average, bursts up to `burst`. Hand-written: it is ten
 * lines, per connection, with no timer (tokens are refilled lazily from the clock when a message arrives).
 */
export class TokenBucket {
  readonly #ratePerSecond: number;
  readonly #burst: number;
  #tokens: number;
  #refilledAt: number;

  constructor(ratePerSecond: number, burst: number, now: number = Date.now()) {
    this.#ratePerSecond = ratePerSecond;
    this.#burst = burst;
    this.#tokens = burst;
    this.#refilledAt = now;
  }

  /** Takes a token; false when the station is over its rate. */
  take(now: number = Date.now()): boolean {
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#refilledAt) / 1000) * this.#ratePerSecond);
    this.#refilledAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
