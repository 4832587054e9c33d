import { join } from 'node:path';
import { repositoryRoot, type LocalConfig } from '../config.ts';
import { endpointsOf } from '../endpoints.ts';
import type { Part, PartContext } from './part.ts';

/**
 * One of the platform's own deployables as a part: `node <entry>` configured by VZ_* variables, started after the
 * infrastructure and the topic catalog, healthy when its `/health/ready` says so.
 */
export function deployablePart(spec: {
  name: string;
  title: string;
  /** Entry point, relative to the repository. */
  entry: string;
  ports: (config: LocalConfig) => Record<string, number>;
  httpPort: (config: LocalConfig) => number;
  env: (context: PartContext) => Record<string, string>;
  /** Command-line arguments, for deployables configured by flags rather than VZ_* variables. */
  args?: (context: PartContext) => string[];
  prepare?: (context: PartContext) => Promise<void>;
  /** A source of traffic, stopped before the other deployables (see `Part.stopsFirst`). */
  stopsFirst?: true;
}): Part {
  return {
    name: spec.name,
    title: spec.title,
    prerequisites: [],
    after: 'catalog',
    ...(spec.stopsFirst ? { stopsFirst: true as const } : {}),
    ports: spec.ports,
    prepare: spec.prepare ?? (async () => undefined),
    launch: (context) => ({
      command: process.execPath,
      // The data folder on the command line is the marker by which `status` and `down` recognise the process.
      args: [join(repositoryRoot, spec.entry), ...(spec.args?.(context) ?? []), `--vz-local=${context.dataDir}`],
      env: {
        // Every deployable talks to Kafka and the registry; its own section comes from `env`.
        VZ_KAFKA_BOOTSTRAP: endpointsOf(context.config).kafka.bootstrap,
        VZ_KAFKA_REGISTRY_URL: endpointsOf(context.config).registry.confluentUrl,
        ...spec.env(context),
        VZ_HTTP_HOST: context.config.local.host,
        VZ_HTTP_PORT: String(spec.httpPort(context.config)),
      },
    }),
    health: async ({ config }) => {
      const response = await fetch(`http://${config.local.host}:${spec.httpPort(config)}/health/ready`);
      return { healthy: response.ok, detail: response.ok ? 'ready' : `HTTP ${response.status}` };
    },
  };
}
