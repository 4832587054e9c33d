export { topics, deadLetterSchema } from './catalog.ts';
export type { TopicSpec } from './topic-spec.ts';
export { catalogTopics, changelogTopicName, deadLetterTopicSpec, topicConfigs, topicName } from './topics.ts';
export { avroDirectory, avroParseOptions, loadSchemaSet, type SchemaSet } from './schema-set.ts';
export { AvroCodec, TopicCodec } from './codec.ts';
export { SchemaRegistryClient, valueSubject, type CompatibilityVerdict } from './registry.ts';
export { checkCompatibility, type CompatibilityCheck, type TopicCompatibility } from './compatibility.ts';
export {
  SchemaError,
  SchemaDecodeError,
  SchemaIncompatibleError,
  SchemaEncodeError,
  SchemaNotRegisteredError,
  SchemaRegistryRefusedError,
  SchemaRegistryUnavailableError,
  SchemaSetError,
  UnknownSchemaTypeError,
  type RecordCoordinates,
} from './codec-errors.ts';
export type * from './generated/types.ts';
export { energyAndPowerSamples, unsignedReading } from './readings.ts';
