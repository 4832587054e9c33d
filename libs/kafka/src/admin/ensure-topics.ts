import type { Admin } from '@platformatic/kafka';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, UnavailableError } from '@vz/core';

export interface TopicToEnsure {
  readonly name: string;
  readonly partitions: number;
  readonly configs: Readonly<Record<string, string>>;
}

export interface EnsureTopicsResult {
  readonly created: readonly string[];
  readonly existing: readonly string[];
}

/**
 * Creates the topics that do not exist yet and checks the partition count of those that do: a topic with another
 * partition count than its spec would silently break co-partitioning (keys landing on other partitions than their
 * state), so it is refused instead of used. Configs of existing topics are left alone (changing retention is an
 * operator decision, not a side effect of starting a service).
 */
export async function ensureTopics(
  admin: Admin,
  wanted: readonly TopicToEnsure[],
  replicas = 1,
): Promise<EnsureTopicsResult> {
  if (wanted.length === 0) return { created: [], existing: [] };
  const present = new Set(await admin.listTopics({ includeInternals: false }));
  const missing = wanted.filter((topic) => !present.has(topic.name));
  const existing = wanted.filter((topic) => present.has(topic.name));
  if (existing.length > 0) {
    const metadata = await admin.metadata({ topics: existing.map((topic) => topic.name) });
    const wrong = existing.flatMap((topic) => {
      const actual = metadata.topics.get(topic.name)?.partitionsCount;
      return actual === topic.partitions
        ? []
        : [`${topic.name} has ${actual} partitions, the spec says ${topic.partitions}`];
    });
    if (wrong.length > 0) throw new ConfigError(`topics do not match their specs: ${wrong.join('; ')}`);
  }
  const created: string[] = [];
  for (const topic of missing) {
    try {
      await admin.createTopics({
        topics: [topic.name],
        partitions: topic.partitions,
        replicas,
        configs: Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
      });
      created.push(topic.name);
    } catch (error) {
      // Another instance created it between our listing and our request: that is the outcome we wanted.
      if (
        !/already exists/i.test(
          String((error as Error).message) + JSON.stringify((error as { errors?: unknown }).errors ?? ''),
        )
      ) {
        throw error;
      }
    }
  }
  await untilServed(
    admin,
    missing.map((topic) => ({ name: topic.name, partitions: topic.partitions })),
  );
  return { created, existing: existing.map((topic) => topic.name) };
}

/**
 * A created topic is not served at once: the controller has committed it, but the broker's metadata (and so every
 * client's) may not list it or its partition leaders for a moment. A processor that subscribes in that moment fails
 * with "Unknown topic" (seen on a first `npm start` under load), so creation returns only once every partition has a
 * leader.
 */
async function untilServed(
  admin: Admin,
  topics: readonly { name: string; partitions: number }[],
  timeoutMs = 30_000,
): Promise<void> {
  if (topics.length === 0) return;
  const deadline = Date.now() + timeoutMs;
  let lastProblem = '';
  while (Date.now() < deadline) {
    try {
      const metadata = await admin.metadata({ topics: topics.map((topic) => topic.name), forceUpdate: true });
      const waiting = topics.filter((topic) => {
        const served = metadata.topics.get(topic.name);
        return (
          served === undefined ||
          served.partitionsCount !== topic.partitions ||
          served.partitions.some((partition) => partition === undefined || partition.leader < 0)
        );
      });
      if (waiting.length === 0) return;
      lastProblem = `no leader yet for ${waiting.map((topic) => topic.name).join(', ')}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await sleep(200);
  }
  throw new UnavailableError(
    `created topics are not served by the broker after ${timeoutMs / 1000} s (${lastProblem}); is the broker healthy?`,
  );
}
