import { randomBytes } from 'node:crypto';
import type { SchemaRegistryClient } from './registry.ts';
import { valueSubject } from './registry.ts';
import type { SchemaSet } from './schema-set.ts';
import type { TopicSpec } from './topic-spec.ts';

export interface TopicCompatibility {
  readonly topic: string;
  readonly schema: string;
  readonly compatible: boolean;
  /** What the schema was compared with: the registry's latest version, a git baseline, or nothing (new). */
  readonly against: 'registry' | 'baseline' | 'new';
  readonly messages: readonly string[];
}

export interface CompatibilityCheck {
  readonly registry: SchemaRegistryClient;
  readonly current: SchemaSet;
  readonly topics: readonly TopicSpec[];
  readonly prefix?: string;
  /**
   * Schemas of an earlier revision. When given, each topic's schema is compared with that revision's instead of the
   * registry's latest: the baseline is registered under a scratch subject, checked against, and deleted again, so
   * the registry does the judging (Avro's own BACKWARD rules) without keeping anything.
   */
  readonly baseline?: SchemaSet;
}

/** BACKWARD (readers with the new schema read data written with the old one) for every topic of the catalog. */
export async function checkCompatibility(check: CompatibilityCheck): Promise<TopicCompatibility[]> {
  const results: TopicCompatibility[] = [];
  for (const spec of check.topics) {
    const topic = `${check.prefix ?? ''}${spec.name}`;
    const schema = check.current.registrationSchema(spec.valueSchema);
    if (check.baseline === undefined) {
      const verdict = await check.registry.checkCompatibility(valueSubject(topic), schema);
      results.push({
        topic,
        schema: spec.valueSchema,
        compatible: verdict.compatible,
        against: verdict.newSubject ? 'new' : 'registry',
        messages: verdict.messages,
      });
      continue;
    }
    if (!check.baseline.declaredNames.includes(spec.valueSchema) && !hasType(check.baseline, spec.valueSchema)) {
      results.push({ topic, schema: spec.valueSchema, compatible: true, against: 'new', messages: [] });
      continue;
    }
    const scratchSubject = `vz-compatibility-check.${randomBytes(4).toString('hex')}.${valueSubject(topic)}`;
    try {
      await check.registry.register(scratchSubject, check.baseline.registrationSchema(spec.valueSchema));
      const verdict = await check.registry.checkCompatibility(scratchSubject, schema);
      results.push({
        topic,
        schema: spec.valueSchema,
        compatible: verdict.compatible,
        against: 'baseline',
        messages: verdict.messages,
      });
    } finally {
      await check.registry.deleteSubject(scratchSubject);
    }
  }
  return results;
}

function hasType(set: SchemaSet, fullName: string): boolean {
  try {
    set.type(fullName);
    return true;
  } catch {
    return false;
  }
}
