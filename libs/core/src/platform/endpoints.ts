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
  chain: z.object({
    rpcUrl: z.url(),
    chainId: z.number().int(),
    /** Absolute path of the deployed contracts' addresses (`ContractAddresses` of @vz/contracts). */
    contractsFile: z.string(),
    /** Private key of the account holding the contracts' working roles (a public anvil key on the local chain). */
    operatorKey: z.string(),
  }),
  mqtt: z.object({ url: z.string(), user: z.string(), password: z.string() }),
});

export type PlatformEndpoints = z.output<typeof platformEndpointsSchema>;
