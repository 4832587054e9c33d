import avro from 'avsc';
import {
  type RecordCoordinates,
  SchemaDecodeError,
  SchemaEncodeError,
  SchemaError,
  SchemaNotRegisteredError,
} from './codec-errors.ts';
import { type SchemaRegistryClient, valueSubject } from './registry.ts';
import { avroParseOptions, type SchemaSet } from './schema-set.ts';

/** avsc does not export its Resolver class. */
type Resolver = ReturnType<avro.Type['createResolver']>;

/** Confluent wire format: magic byte 0, 4-byte big-endian schema id, Avro binary body. */
const magicByte = 0;
const headerLength = 5;

/**
 * Encodes and decodes one topic's values. Bound to the schema id the registry gave our schema, it encodes
 * synchronously; it decodes our own id without a lookup and any other writer id through a resolver that is built
 * once per id (the registry client builds a new resolver on every decode, which costs more than the decode).
 */
export class TopicCodec<Value> {
  readonly topic: string;
  readonly schemaName: string;
  readonly schemaId: number;
  readonly #type: avro.Type;
  readonly #registry: SchemaRegistryClient;
  readonly #resolvers = new Map<number, Promise<Resolver | undefined>>();

  constructor(topic: string, schemaName: string, schemaId: number, type: avro.Type, registry: SchemaRegistryClient) {
    this.topic = topic;
    this.schemaName = schemaName;
    this.schemaId = schemaId;
    this.#type = type;
    this.#registry = registry;
  }

  encode(value: Value): Buffer {
    let body: Buffer;
    try {
      body = this.#type.toBuffer(value);
    } catch (error) {
      throw new SchemaEncodeError(this.topic, this.schemaName, this.#invalidPaths(value), error);
    }
    const header = Buffer.allocUnsafe(headerLength);
    header.writeUInt8(magicByte, 0);
    header.writeUInt32BE(this.schemaId, 1);
    return Buffer.concat([header, body]);
  }

  /** Decodes into this codec's schema (resolving from the writer's), or throws SchemaDecodeError naming the record. */
  async decode(buffer: Buffer | null | undefined, coordinates: RecordCoordinates): Promise<Value> {
    if (buffer === null || buffer === undefined || buffer.length < headerLength) {
      throw new SchemaDecodeError(coordinates, `${buffer?.length ?? 0} bytes, too short for the Confluent wire format`);
    }
    if (buffer.readUInt8(0) !== magicByte) {
      throw new SchemaDecodeError(coordinates, `magic byte ${buffer.readUInt8(0)}, expected ${magicByte}`);
    }
    const writerId = buffer.readUInt32BE(1);
    const resolver = writerId === this.schemaId ? undefined : await this.#resolverFor(writerId, coordinates);
    try {
      return this.#type.fromBuffer(buffer.subarray(headerLength), resolver) as Value;
    } catch (error) {
      throw new SchemaDecodeError(
        coordinates,
        `not a ${this.schemaName} (writer schema ${writerId}): ${(error as Error).message}`,
        error,
      );
    }
  }

  #resolverFor(writerId: number, coordinates: RecordCoordinates): Promise<Resolver | undefined> {
    let resolver = this.#resolvers.get(writerId);
    if (resolver === undefined) {
      resolver = this.#registry.schemaById(writerId).then((schema) => {
        const writerType = avro.Type.forSchema(JSON.parse(schema) as avro.Schema, avroParseOptions());
        return writerType.equals(this.#type) ? undefined : this.#type.createResolver(writerType);
      });
      this.#resolvers.set(writerId, resolver);
      // A failed lookup (registry down) must be retried by the next record, not cached.
      resolver.catch(() => this.#resolvers.delete(writerId));
    }
    return resolver.catch((error: unknown) => {
      if (error instanceof SchemaNotRegisteredError) {
        throw new SchemaDecodeError(coordinates, `writer schema ${writerId} is not in the registry`, error);
      }
      if (!(error instanceof SchemaError)) {
        throw new SchemaDecodeError(coordinates, `writer schema ${writerId} cannot be read: ${String(error)}`, error);
      }
      throw error;
    });
  }

  #invalidPaths(value: unknown): string[] {
    const paths: string[] = [];
    this.#type.isValid(value, { errorHook: (path) => paths.push(path.join('.') || '(root)') });
    return paths;
  }
}

/** Binds topics to their schemas through the registry. One per process, shared by all producers and consumers. */
export class AvroCodec {
  readonly registry: SchemaRegistryClient;
  readonly schemas: SchemaSet;

  constructor(registry: SchemaRegistryClient, schemas: SchemaSet) {
    this.registry = registry;
    this.schemas = schemas;
  }

  /**
   * The codec of a topic whose value schema is already registered (by `npm run schemas -- apply`); services do not
   * register schemas themselves, so a schema change never reaches the registry without the compatibility check.
   */
  async bind<Value>(topic: string, schemaName: string): Promise<TopicCodec<Value>> {
    const id = await this.registry.lookupId(valueSubject(topic), this.schemas.registrationSchema(schemaName));
    return new TopicCodec<Value>(topic, schemaName, id, this.schemas.type(schemaName), this.registry);
  }

  /** Registers the value schema for a topic, then binds it: for tooling and tests that create their own topics. */
  async registerAndBind<Value>(topic: string, schemaName: string): Promise<TopicCodec<Value>> {
    const id = await this.registry.register(valueSubject(topic), this.schemas.registrationSchema(schemaName));
    return new TopicCodec<Value>(topic, schemaName, id, this.schemas.type(schemaName), this.registry);
  }
}
