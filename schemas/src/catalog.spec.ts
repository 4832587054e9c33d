import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import avro from 'avsc';
import { deadLetterSchema, topics } from './catalog.ts';
import { loadSchemaSet } from './schema-set.ts';
import { catalogTopics, deadLetterTopicSpec, topicConfigs } from './topics.ts';

const schemas = loadSchemaSet();

/** Every type reachable from the declared ones, named or not. */
function allTypes(): avro.Type[] {
  const seen = new Set<avro.Type>();
  const visit = (type: avro.Type): void => {
    if (seen.has(type)) return;
    seen.add(type);
    if (type instanceof avro.types.RecordType) type.fields.forEach((field) => visit(field.type));
    if (type instanceof avro.types.ArrayType) visit(type.itemsType);
    if (type instanceof avro.types.MapType) visit(type.valuesType as avro.Type);
    if (type instanceof avro.types.UnwrappedUnionType || type instanceof avro.types.WrappedUnionType)
      type.types.forEach(visit);
    if (type instanceof avro.types.LogicalType) visit(type.underlyingType);
  };
  schemas.declaredNames.forEach((name) => visit(schemas.type(name)));
  return [...seen];
}

describe('the topic catalog', () => {
  const specs = [...catalogTopics(), deadLetterTopicSpec('any-application', 6)];

  it('names each topic once', () => {
    expect(new Set(catalogTopics().map((spec) => spec.name)).size).toBe(Object.keys(topics).length);
  });

  it.each(specs.map((spec) => [spec.name, spec] as const))(
    '%s: its value starts with eventId, occurredAt, causationId',
    (_, spec) => {
      const type = schemas.type(spec.valueSchema);
      expect(type).toBeInstanceOf(avro.types.RecordType);
      const fields = (type as avro.types.RecordType).fields;
      expect(fields.slice(0, 3).map((field) => field.name)).toEqual(['eventId', 'occurredAt', 'causationId']);
      expect(fields[0]?.type.typeName).toBe('string');
      expect(fields[1]?.type.schema({ exportAttrs: true })).toEqual({ type: 'long', logicalType: 'timestamp-millis' });
      expect(fields[2]?.type.typeName).toBe('string');
    },
  );

  it.each(catalogTopics().map((spec) => [spec.name, spec] as const))(
    '%s: its key is a string field of the value',
    (_, spec) => {
      const field = (schemas.type(spec.valueSchema) as avro.types.RecordType).fields.find(
        (candidate) => candidate.name === spec.key.field,
      );
      expect(field?.type.typeName).toBe('string');
      expect(spec.partitions).toBeGreaterThan(0);
    },
  );

  it('never compacts an anchored topic (a proof names an offset that compaction would delete)', () => {
    expect(catalogTopics().filter((spec) => spec.anchored && spec.cleanupPolicy.includes('compact'))).toEqual([]);
  });

  it('turns retention into retention.ms', () => {
    expect(topicConfigs({ ...topics.chargerEvents, retention: { days: 2 } })['retention.ms']).toBe('172800000');
    expect(topicConfigs({ ...topics.chargerEvents, retention: 'forever' })['retention.ms']).toBe('-1');
    expect(deadLetterTopicSpec('sessions', 6)).toMatchObject({ name: 'sessions-dlq', valueSchema: deadLetterSchema });
  });
});

describe('the Avro schemas', () => {
  it('give every enum a default symbol, kept in the registered schema, so older readers can read newer symbols', () => {
    const enums = allTypes().filter((type): type is avro.types.EnumType => type instanceof avro.types.EnumType);
    const registered = schemas.declaredNames.map((name) => schemas.registrationSchema(name)).join('\n');
    const withoutDefault = enums
      .filter((type) => {
        const declared = (type as { default?: string }).default;
        const exported = new RegExp(
          `"name":"${type.name}","type":"enum","symbols":\\[[^\\]]*\\][^}]*"default":"${declared}"`,
        );
        return declared === undefined || !type.symbols.includes(declared) || !exported.test(registered);
      })
      .map((type) => type.name);
    expect(enums.length).toBeGreaterThan(10);
    expect(withoutDefault).toEqual([]);
  });

  it('contain no float or double: money, energy and time are integers', () => {
    expect(allTypes().filter((type) => type.typeName === 'float' || type.typeName === 'double')).toEqual([]);
  });

  it('document every named type and every field', () => {
    const undocumented = allTypes()
      .filter((type) => type.name !== undefined)
      .flatMap((type) => {
        const schema = type.schema({ exportAttrs: true }) as {
          doc?: string;
          fields?: { name: string; doc?: string }[];
        };
        return [
          ...(schema.doc ? [] : [type.name]),
          ...(schema.fields ?? []).filter((field) => !field.doc).map((field) => `${type.name}.${field.name}`),
        ];
      });
    expect(undocumented).toEqual([]);
  });
});

describe('schemas/README.md', () => {
  it('lists every topic of the catalog, as the catalog says, in its order', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const cells = (line: string) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
    const section = readme.slice(readme.indexOf('## Topics'));
    const listed = section
      .slice(0, section.indexOf('\n\n', section.indexOf('| topic')))
      .split('\n')
      .filter((line) => /^\| `[a-z]/.test(line))
      .map(cells);
    const expected = catalogTopics().map((spec) => [
      `\`${spec.name}\``,
      `\`${spec.valueSchema}\``,
      `\`${spec.key.field}\``,
      String(spec.partitions),
      spec.cleanupPolicy,
      spec.retention === 'forever' ? 'forever' : `${spec.retention.days} d`,
      spec.anchored ? 'yes' : 'no',
    ]);
    expect(listed).toEqual(expected);
  });
});
