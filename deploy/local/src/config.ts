import { resolve } from 'node:path';
import { loadConfig, loggingConfigSchema, repositoryRoot, type EnvSource } from '@vz/core';
import { z } from 'zod';

const port = (defaultPort: number) => z.number().int().min(1).max(65535).default(defaultPort);

export { repositoryRoot };

const privateKey = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'a private key (0x and 64 hex digits)');

/** anvil's well-known development accounts 0 and 1 (mnemonic "test test ... junk"): public, local chain only. */
const ANVIL_ACCOUNT_0_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const ANVIL_ACCOUNT_1_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';

/**
 * The local platform's configuration (`VZ_LOCAL_*`). Default ports sit away from the services this kind of machine
 * already runs (PostgreSQL 5432, MariaDB 3306, Redis 6379, RabbitMQ 5672, Mosquitto 1883, NATS 4222).
 */
export const localConfigSchema = z.object({
  log: loggingConfigSchema,
  local: z.object({
    /** Downloads (Kafka jars, the registry distribution); kept across `down`, safe to delete. */
    cacheDir: z.string().default(resolve(repositoryRoot, '.vz/cache')),
    /** Every part's data, logs and pid file; delete it (after `down`) to start from nothing. */
    dataDir: z.string().default(resolve(repositoryRoot, '.vz/data')),
    host: z.literal('127.0.0.1').default('127.0.0.1'),
    kafka: z.object({
      port: port(19092),
      partnerPort: port(19093),
      controllerPort: port(19094),
      heapMb: z.number().int().min(256).default(1024),
      /** Password of the SCRAM super user "admin" on the partner listener, set when the storage is formatted. */
      adminPassword: z.string().min(8).default('admin-secret'),
    }),
    registry: z.object({
      port: port(18081),
      managementPort: port(18082),
      heapMb: z.number().int().min(256).default(512),
    }),
    clickhouse: z.object({
      httpPort: port(18123),
      tcpPort: port(19000),
      password: z.string().min(1).default('vz'),
      analystPassword: z.string().min(1).default('analyst'),
    }),
    chain: z.object({
      port: port(18545),
      chainId: z.number().int().min(1).default(31337),
      /**
       * Deploys the contracts on first start and is admin of each. Defaults to anvil's development account 0: a public
       * test key (printed by every anvil), for the local chain only, never for a chain with anything of value on it.
       */
      deployerKey: privateKey.default(ANVIL_ACCOUNT_0_KEY),
      /** Holds the working roles (settler, rewards, anchorer, registrar, minter): anvil's public account 1 key. */
      operatorKey: privateKey.default(ANVIL_ACCOUNT_1_KEY),
    }),
    mqtt: z.object({
      port: port(11883),
      password: z.string().min(1).default('vz'),
    }),
    /** The OCPP central system (connectors/ocpp): chargers connect to `ws://127.0.0.1:<port>/ocpp/<charger id>`. */
    ocpp: z.object({
      port: port(18180),
      httpPort: port(18190),
    }),
    /** The MQTT plug bridge (connectors/mqtt): its health and metrics port. */
    mqttBridge: z.object({
      httpPort: port(18191),
    }),
    /** The sessions processor (streams/sessions): its health and metrics port. */
    sessions: z.object({
      httpPort: port(18193),
    }),
    /** The settlements processor (streams/settlements): its health and metrics port. */
    settlements: z.object({
      httpPort: port(18194),
    }),
    /** The rewards processors (streams/rewards): their health and metrics port. */
    rewards: z.object({
      httpPort: port(18195),
    }),
    /** The chain connector (connectors/chain): its health and metrics port. */
    chainConnector: z.object({
      httpPort: port(18196),
    }),
    /** The anchoring worker (streams/anchoring): its health and metrics port, and how often a batch closes. */
    anchoring: z.object({
      httpPort: port(18197),
      /** Locally a batch closes within 10 s, so `npm start` shows roots on chain soon (production: a minute or more). */
      maxAgeMs: z.number().int().min(100).default(10_000),
      maxLeaves: z.number().int().min(1).default(10_000),
    }),
    /** The Kafka → ClickHouse sink (connectors/clickhouse): its health and metrics port. */
    clickhouseSink: z.object({
      httpPort: port(18198),
    }),
    /** The demo fleet (apps/simulator) that `npm start` runs against the central system. */
    simulator: z.object({
      chargers: z.number().int().min(0).max(10_000).default(10),
      /** Fraction of the chargers speaking OCPP 2.0.1; the others speak 1.6J. */
      share201: z.number().min(0).max(1).default(0.5),
      meterIntervalMs: z.number().int().min(100).default(10_000),
      /** The Basic auth password of the demo stations (OCPP Security Profile 1: at least 16 characters). */
      stationPassword: z.string().min(16).default('vz-demo-station-password'),
      /** MQTT plugs of the demo fleet; each connects to Mosquitto with its own user (its plug id). */
      plugs: z.number().int().min(0).max(1_000).default(4),
      plugPrefix: z.string().min(1).max(20).default('SIM-PLUG-'),
      plugPassword: z.string().min(8).default('vz-demo-plug-password'),
      httpPort: port(18192),
    }),
    /** Seconds each part may take to become healthy before `up` gives up on it. */
    startTimeoutSeconds: z.number().int().min(5).default(180),
  }),
});

export type LocalConfig = z.output<typeof localConfigSchema>;

export function loadLocalConfig(env: EnvSource = process.env): LocalConfig {
  return loadConfig(localConfigSchema, env);
}
