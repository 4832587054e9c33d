import { randomBytes } from 'node:crypto';
import avro from 'avsc';
import { type CompatibilityVerdict, type SchemaRegistryClient, valueSubject } from './registry.ts';
import { avroParseOptions, type SchemaSet } from './schema-set.ts';
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
    const reader = check.current.type(spec.valueSchema);
    const schema = check.current.registrationSchema(spec.valueSchema);
    const result = (
      against: TopicCompatibility['against'],
      verdict: CompatibilityVerdict,
      writer: () => Promise<string>,
    ) =>
      verdict.compatible || verdict.messages.length > 0
        ? Promise.resolve({
            topic,
            schema: spec.valueSchema,
            compatible: verdict.compatible,
            against,
            messages: verdict.messages,
          })
        : writer().then((old) => ({
            topic,
            schema: spec.valueSchema,
            compatible: false,
            against,
            messages: explainIncompatibility(reader, old),
          }));
    const { baseline } = check;
    if (baseline === undefined) {
      const subject = valueSubject(topic);
      const verdict = await check.registry.checkCompatibility(subject, schema);
      results.push(
        await result(verdict.newSubject ? 'new' : 'registry', verdict, () => check.registry.latestSchema(subject)),
      );
      continue;
    }
    if (!hasType(baseline, spec.valueSchema)) {
      results.push({ topic, schema: spec.valueSchema, compatible: true, against: 'new', messages: [] });
      continue;
    }
    const scratchSubject = `vz-compatibility-check.${randomBytes(4).toString('hex')}.${valueSubject(topic)}`;
    const old = baseline.registrationSchema(spec.valueSchema);
    try {
      await check.registry.register(scratchSubject, old);
      const verdict = await check.registry.checkCompatibility(scratchSubject, schema);
      results.push(await result('baseline', verdict, () => Promise.resolve(old)));
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

/**
 * Why a reader schema cannot read a writer's data (Apicurio 3.0's compatibility answer carries no reason), field by
 * field for records: avsc refuses to build a resolver in the cases Avro's schema resolution rules forbid.
 */
export function explainIncompatibility(reader: avro.Type, writerSchema: string): string[] {
  const writer = avro.Type.forSchema(JSON.parse(writerSchema) as avro.Schema, avroParseOptions());
  const reasons = fieldReasons(reader, writer, reader.name ?? 'value');
  if (reasons.length > 0) return reasons;
  try {
    reader.createResolver(writer);
    return ["the registry refused it, yet avsc can read the old data with it: check the subject's compatibility rule"];
  } catch (error) {
    return [(error as Error).message];
  }
}

function fieldReasons(reader: avro.Type, writer: avro.Type, path: string): string[] {
  if (!(reader instanceof avro.types.RecordType) || !(writer instanceof avro.types.RecordType)) return [];
  return reader.fields.flatMap((field) => {
    const where = `${path}.${field.name}`;
    const old = writer.fields.find((candidate) => candidate.name === field.name);
    if (old === undefined) {
      return field.defaultValue() === undefined
        ? [`${where} is new and has no default, so old records cannot be read`]
        : [];
    }
    try {
      field.type.createResolver(old.type);
      return [];
    } catch (error) {
      const nested = fieldReasons(field.type, old.type, where);
      return nested.length > 0 ? nested : [`${where}: ${(error as Error).message}`];
    }
  });
}
