/** Where a record sits in Kafka; every decoding error names it so the record can be found again. */
export interface RecordCoordinates {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

/**
 * Errors of the codec and registry client. `schemas/` imports nothing of ours, so these carry the same two fields
 * the platform's error hierarchy (libs/core) reads — a stable `code` and `retriable` — without extending it.
 */
export abstract class SchemaError extends Error {
  abstract readonly code: string;
  abstract readonly retriable: boolean;

  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
  }
}

export class SchemaDecodeError extends SchemaError {
  readonly code = 'SCHEMA_DECODE_FAILED';
  readonly retriable = false;
  readonly coordinates: RecordCoordinates;

  constructor(coordinates: RecordCoordinates, reason: string, cause?: unknown) {
    super(`cannot decode ${coordinates.topic}[${coordinates.partition}]@${coordinates.offset}: ${reason}`, cause);
    this.coordinates = coordinates;
  }
}

export class SchemaEncodeError extends SchemaError {
  readonly code = 'SCHEMA_ENCODE_FAILED';
  readonly retriable = false;
  /** Paths of the fields that do not match the schema, e.g. `payload.vz.charger.MeterSampled.energyWh`. */
  readonly invalidPaths: readonly string[];

  constructor(topic: string, schemaName: string, invalidPaths: readonly string[], cause?: unknown) {
    const where = invalidPaths.length > 0 ? ` at ${invalidPaths.join(', ')}` : '';
    super(`value for ${topic} does not match ${schemaName}${where}`, cause);
    this.invalidPaths = invalidPaths;
  }
}

/** The registry cannot be reached or answered 5xx; trying again later may succeed. */
export class SchemaRegistryUnavailableError extends SchemaError {
  readonly code = 'SCHEMA_REGISTRY_UNAVAILABLE';
  readonly retriable = true;
}

/** The registry holds no such subject or schema: the catalog was not applied (`npm run vz -- catalog apply`). */
export class SchemaNotRegisteredError extends SchemaError {
  readonly code = 'SCHEMA_NOT_REGISTERED';
  readonly retriable = false;
}

/** The registry refused a schema because it is not compatible with the subject's latest version (HTTP 409). */
export class SchemaIncompatibleError extends SchemaError {
  readonly code = 'SCHEMA_INCOMPATIBLE';
  readonly retriable = false;
}

/** The registry refused a request (an HTTP 4xx other than 404 and 409): the request is wrong, sending it again fails again. */
export class SchemaRegistryRefusedError extends SchemaError {
  readonly code = 'SCHEMA_REGISTRY_REFUSED';
  readonly retriable = false;
}

/** The Avro schema files (`avro/<area>/<Name>.avsc`) cannot be read or parsed, or one is misplaced. */
export class SchemaSetError extends SchemaError {
  readonly code = 'SCHEMA_SET_INVALID';
  readonly retriable = false;
}

/** A type asked of a schema set by its full name is not declared by any of its files. */
export class UnknownSchemaTypeError extends SchemaError {
  readonly code = 'SCHEMA_TYPE_UNKNOWN';
  readonly retriable = false;
}
