import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import avro from 'avsc';
import { SchemaSetError, UnknownSchemaTypeError } from './codec-errors.ts';

/** Where the `.avsc` files live: `schemas/avro/<area>/<Name>.avsc`, one named type per file. */
export const avroDirectory = join(import.meta.dirname, '..', 'avro');

/**
 * Every named Avro type of the platform, parsed once with the options all our readers and writers share.
 * Unions that need a wrapper (several records, or two values JavaScript cannot tell apart) are wrapped, the others
 * are plain values — avsc's `auto` rule; the generated TypeScript types follow the parsed types, so they agree.
 */
export interface SchemaSet {
  /** Full names (`vz.charger.ChargerEvent`) of the types declared by files, in file order. */
  readonly declaredNames: readonly string[];
  type(fullName: string): avro.Type;
  /** The self-contained schema registered in the registry: referenced named types are inlined, docs kept. */
  registrationSchema(fullName: string): string;
  /** Which `.avsc` file declares a type, relative to `schemas/`. */
  sourceFile(fullName: string): string;
}

/**
 * `timestamp-millis` stays a number of epoch milliseconds in JavaScript (docs/design.md: time is epoch ms), but is parsed
 * as a logical type so the annotation survives into the schema registered for other readers (ksqlDB, Java clients).
 */
class EpochMilliseconds extends avro.types.LogicalType {
  protected override _fromValue(value: number): number {
    return value;
  }

  protected override _toValue(value: number): number {
    return value;
  }

  protected override _resolve(type: avro.Type): ((value: number) => number) | undefined {
    return avro.Type.isType(type, 'long', 'logical:timestamp-millis') ? (value) => value : undefined;
  }
}

/**
 * Options every parse of ours uses. A function, not a shared object: avsc stores the names it parses in
 * `options.registry`, so sharing one object would make a second parse of the same schema a "duplicate type name".
 */
export function avroParseOptions(registry: Record<string, avro.Type> = {}) {
  return { wrapUnions: 'auto', logicalTypes: { 'timestamp-millis': EpochMilliseconds }, registry } as const;
}

interface SchemaFile {
  readonly path: string;
  readonly schema: avro.Schema;
}

interface PendingFile extends SchemaFile {
  readonly directory: string;
}

function listSchemaFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.avsc'))
    .sort()
    .map((path) => join(directory, path));
}

function readSchemaFile(path: string): SchemaFile {
  try {
    return { path, schema: JSON.parse(readFileSync(path, 'utf8')) as avro.Schema };
  } catch (error) {
    throw new SchemaSetError(`${path}: not valid JSON (${(error as Error).message})`, error);
  }
}

/**
 * Parses every file (of the platform's directory, or of several: tests add their own types) into one avsc registry. A file may reference types of other files by full name, so files are
 * parsed in rounds until none is left; each attempt works on a copy of the registry, because avsc registers nested
 * names before it fails on an unknown one.
 */
export function loadSchemaSet(directories: string | readonly string[] = avroDirectory): SchemaSet {
  const roots = typeof directories === 'string' ? [directories] : directories;
  let pending = roots.flatMap((directory) =>
    listSchemaFiles(directory).map((path) => ({ ...readSchemaFile(path), directory })),
  );
  if (pending.length === 0) throw new SchemaSetError(`no .avsc files under ${roots.join(', ')}`);
  let registry: Record<string, avro.Type> = {};
  const declared = new Map<string, string>();
  while (pending.length > 0) {
    const failures: string[] = [];
    const stillPending: PendingFile[] = [];
    for (const file of pending) {
      const attempt = { ...registry };
      try {
        const type = avro.Type.forSchema(file.schema, avroParseOptions(attempt));
        if (type.name === undefined) throw new SchemaSetError('the top-level type must be named');
        const expectedFile = `${type.name.split('.').at(-1)}.avsc`;
        if (!file.path.endsWith(`/${expectedFile}`))
          throw new SchemaSetError(`declares ${type.name}, so must be ${expectedFile}`);
        registry = attempt;
        declared.set(type.name, relative(join(file.directory, '..'), file.path));
      } catch (error) {
        stillPending.push(file);
        failures.push(`${relative(file.directory, file.path)}: ${(error as Error).message}`);
      }
    }
    if (stillPending.length === pending.length) {
      throw new SchemaSetError(`cannot parse Avro schemas:\n  ${failures.join('\n  ')}`);
    }
    pending = stillPending;
  }
  const types = registry;
  const registrationSchemas = new Map<string, string>();
  const lookup = (fullName: string): avro.Type => {
    const type = types[fullName];
    if (type === undefined) throw new UnknownSchemaTypeError(`unknown Avro type ${fullName}`);
    return type;
  };
  return {
    declaredNames: [...declared.keys()],
    type: lookup,
    registrationSchema(fullName) {
      let schema = registrationSchemas.get(fullName);
      if (schema === undefined) {
        schema = JSON.stringify(withEnumDefaults(lookup(fullName).schema({ exportAttrs: true }), types));
        registrationSchemas.set(fullName, schema);
      }
      return schema;
    },
    sourceFile(fullName) {
      const file = declared.get(fullName);
      if (file === undefined) throw new UnknownSchemaTypeError(`no file declares ${fullName}`);
      return file;
    },
  };
}

/**
 * avsc 5.7 reads an enum's `default` (Avro 1.9+) but leaves it out when it exports a schema; without it, a reader
 * with an older version of the enum could not read a newer symbol. Puts it back on every enum of the export.
 */
function withEnumDefaults(schema: unknown, types: Record<string, avro.Type>): unknown {
  if (Array.isArray(schema)) return schema.map((item) => withEnumDefaults(item, types));
  if (schema === null || typeof schema !== 'object') return schema;
  const node = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, withEnumDefaults(value, types)]));
  if (node['type'] === 'enum' && typeof node['name'] === 'string') {
    const enumDefault = (types[node['name']] as { default?: unknown } | undefined)?.default;
    if (typeof enumDefault === 'string') node['default'] = enumDefault;
  }
  return node;
}
