import { setTimeout as sleep } from 'node:timers/promises';
import type { AvroCodec, TopicCodec } from '@vz/schemas';
import type { Logger } from 'pino';

/**
 * Binds a topic's codec, waiting (up to `attempts` seconds) while its schema is not registered yet: a deployable may
 * start before the catalog tooling has applied the catalog. `register` is for the application's own topics (its DLQ).
 */
export async function bindWhenRegistered<Value>(
  codec: AvroCodec,
  topic: string,
  schema: string,
  options: { logger: Logger; register?: boolean; attempts?: number },
): Promise<TopicCodec<Value>> {
  const attempts = options.attempts ?? 60;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return options.register === true
        ? await codec.registerAndBind<Value>(topic, schema)
        : await codec.bind<Value>(topic, schema);
    } catch (error) {
      if (attempt >= attempts) throw error;
      options.logger.warn({ topic, attempt, err: error }, 'waiting for the topic catalog to be applied');
      await sleep(1_000);
    }
  }
}
