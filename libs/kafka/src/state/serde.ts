import avro from 'avsc';

/** How a store's values become changelog bytes and back. */
export interface Serde<Value> {
  serialize(value: Value): Buffer;
  deserialize(bytes: Buffer): Value;
}

/** Plain Avro binary (no registry header): changelogs are internal topics read only by the application itself. */
export function avroSerde<Value>(schema: avro.Schema): Serde<Value> {
  const type = avro.Type.forSchema(schema);
  return {
    serialize: (value) => type.toBuffer(value),
    deserialize: (bytes) => type.fromBuffer(bytes) as Value,
  };
}

/** JSON, for stores whose values are small plain objects without bigints or Buffers. */
export function jsonSerde<Value>(): Serde<Value> {
  return {
    serialize: (value) => Buffer.from(JSON.stringify(value)),
    deserialize: (bytes) => JSON.parse(bytes.toString('utf8')) as Value,
  };
}
