import { Admin } from '@platformatic/kafka';
import {
  catalogTopics,
  SchemaIncompatibleError,
  type SchemaRegistryClient,
  type SchemaSet,
  topicConfigs,
  topicName,
  valueSubject,
} from '@vz/schemas';
import { baseClientOptions, type KafkaConfig } from '../client/config.ts';
import { ensureTopics } from './ensure-topics.ts';

export interface CatalogApplyResult {
  readonly created: readonly string[];
  readonly existing: readonly string[];
  readonly registered: ReadonlyArray<{ readonly subject: string; readonly schema: string; readonly id: number }>;
  /** Subjects whose new schema the registry refused as incompatible (only with `onIncompatible: 'report'`). */
  readonly refused: ReadonlyArray<{ readonly subject: string; readonly reason: string }>;
}

/**
 * Creates the catalog's topics and registers its value schemas (docs/design.md, Event rules). An incompatible schema
 * fails the call, or with `onIncompatible: 'report'` is listed and skipped: `npm start` reports and carries on with
 * the schemas the registry already holds, `vz catalog apply` (CI) fails.
 */
export async function applyCatalog(options: {
  readonly kafka: KafkaConfig;
  readonly registry: SchemaRegistryClient;
  readonly schemas: SchemaSet;
  readonly prefix?: string;
  readonly onIncompatible?: 'fail' | 'report';
}): Promise<CatalogApplyResult> {
  const prefix = options.prefix ?? '';
  const admin = new Admin(baseClientOptions(options.kafka, 'catalog'));
  let topics: Awaited<ReturnType<typeof ensureTopics>>;
  try {
    topics = await ensureTopics(
      admin,
      catalogTopics().map((spec) => ({
        name: topicName(spec, prefix),
        partitions: spec.partitions,
        configs: topicConfigs(spec),
      })),
    );
  } finally {
    await admin.close();
  }
  const registered: Array<{ subject: string; schema: string; id: number }> = [];
  const refused: Array<{ subject: string; reason: string }> = [];
  for (const spec of catalogTopics()) {
    const subject = valueSubject(topicName(spec, prefix));
    try {
      registered.push({
        subject,
        schema: spec.valueSchema,
        id: await options.registry.register(subject, options.schemas.registrationSchema(spec.valueSchema)),
      });
    } catch (error) {
      if (!(error instanceof SchemaIncompatibleError) || options.onIncompatible !== 'report') throw error;
      refused.push({ subject, reason: error.message });
    }
  }
  return { ...topics, registered, refused };
}
