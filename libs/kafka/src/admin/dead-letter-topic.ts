import type { Admin } from '@platformatic/kafka';
import { type AvroCodec, type DeadLetter, deadLetterTopicSpec, type TopicCodec, topicConfigs } from '@vz/schemas';
import { ensureTopics } from './ensure-topics.ts';

/**
 * An application's own `<application>-dlq`: created if missing, and its value schema registered by the application
 * itself (its name depends on the application, so the catalog tooling cannot register it).
 */
export async function ensureDeadLetterTopic(
  admin: Admin,
  codec: AvroCodec,
  application: string,
  partitions: number,
): Promise<TopicCodec<DeadLetter>> {
  const spec = deadLetterTopicSpec(application, partitions);
  await ensureTopics(admin, [{ name: spec.name, partitions, configs: topicConfigs(spec) }]);
  return codec.registerAndBind<DeadLetter>(spec.name, spec.valueSchema);
}
