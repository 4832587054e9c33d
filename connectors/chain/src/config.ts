import { type EnvSource, loadConfig, loggingConfigSchema, observabilityConfigSchema } from '@vz/core';
import { kafkaConfigSchema } from '@vz/kafka';
import { z } from 'zod';

/** The chain connector's configuration, from `VZ_*` environment variables (e.g. `VZ_CHAIN_RPC_URL`). */
export const chainConnectorConfigSchema = z.object({
  logging: loggingConfigSchema.prefault({}),
  http: observabilityConfigSchema.prefault({}),
  kafka: kafkaConfigSchema,
  chain: z
    .object({
      /** JSON-RPC endpoint of the node. */
      rpcUrl: z.url(),
      /** The deployed contracts' addresses (`contracts.json` written by the deployment, @vz/contracts' schema). */
      contractsFile: z.string().min(1),
      /** Private key of the operator (the platform's working roles); required when the executor runs. */
      operatorKey: z
        .string()
        .regex(/^0x[0-9a-fA-F]{64}$/, 'a private key (0x and 64 hex digits)')
        .optional(),
      /**
       * Blocks the listener stays behind the head: a block is read once `confirmations` blocks are on top of it.
       * Local anvil: 2. Production: what the chain's finality needs, e.g. Ethereum mainnet 64 (two epochs, finalized),
       * Polygon PoS 256 (or its finalized tag), an OP-stack L2 its L1 finality; a deeper reorg stops the listener.
       */
      confirmations: z.number().int().min(0).max(10_000).default(2),
      /** Pause between polls of the head when the listener has caught up. */
      pollIntervalMs: z.number().int().min(10).default(1_000),
      /** Most blocks one eth_getLogs call (and one Kafka transaction) spans; providers cap it (often 2 000 to 10 000). */
      blockChunk: z.number().int().min(1).max(100_000).default(2_000),
      /** ISO currency of the charging token's minor units (it has 0 decimals: 1 token = 1 minor unit). */
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, 'an ISO 4217 code')
        .default('EUR'),
      /** Prefix of every topic and application (consumer group) name: tests point the deployable at their own topics. */
      topicPrefix: z.string().default(''),
      /** Stable name of this instance (static group membership and transactional ids). */
      instanceId: z.string().min(1).default('chain-0'),
      /** Whether this process executes commands (settle, mint, anchor, payment orders, registry mirror). */
      executorEnabled: z.boolean().default(true),
      /** Whether this process publishes the contracts' events. */
      listenerEnabled: z.boolean().default(true),
      /** The endpoint the StationRegistry records for every mirrored station (e.g. the central system's OCPP URL). */
      stationEndpoint: z.string().default(''),
      /** Whether this process orders the refund of locks left open past their expiry (the lock sweeper). */
      sweeperEnabled: z.boolean().default(true),
      /** How long the executor waits for a sent transaction to be mined before retrying the command. */
      receiptTimeoutMs: z.number().int().min(1_000).default(60_000),
      /**
       * How long a command waiting for a prerequisite is retried before it is reported: a settlement for an asset not
       * registered on chain yet, a refund the chain does not see expired yet, a station whose owner is not published.
       */
      prerequisiteWaitMs: z.number().int().min(0).default(120_000),
    })
    .refine((chain) => !chain.executorEnabled || chain.operatorKey !== undefined, {
      message: 'VZ_CHAIN_OPERATOR_KEY is required when the executor runs (VZ_CHAIN_EXECUTOR_ENABLED)',
      path: ['operatorKey'],
    }),
});
export type ChainConnectorConfig = z.output<typeof chainConnectorConfigSchema>;

export function loadChainConnectorConfig(env: EnvSource = process.env): ChainConnectorConfig {
  return loadConfig(chainConnectorConfigSchema, env);
}
