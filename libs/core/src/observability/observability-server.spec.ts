import { afterEach, describe, expect, it } from '@jest/globals';
import { Counter } from 'prom-client';
import { createMetricsRegistry, startObservabilityServer, type ObservabilityServer } from './observability-server.ts';

let server: ObservabilityServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('observability server', () => {
  it('serves liveness, readiness with the failing check named, and Prometheus metrics', async () => {
    const registry = createMetricsRegistry('unit');
    new Counter({ name: 'vz_unit_records_total', help: 'records seen', registers: [registry] }).inc(3);
    let brokerUp = false;
    server = await startObservabilityServer({
      config: { host: '127.0.0.1', port: 0 },
      registry,
      readiness: {
        broker: async () => ({ healthy: brokerUp, detail: brokerUp ? 'ok' : 'no connection' }),
        explodes: async () => {
          throw new Error('check crashed');
        },
      },
    });

    expect((await fetch(`${server.url}/health/live`)).status).toBe(200);

    const notReady = await fetch(`${server.url}/health/ready`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      healthy: false,
      checks: {
        broker: { healthy: false, detail: 'no connection' },
        explodes: { healthy: false, detail: 'check crashed' },
      },
    });

    brokerUp = true;
    const metrics = await fetch(`${server.url}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('vz_unit_records_total{service="unit"} 3');
    expect(text).toContain('vz_process_cpu_seconds_total');

    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });
});
