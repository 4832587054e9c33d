import { describe, expect, it } from '@jest/globals';
import avro from 'avsc';
import { SchemaDecodeError, SchemaEncodeError } from './codec-errors.ts';
import { TopicCodec } from './codec.ts';
import type { SchemaRegistryClient } from './registry.ts';

const v1 = { type: 'record', name: 'Reading', namespace: 'vz.test', fields: [{ name: 'energyWh', type: 'long' }] };
const v2 = {
  ...v1,
  fields: [...v1.fields, { name: 'phase', type: ['null', 'string'], default: null }],
};
const coordinates = { topic: 'readings', partition: 3, offset: 42n };

/** A registry that knows schema 1 (v1); the codec under test is bound to schema 2 (v2). */
function codecBoundToV2(): TopicCodec<{ energyWh: number; phase: string | null }> {
  const registry = {
    schemaById: (id: number) =>
      id === 1 ? Promise.resolve(JSON.stringify(v1)) : Promise.reject(new Error(`no schema ${id}`)),
  };
  return new TopicCodec(
    'readings',
    'vz.test.Reading',
    2,
    avro.Type.forSchema(v2 as avro.Schema),
    registry as unknown as SchemaRegistryClient,
  );
}

function wire(id: number, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(id, 1);
  return Buffer.concat([header, body]);
}

describe('TopicCodec', () => {
  it('writes the Confluent wire format: magic byte 0, schema id, Avro body', async () => {
    const codec = codecBoundToV2();
    const encoded = codec.encode({ energyWh: 1500, phase: 'L1' });
    expect(encoded.readUInt8(0)).toBe(0);
    expect(encoded.readUInt32BE(1)).toBe(2);
    expect(await codec.decode(encoded, coordinates)).toEqual({ energyWh: 1500, phase: 'L1' });
  });

  it('reads data written with an older schema through the registry, filling defaults', async () => {
    const written = wire(1, avro.Type.forSchema(v1 as avro.Schema).toBuffer({ energyWh: 7 }));
    expect(await codecBoundToV2().decode(written, coordinates)).toEqual({ energyWh: 7, phase: null });
  });

  it('names topic, partition and offset when a record cannot be decoded', async () => {
    const codec = codecBoundToV2();
    await expect(codec.decode(Buffer.from('{"json":true}'), coordinates)).rejects.toThrow(
      new SchemaDecodeError(coordinates, 'magic byte 123, expected 0'),
    );
    await expect(codec.decode(Buffer.from([0, 0]), coordinates)).rejects.toThrow(
      /readings\[3\]@42: 2 bytes, too short/,
    );
    await expect(codec.decode(wire(2, Buffer.from([0xff])), coordinates)).rejects.toThrow(
      /readings\[3\]@42: not a vz.test.Reading/,
    );
    await expect(codec.decode(wire(9, Buffer.from([2])), coordinates)).rejects.toThrow(
      /writer schema 9 cannot be read/,
    );
  });

  it('says which fields do not match the schema when encoding fails', () => {
    const codec = codecBoundToV2();
    expect(() => codec.encode({ energyWh: 1.5, phase: null })).toThrow(SchemaEncodeError);
    expect(() => codec.encode({ energyWh: 1.5, phase: null })).toThrow(/at energyWh/);
  });
});
