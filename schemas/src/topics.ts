import { deadLetterSchema, topics } from './catalog.ts';
import type { TopicSpec } from './topic-spec.ts';

const millisecondsPerDay = 86_400_000;

/** Every topic of the catalog, in catalog order. */
export function catalogTopics(): TopicSpec[] {
  return Object.values(topics);
}

/**
 * The topic name to use. A prefix isolates tests (`test.<id>.charger.events`) or tenants; production uses none.
 */
export function topicName(spec: TopicSpec, prefix = ''): string {
  return `${prefix}${spec.name}`;
}

/** Kafka topic configs for a spec (cleanup.policy, retention.ms), as CreateTopics wants them. */
export function topicConfigs(spec: TopicSpec): Record<string, string> {
  return {
    'cleanup.policy': spec.cleanupPolicy,
    'retention.ms': spec.retention === 'forever' ? '-1' : String(spec.retention.days * millisecondsPerDay),
  };
}

/** Kafka Streams naming (docs/design.md, Event rules): `<application>-dlq`. */
export function deadLetterTopicSpec(application: string, partitions: number): TopicSpec {
  return {
    name: `${application}-dlq`,
    valueSchema: deadLetterSchema,
    key: { field: 'key', doc: 'The key of the record that failed, unchanged.' },
    partitions,
    cleanupPolicy: 'delete',
    retention: { days: 30 },
    anchored: false,
    doc: `Records ${application} could not decode or process, with the reason and their original coordinates.`,
  };
}

/** Kafka Streams naming: `<application>-<store>-changelog`, compacted, one partition per input partition. */
export function changelogTopicName(application: string, store: string): string {
  return `${application}-${store}-changelog`;
}
