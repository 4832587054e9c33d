import { type EnvSource, loadConfig, loggingConfigSchema, observabilityConfigSchema } from '@vz/core';
import { kafkaConfigSchema } from '@vz/kafka';
import { z } from 'zod';

/** The sink deployable's configuration, from `VZ_*` environment variables (e.g. `VZ_CLICKHOUSE_URL`, `VZ_SINK_MAX_ROWS`). */
export const sinkConfigSchema = z.object({
  logging: loggingConfigSchema.prefault({}),
  http: observabilityConfigSchema.prefault({}),
  kafka: kafkaConfigSchema,
  clickhouse: z.strictObject({
    /** The HTTP interface, e.g. `http://127.0.0.1:8123`. */
    url: z.url(),
    user: z.string().min(1).default('default'),
    password: z.string().default(''),
    /** The model's database: created and migrated at start. */
    database: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/)
      .default('vz'),
    /** One insert may take this long before it counts as failed (and is retried). */
    requestTimeoutMs: z.number().int().min(1_000).default(60_000),
  }),
  sink: z
    .strictObject({
      instanceId: z.string().min(1).default('clickhouse-sink-0'),
      /** A batch is written at this many rows (all tables together)... */
      maxRows: z.number().int().min(1).max(1_000_000).default(50_000),
      /** ...or this long after its first record, whichever first. */
      maxMs: z.number().int().min(10).default(1_000),
      /** Retries of a failing ClickHouse back off from 100 ms, doubling, up to this. */
      maxBackoffMs: z.number().int().min(100).default(10_000),
      /**
       * Pause between two rounds of refreshing the daily rollups (docs/analytics.md, "Refreshed rollups"): how far
       * behind the base tables they may be, plus a refresh's own time. 0: this instance leaves them to another.
       */
      rollupRefreshMs: z.number().int().min(0).default(5_000),
      /** Prefix of every topic name, and of the consumer group and dead-letter topic (tests run on their own). */
      topicPrefix: z.string().default(''),
    })
    .prefault({}),
});
export type SinkConfig = z.output<typeof sinkConfigSchema>;

export function loadSinkConfig(env: EnvSource = process.env): SinkConfig {
  return loadConfig(sinkConfigSchema, env);
}
