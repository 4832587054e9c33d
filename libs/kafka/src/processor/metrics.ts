import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * The runtime's metrics; the list: records in/out, lag, transaction commit time, DLQ count, restore time.
 * Several processors of one deployable share a registry: each metric is created once and labelled by application.
 */
export function createProcessorMetrics(registry: Registry, application: string) {
  const labels = { application };
  const registers = [registry];
  const shared = <M>(name: string, create: () => M): M => (registry.getSingleMetric(name) as M | undefined) ?? create();
  return {
    recordsIn: shared(
      'vz_processor_records_in_total',
      () =>
        new Counter({
          name: 'vz_processor_records_in_total',
          help: 'Records consumed and processed in committed transactions.',
          labelNames: ['application', 'topic'],
          registers,
        }),
    ),
    recordsOut: shared(
      'vz_processor_records_out_total',
      () =>
        new Counter({
          name: 'vz_processor_records_out_total',
          help: 'Records written to output topics in committed transactions.',
          labelNames: ['application', 'topic'],
          registers,
        }),
    ),
    deadLetters: shared(
      'vz_processor_dead_letters_total',
      () =>
        new Counter({
          name: 'vz_processor_dead_letters_total',
          help: 'Records sent to the dead-letter topic, by stage.',
          labelNames: ['application', 'stage'],
          registers,
        }),
    ),
    lag: shared(
      'vz_processor_lag_records',
      () =>
        new Gauge({
          name: 'vz_processor_lag_records',
          help: 'Records between the committed position and the end of each assigned input partition.',
          labelNames: ['application', 'topic', 'partition'],
          registers,
        }),
    ),
    commitSeconds: shared(
      'vz_processor_transaction_commit_seconds',
      () =>
        new Histogram({
          name: 'vz_processor_transaction_commit_seconds',
          help: 'Time from beginning a transaction to its commit.',
          labelNames: ['application'],
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
          registers,
        }),
    ),
    aborts: shared(
      'vz_processor_transaction_aborts_total',
      () =>
        new Counter({
          name: 'vz_processor_transaction_aborts_total',
          help: 'Transactions aborted (the batch is processed again).',
          labelNames: ['application'],
          registers,
        }),
    ),
    restoreSeconds: shared(
      'vz_processor_state_restore_seconds',
      () =>
        new Histogram({
          name: 'vz_processor_state_restore_seconds',
          help: 'Time to restore store partitions from their changelog.',
          labelNames: ['application'],
          buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
          registers,
        }),
    ),
    restoredRecords: shared(
      'vz_processor_state_restored_records_total',
      () =>
        new Counter({
          name: 'vz_processor_state_restored_records_total',
          help: 'Changelog records read while restoring.',
          labelNames: ['application'],
          registers,
        }),
    ),
    labels,
  };
}
export type ProcessorMetrics = ReturnType<typeof createProcessorMetrics>;
