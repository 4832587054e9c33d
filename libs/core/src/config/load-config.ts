import { closest } from 'fastest-levenshtein';
import { z } from 'zod';
import { ConfigError } from '../errors/errors.ts';

/**
 * Configuration is a zod object schema; each leaf is fed from one environment variable named after its path:
 * `{ kafka: { bootstrapServers } }` reads `VZ_KAFKA_BOOTSTRAP_SERVERS`. Leaves are written as plain zod types
 * (number, boolean, array of strings...) and the loader turns the environment string into that type first, so a
 * schema reads like the configuration it describes. Any `VZ_*` variable the schema does not know is refused, because
 * a misspelt key silently falling back to a default is the worst kind of configuration bug.
 */
export const ENV_PREFIX = 'VZ_';

type Leaf = { envKey: string; path: string[]; schema: z.ZodType };

export type EnvSource = Record<string, string | undefined>;

export function envKeyOf(path: readonly string[], prefix = ENV_PREFIX): string {
  return prefix + path.map((segment) => segment.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('_');
}

/** Strips optional/default/nullable wrappers to find what kind of value a leaf holds. */
function innermost(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = current.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if (
      (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') &&
      def.innerType
    ) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      current = def.in;
    } else {
      return current;
    }
  }
}

function leavesOf(schema: z.ZodObject, path: string[] = []): Leaf[] {
  return Object.entries(schema.shape).flatMap(([name, child]) => {
    const childPath = [...path, name];
    const inner = innermost(child as z.ZodType);
    if (inner instanceof z.ZodObject) return leavesOf(inner, childPath);
    return [{ envKey: envKeyOf(childPath), path: childPath, schema: child as z.ZodType }];
  });
}

/** Turns the environment string into the leaf's type; leaves it as is when it does not parse, so zod names the problem. */
function fromEnvString(raw: string, leaf: z.ZodType): unknown {
  const kind = innermost(leaf).def.type;
  switch (kind) {
    case 'number':
    case 'int': {
      const trimmed = raw.trim();
      return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : raw;
    }
    case 'boolean':
      if (/^(true|1|yes|on)$/i.test(raw.trim())) return true;
      if (/^(false|0|no|off)$/i.test(raw.trim())) return false;
      return raw;
    case 'array':
      return raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    default:
      return raw;
  }
}

/** The object at `path` below `root`, created (with its parents) when missing. */
function sectionAt(root: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  let node = root;
  for (const segment of path) node = (node[segment] ??= {}) as Record<string, unknown>;
  return node;
}

/** The environment variables a schema reads, for documentation and `--help` output. */
export function configKeys(schema: z.ZodObject): string[] {
  return leavesOf(schema).map((leaf) => leaf.envKey);
}

export function loadConfig<Schema extends z.ZodObject>(schema: Schema, env: EnvSource = process.env): z.output<Schema> {
  const leaves = leavesOf(schema);
  const known = leaves.map((leaf) => leaf.envKey);
  const problems: string[] = [];

  for (const key of Object.keys(env)
    .filter((name) => name.startsWith(ENV_PREFIX))
    .sort()) {
    if (!known.includes(key)) {
      const suggestion = known.length > 0 ? closest(key, known) : undefined;
      problems.push(`${key}: unknown configuration key${suggestion ? ` (did you mean ${suggestion}?)` : ''}`);
    }
  }

  // Sections always exist, so a missing required leaf is reported by its own key rather than by its section's.
  const raw: Record<string, unknown> = {};
  for (const leaf of leaves) {
    const section = sectionAt(raw, leaf.path.slice(0, -1));
    const value = env[leaf.envKey];
    if (value !== undefined) section[leaf.path[leaf.path.length - 1] as string] = fromEnvString(value, leaf.schema);
  }

  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const envKey = issue.path.length > 0 ? envKeyOf(issue.path.map(String)) : '(configuration)';
      const given = env[envKey];
      problems.push(`${envKey}: ${issue.message}${given === undefined ? '' : ` (got ${JSON.stringify(given)})`}`);
    }
  }

  if (problems.length > 0) {
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`, { details: { problems } });
  }
  return (parsed as { data: z.output<Schema> }).data;
}
