import { z } from 'zod';

/**
 * How to reach each service of a running platform: written by deploy/local (`<data>/endpoints.json`, or
 * `node deploy/local/src/cli.ts endpoints`) and read by the test harness and tools, so only deploy/local knows ports.
 */
export const platformEndpointsSchema = z.object({
  dataDir: z.string(),
  kafka: z.object({
    bootstrap: z.string(),
    partnerBootstrap: z.string(),
    adminUser: z.string(),
    adminPassword: z.string(),
  }),
  registry: z.object({ url: z.url(), confluentUrl: z.url() }),
  clickhouse: z.object({
    url: z.url(),
    user: z.string(),
    password: z.string(),
    analystUser: z.string(),
    analystPassword: z.string(),
  }),
  chain: z.object({ rpcUrl: z.url(), chainId: z.number().int() }),
  mqtt: z.object({ url: z.string(), user: z.string(), password: z.string() }),
});

export type PlatformEndpoints = z.output<typeof platformEndpointsSchema>;
