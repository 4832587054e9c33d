import avro from 'avsc';
import type { SchemaSet } from '../src/index.ts';

/**
 * Renders the TypeScript types of every named Avro type. Written here rather than taken from a generator package
 * because the output must follow avsc's runtime representation exactly (which unions are wrapped, longs as
 * numbers, bytes as Buffer) and our compiler settings (erasable syntax only, exact optional properties); the
 * generators on npm emit TypeScript enums or namespaces, or assume a different union representation.
 */
export function renderTypeScript(set: SchemaSet): string {
  const names = collectNamedTypes(set);
  const identifiers = assignIdentifiers([...names.keys()]);
  const identifierOf = (fullName: string): string => {
    const identifier = identifiers.get(fullName);
    if (identifier === undefined) throw new Error(`no identifier for ${fullName}`);
    return identifier;
  };
  const lines = [
    '// Generated from schemas/avro by `npm run schemas:generate`. Do not edit: change the .avsc file and regenerate.',
    '',
  ];
  for (const [fullName, type] of names) {
    lines.push(...renderNamedType(fullName, type, identifierOf), '');
  }
  lines.push('/** Every named type by its Avro full name, for typing values by the schema name the catalog gives. */');
  lines.push('export interface AvroTypes {');
  for (const fullName of names.keys()) lines.push(`  '${fullName}': ${identifierOf(fullName)};`);
  lines.push('}', '');
  return lines.join('\n');
}

function collectNamedTypes(set: SchemaSet): Map<string, avro.Type> {
  const found = new Map<string, avro.Type>();
  const visit = (type: avro.Type): void => {
    if (type instanceof avro.types.RecordType) {
      if (found.has(type.name ?? '')) return;
      found.set(type.name ?? '', type);
      for (const field of type.fields) visit(field.type);
    } else if (type instanceof avro.types.EnumType || type instanceof avro.types.FixedType) {
      found.set(type.name ?? '', type);
    } else if (type instanceof avro.types.ArrayType) {
      visit(type.itemsType);
    } else if (type instanceof avro.types.MapType) {
      visit(type.valuesType as avro.Type);
    } else if (type instanceof avro.types.UnwrappedUnionType || type instanceof avro.types.WrappedUnionType) {
      for (const branch of type.types) visit(branch);
    } else if (type instanceof avro.types.LogicalType) {
      visit(type.underlyingType);
    }
  };
  for (const name of set.declaredNames) visit(set.type(name));
  return new Map([...found].sort(([a], [b]) => a.localeCompare(b)));
}

/** Short names where unique (`ChargerEvent`); the area is prefixed where two areas use the same name. */
function assignIdentifiers(fullNames: readonly string[]): Map<string, string> {
  const shortName = (fullName: string): string => fullName.split('.').at(-1) ?? fullName;
  const counts = new Map<string, number>();
  for (const name of fullNames) counts.set(shortName(name), (counts.get(shortName(name)) ?? 0) + 1);
  return new Map(
    fullNames.map((name) => {
      const short = shortName(name);
      if (counts.get(short) === 1) return [name, short];
      const area = name.split('.').at(-2) ?? '';
      return [name, `${area.charAt(0).toUpperCase()}${area.slice(1)}${short}`];
    }),
  );
}

function docComment(doc: string | undefined, indent: string): string[] {
  if (doc === undefined || doc === '') return [];
  return [`${indent}/** ${doc.replaceAll('*/', '* /').replaceAll('\n', ' ')} */`];
}

function renderNamedType(fullName: string, type: avro.Type, identifierOf: (name: string) => string): string[] {
  const identifier = identifierOf(fullName);
  const header = docComment(type.doc, '');
  if (type instanceof avro.types.EnumType) {
    return [...header, `export type ${identifier} = ${type.symbols.map((symbol) => `'${symbol}'`).join(' | ')};`];
  }
  if (type instanceof avro.types.FixedType) {
    return [...header, `export type ${identifier} = Buffer;`];
  }
  if (!(type instanceof avro.types.RecordType)) throw new Error(`${fullName} is not a record, enum or fixed`);
  return [
    ...header,
    `export interface ${identifier} {`,
    ...type.fields.flatMap((field) => [
      ...docComment((field as avro.types.Field & { doc?: string }).doc, '  '),
      `  ${field.name}: ${renderTypeReference(field.type, identifierOf)};`,
    ]),
    '}',
  ];
}

function renderTypeReference(type: avro.Type, identifierOf: (name: string) => string): string {
  if (type.name !== undefined) return identifierOf(type.name);
  if (type instanceof avro.types.LogicalType) return renderTypeReference(type.underlyingType, identifierOf);
  if (type instanceof avro.types.ArrayType) return `Array<${renderTypeReference(type.itemsType, identifierOf)}>`;
  if (type instanceof avro.types.MapType) {
    return `Record<string, ${renderTypeReference(type.valuesType as avro.Type, identifierOf)}>`;
  }
  if (type instanceof avro.types.UnwrappedUnionType) {
    return type.types.map((branch) => renderTypeReference(branch, identifierOf)).join(' | ');
  }
  if (type instanceof avro.types.WrappedUnionType) {
    // avsc wraps each non-null branch in an object keyed by the branch's name (Avro JSON encoding).
    return type.types
      .map((branch) =>
        branch.typeName === 'null'
          ? 'null'
          : `{ '${branch.branchName ?? branch.typeName}': ${renderTypeReference(branch, identifierOf)} }`,
      )
      .join(' | ');
  }
  switch (type.typeName) {
    case 'null':
      return 'null';
    case 'boolean':
      return 'boolean';
    case 'int':
    case 'long':
    case 'float':
    case 'double':
      return 'number';
    case 'bytes':
      return 'Buffer';
    case 'string':
      return 'string';
    default:
      throw new Error(`no TypeScript rendering for Avro type ${type.typeName}`);
  }
}
