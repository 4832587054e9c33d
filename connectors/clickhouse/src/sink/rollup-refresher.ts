import { Waker } from '@vz/kafka';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { SqlExecutor } from '../executor.ts';
import { pendingRollupDays, refreshRollups } from '../rollups.ts';

export interface RollupRefresherOptions {
  readonly executor: SqlExecutor;
  readonly database: string;
  /** Pause between two rounds (a round refreshes every pending day of every rollup). */
  readonly intervalMs: number;
  readonly logger: Logger;
  readonly metricsRegistry: Registry;
}

/**
 * Keeps the refreshed rollups current beside the sink (`rollups.ts`): a round every `intervalMs`, one at a time. A
 * failing round (ClickHouse down) is logged and tried again next round: the marks stay until a refresh completes, so
 * nothing is lost by failing, by stopping or by being killed.
 */
export class RollupRefresher {
  readonly #options: RollupRefresherOptions;
  readonly #waker = new Waker();
  readonly #metrics: ReturnType<typeof refresherMetrics>;
  #stopping = false;
  #loop: Promise<void> | undefined;

  constructor(options: RollupRefresherOptions) {
    this.#options = options;
    this.#metrics = refresherMetrics(options.metricsRegistry);
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#waker.wake();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { executor, database, intervalMs, logger } = this.#options;
    while (!this.#stopping) {
      try {
        const pending = await pendingRollupDays(executor, database);
        this.#metrics.pendingDays.set([...pending.values()].reduce((sum, days) => sum + days.length, 0));
        if (pending.size > 0) {
          for (const refresh of await refreshRollups(executor, database)) {
            this.#metrics.refreshSeconds.observe({ rollup: refresh.rollup }, refresh.ms / 1000);
            logger.debug(refresh, 'rollup refreshed');
          }
          this.#metrics.pendingDays.set(0);
        }
      } catch (error) {
        this.#metrics.failures.inc();
        logger.warn({ err: error, retryInMs: intervalMs }, 'refreshing the rollups failed; retrying');
      }
      await this.#waker.wait(intervalMs);
    }
  }
}

function refresherMetrics(registry: Registry) {
  return {
    pendingDays: new Gauge({
      name: 'vz_clickhouse_rollup_pending_days',
      help: 'Days marked for a refresh, summed over the rollups, when the last round began.',
      registers: [registry],
    }),
    refreshSeconds: new Histogram({
      name: 'vz_clickhouse_rollup_refresh_seconds',
      help: 'Time to refresh a rollup for a set of days (one statement).',
      labelNames: ['rollup'],
      registers: [registry],
    }),
    failures: new Counter({
      name: 'vz_clickhouse_rollup_refresh_failures_total',
      help: 'Refresh rounds that failed (and were tried again after the interval).',
      registers: [registry],
    }),
  };
}
