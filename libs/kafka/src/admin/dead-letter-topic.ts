import type { Admin } from '@platformatic/kafka';
import { type AvroCodec, type DeadLetter, deadLetterTopicSpec, type TopicCodec, topicConfigs } from '@vz/schemas';
import { ensureTopics, type TopicToEnsure } from './ensure-topics.ts';

/**
 * One of an application's own topics (dead letters, re-keying between its stages, forwarding): created if missing,
 * and its value schema registered by the application itself (the catalog tooling does not know the topic).
 */
export async function ensureInternalTopic<Value>(
  admin: Admin,
  codec: AvroCodec,
  topic: TopicToEnsure,
  valueSchema: string,
): Promise<TopicCodec<Value>> {
  await ensureTopics(admin, [topic]);
  return codec.registerAndBind<Value>(topic.name, valueSchema);
}

/** An application's own `<application>-dlq` (its name depends on the application). */
export async function ensureDeadLetterTopic(
  admin: Admin,
  codec: AvroCodec,
  application: string,
  partitions: number,
): Promise<TopicCodec<DeadLetter>> {
  const spec = deadLetterTopicSpec(application, partitions);
  return ensureInternalTopic<DeadLetter>(
    admin,
    codec,
    { name: spec.name, partitions, configs: topicConfigs(spec) },
    spec.valueSchema,
  );
}
