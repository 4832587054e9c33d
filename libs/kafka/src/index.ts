export { kafkaConfigSchema, baseClientOptions, type KafkaConfig } from './client/config.ts';
export { BatchingSender } from './client/batching-sender.ts';
export { createIdempotentProducer, idempotentProducerOptions } from './client/idempotent-producer.ts';
export { followTopic, type FollowedTopic } from './consumer/follow-topic.ts';
export { ensureTopics, type TopicToEnsure, type EnsureTopicsResult } from './admin/ensure-topics.ts';
export { applyCatalog, type CatalogApplyResult } from './admin/apply-catalog.ts';
export { ensureDeadLetterTopic, ensureInternalTopic } from './admin/dead-letter-topic.ts';
export { bindWhenRegistered } from './admin/bind-when-registered.ts';
export { Processor, type ProcessorOptions } from './processor/processor.ts';
export {
  indexEntry,
  outputRecord,
  type IndexEntry,
  type IndexReader,
  type InputRecord,
  type OutputRecord,
  type ProcessFunction,
  type ProcessResult,
  type StoreDefinition,
} from './processor/types.ts';
export { avroSerde, jsonSerde, type Serde } from './state/serde.ts';
export { KeyedStore, StagedUpdates } from './state/keyed-store.ts';
export { IndexBatch, IndexStores } from './state/index-stores.ts';
export { restorePartitions } from './state/restore.ts';
export {
  FENCED_EXIT_CODE,
  type ProcessorServiceConfig,
  type ProcessorStage,
  processorStage,
  runProcessorService,
  runWorkerService,
  type ServiceContext,
  type ServiceWorker,
} from './processor/service.ts';
export {
  createTransactionalProducer,
  type FailedTransaction,
  fencePredecessor,
  fencingErrorOf,
  TransactionalProducer,
} from './client/transactional-producer.ts';
export { offsetBounds, offsetsForTimestamp, readOffsetRanges, type OffsetRange } from './consumer/read-ranges.ts';
export { deadLetterOf, loggedDeadLetter, type DeadLetterCause } from './processor/dead-letters.ts';
export { produceChunks } from './processor/produce-chunks.ts';
export {
  type EpochEnd,
  type EpochPositions,
  type GroupTimings,
  type InputQueue,
  type InputQueueLimits,
  Waker,
} from './processor/epochs.ts';
export { ExactlyOnceWorker, type ExactlyOnceWorkerSettings } from './processor/exactly-once-worker.ts';
