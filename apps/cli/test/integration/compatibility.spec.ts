import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createIsolation, type Isolation } from '@vz/testing';
import {
  AvroCodec,
  checkCompatibility,
  loadSchemaSet,
  SchemaRegistryClient,
  type SchemaSet,
  type TopicSpec,
  valueSubject,
} from '@vz/schemas';

const meterReading = {
  type: 'record',
  name: 'MeterReading',
  namespace: 'vz.test',
  doc: 'A test event.',
  fields: [
    { name: 'eventId', type: 'string', doc: 'Id.' },
    { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' }, doc: 'When.' },
    { name: 'causationId', type: 'string', doc: 'Cause.' },
    { name: 'chargerId', type: 'string', doc: 'Key.' },
    { name: 'energyWh', type: 'long', doc: 'Energy.' },
  ],
};
type Field = (typeof meterReading.fields)[number] | { name: string; type: unknown; doc: string; default?: unknown };

const directories: string[] = [];
/** A schema set holding one version of vz.test.MeterReading. */
function version(fields: readonly Field[]): SchemaSet {
  const directory = mkdtempSync(join(tmpdir(), 'vz-compat-'));
  directories.push(directory);
  mkdirSync(join(directory, 'test'));
  writeFileSync(join(directory, 'test', 'MeterReading.avsc'), JSON.stringify({ ...meterReading, fields }));
  return loadSchemaSet(directory);
}

const v1 = version(meterReading.fields);
const withDefault = version([
  ...meterReading.fields,
  { name: 'phase', type: ['null', 'string'], default: null, doc: 'Phase.' },
]);
const withoutDefault = version([...meterReading.fields, { name: 'phase', type: 'string', doc: 'Phase.' }]);
const retyped = version(
  meterReading.fields.map((field) => (field.name === 'energyWh' ? { ...field, type: 'string' } : field)),
);

let isolation: Isolation;
let registry: SchemaRegistryClient;
let spec: TopicSpec;

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  registry = new SchemaRegistryClient(isolation.endpoints.registry.confluentUrl);
  spec = {
    name: `${isolation.topicPrefix}meter-readings`,
    valueSchema: 'vz.test.MeterReading',
    key: { field: 'chargerId', doc: 'Charger.' },
    partitions: 1,
    cleanupPolicy: 'delete',
    retention: { days: 1 },
    anchored: false,
    doc: 'Test topic.',
  };
  await registry.register(valueSubject(spec.name), v1.registrationSchema(spec.valueSchema));
});

afterAll(async () => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  await isolation.close();
});

describe('the BACKWARD compatibility check', () => {
  it('accepts a new field with a default, against the registry and against a baseline', async () => {
    for (const baseline of [undefined, v1]) {
      const [result] = await checkCompatibility({
        registry,
        current: withDefault,
        topics: [spec],
        ...(baseline ? { baseline } : {}),
      });
      expect(result).toMatchObject({ compatible: true, against: baseline ? 'baseline' : 'registry' });
    }
  });

  it('refuses a new field without a default and says which', async () => {
    const [result] = await checkCompatibility({ registry, current: withoutDefault, topics: [spec] });
    expect(result).toMatchObject({ topic: spec.name, compatible: false, against: 'registry' });
    expect(result?.messages.join(' ')).toMatch(/phase/);
  });

  it('refuses a changed field type, against a git-style baseline too, and leaves no scratch subject behind', async () => {
    const [result] = await checkCompatibility({ registry, current: retyped, baseline: v1, topics: [spec] });
    expect(result).toMatchObject({ compatible: false, against: 'baseline' });
    expect(result?.messages.join(' ')).toMatch(/energyWh/);
    const subjects = (await (await fetch(`${isolation.endpoints.registry.confluentUrl}/subjects`)).json()) as string[];
    expect(subjects.filter((subject) => subject.startsWith('vz-compatibility-check.'))).toEqual([]);
  });

  it('calls a subject the registry has never seen new', async () => {
    const [result] = await checkCompatibility({
      registry,
      current: retyped,
      topics: [{ ...spec, name: `${spec.name}-unseen` }],
    });
    expect(result).toMatchObject({ compatible: true, against: 'new' });
  });
});

describe('the codec against the registry', () => {
  it('reads records written with the previous version, filling the new field from its default', async () => {
    const writer = await new AvroCodec(registry, v1).bind<Record<string, unknown>>(spec.name, spec.valueSchema);
    const written = writer.encode({
      eventId: 'e1',
      occurredAt: 1_700_000_000_000,
      causationId: 'c1',
      chargerId: 'CP-1',
      energyWh: 1234,
    });
    const reader = await new AvroCodec(registry, withDefault).registerAndBind<Record<string, unknown>>(
      spec.name,
      spec.valueSchema,
    );
    expect(reader.schemaId).not.toBe(writer.schemaId);
    expect(await reader.decode(written, { topic: spec.name, partition: 0, offset: 0n })).toEqual({
      eventId: 'e1',
      occurredAt: 1_700_000_000_000,
      causationId: 'c1',
      chargerId: 'CP-1',
      energyWh: 1234,
      phase: null,
    });
  });

  it('refuses to bind a schema nobody registered, naming the subject', async () => {
    await expect(new AvroCodec(registry, retyped).bind(`${spec.name}-unregistered`, spec.valueSchema)).rejects.toThrow(
      /unregistered-value: not in the registry/,
    );
  });
});
