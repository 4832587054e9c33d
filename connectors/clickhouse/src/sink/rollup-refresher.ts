import { Waker } from '@vz/kafka';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { SqlExecutor } from '../executor.ts';
import { refreshRollups } from '../rollups.ts';

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
        const refreshes = await refreshRollups(executor, database);
        for (const refresh of refreshes) {
          this.#metrics.refreshSeconds.observe({ rollup: refresh.rollup }, refresh.ms / 1000);
          logger.debug(refresh, 'rollup refreshed');
        }
        this.#metrics.refreshedDays.set(refreshes.reduce((sum, refresh) => sum + refresh.days.length, 0));
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
    refreshedDays: new Gauge({
      name: 'vz_clickhouse_rollup_refreshed_days',
      help: 'Days the last round refreshed, summed over the rollups (0: the rollups were current).',
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
