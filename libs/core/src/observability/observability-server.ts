import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { z } from 'zod';

/** The HTTP section every deployable's configuration includes (`VZ_HTTP_HOST`, `VZ_HTTP_PORT`). Port 0 picks one. */
export const observabilityConfigSchema = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(0),
});
export type ObservabilityConfig = z.output<typeof observabilityConfigSchema>;

export interface CheckResult {
  healthy: boolean;
  detail?: string;
}
export type ReadinessCheck = () => Promise<CheckResult>;

export interface HealthReport {
  healthy: boolean;
  checks: Record<string, CheckResult>;
}

/** Runs one check; a check that throws is unhealthy, with the error's message as the detail. */
export async function runCheck(check: ReadinessCheck): Promise<CheckResult> {
  try {
    return await check();
  } catch (error) {
    return { healthy: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

/** Runs every readiness check concurrently. */
export async function runChecks(checks: Record<string, ReadinessCheck>): Promise<HealthReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckResult]> => [name, await runCheck(check)]),
  );
  return { healthy: entries.every(([, result]) => result.healthy), checks: Object.fromEntries(entries) };
}

export interface ObservabilityServer {
  readonly registry: Registry;
  readonly url: string;
  close(): Promise<void>;
}

/** A metrics registry with the process defaults (CPU, memory, event loop lag), labelled with the deployable's name. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'vz_' });
  return registry;
}

/**
 * `/health/live` (the process is running), `/health/ready` (every readiness check passes; 503 with the report
 * otherwise) and `/metrics` (Prometheus text format). Three fixed routes do not justify a web framework.
 */
export async function startObservabilityServer(options: {
  config: ObservabilityConfig;
  registry: Registry;
  readiness: Record<string, ReadinessCheck>;
}): Promise<ObservabilityServer> {
  const { config, registry, readiness } = options;
  const server: Server = createServer((request, response) => {
    const respond = (status: number, contentType: string, body: string): void => {
      response.writeHead(status, { 'content-type': contentType }).end(body);
    };
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') return respond(405, 'text/plain', 'only GET is served here\n');
    switch (path) {
      case '/health/live':
        return respond(200, 'application/json', JSON.stringify({ healthy: true }));
      case '/health/ready':
        void runChecks(readiness).then((report) =>
          respond(report.healthy ? 200 : 503, 'application/json', JSON.stringify(report)),
        );
        return;
      case '/metrics':
        void registry.metrics().then(
          (text) => respond(200, registry.contentType, text),
          (error: unknown) => respond(500, 'text/plain', `metrics failed: ${String(error)}\n`),
        );
        return;
      default:
        return respond(404, 'text/plain', 'not found; try /health/live, /health/ready or /metrics\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    registry,
    url: `http://${config.host}:${address.port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
