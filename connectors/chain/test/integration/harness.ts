import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '@platformatic/kafka';
import { type ContractAddresses, deployPlatformContracts, writeContractAddresses } from '@vz/contracts';
import type { AvroCodec, TopicCodec } from '@vz/schemas';
import { createIsolation, type Isolation, isolatedTopic, readTopic, repositoryRoot, testCodec } from '@vz/testing';
import { JsonRpcProvider, type JsonRpcSigner, Wallet } from 'ethers';
import { chainContext, platformContracts } from '../../src/chain.ts';
import { bindChainConnectorTopics, type ChainConnectorTopics } from '../../src/topics.ts';

/** One test file's chain (an anvil fork with the platform contracts deployed afresh) and topics. */
export interface ChainFixture {
  readonly isolation: Isolation;
  readonly provider: JsonRpcProvider;
  readonly rpcUrl: string;
  /** anvil account 0: admin of every contract; the tests act on chain as it (never as the operator). */
  readonly deployer: JsonRpcSigner;
  readonly operatorKey: string;
  readonly addresses: ContractAddresses;
  readonly contractsFile: string;
  /** The contracts as the deployer. */
  readonly contracts: ReturnType<typeof platformContracts>;
  readonly codec: AvroCodec;
  readonly topics: ChainConnectorTopics;
  readonly logDir: string;
  close(): Promise<void>;
}

export async function chainFixture(testFile: string): Promise<ChainFixture> {
  const isolation = await createIsolation(testFile);
  const { rpcUrl } = await isolation.chain();
  const provider = new JsonRpcProvider(rpcUrl, undefined, { cacheTimeout: -1, pollingInterval: 100 });
  const deployer = await provider.getSigner(0);
  const operatorKey = isolation.endpoints.chain.operatorKey;
  const addresses = await deployPlatformContracts(deployer, { operator: new Wallet(operatorKey).address });
  const logDir = mkdtempSync(join(tmpdir(), `vz-chain-${isolation.id}-`));
  const contractsFile = join(logDir, 'contracts.json');
  writeContractAddresses(contractsFile, addresses);
  const codec = testCodec(isolation);
  const boundTopics = await bindChainConnectorTopics((spec) => isolatedTopic(isolation, codec, spec));
  const contracts = platformContracts(chainContext(rpcUrl, addresses), deployer);
  return {
    isolation,
    provider,
    rpcUrl,
    deployer,
    operatorKey,
    addresses,
    contractsFile,
    contracts,
    codec,
    topics: boundTopics,
    logDir,
    close: async () => {
      provider.destroy();
      await isolation.close();
    },
  };
}

/** The connector as a child process (`node connectors/chain/src/main.ts`), its output in `<logDir>/<name>.log`. */
export interface ConnectorProcess {
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  readonly exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

export function startConnector(
  fixture: ChainFixture,
  name: string,
  env: Record<string, string> = {},
): ConnectorProcess {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VZ_')));
  const logFile = join(fixture.logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [join(repositoryRoot, 'connectors/chain/src/main.ts')], {
    env: {
      ...inherited,
      VZ_KAFKA_BOOTSTRAP: fixture.isolation.endpoints.kafka.bootstrap,
      VZ_KAFKA_REGISTRY_URL: fixture.isolation.endpoints.registry.confluentUrl,
      VZ_KAFKA_CLIENT_ID: `test-${fixture.isolation.id}`,
      VZ_HTTP_PORT: '0',
      VZ_LOGGING_LEVEL: 'info',
      VZ_CHAIN_RPC_URL: fixture.rpcUrl,
      VZ_CHAIN_CONTRACTS_FILE: fixture.contractsFile,
      VZ_CHAIN_OPERATOR_KEY: fixture.operatorKey,
      VZ_CHAIN_TOPIC_PREFIX: fixture.isolation.topicPrefix,
      VZ_CHAIN_INSTANCE_ID: `test-${name}`,
      VZ_CHAIN_POLL_INTERVAL_MS: '100',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    child,
    logFile,
    exited,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** The URL of the process's /health and /metrics server (it logs it once listening; VZ_HTTP_PORT is 0 in tests). */
export async function observabilityUrl(connector: ConnectorProcess, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = await readFile(connector.logFile, 'utf8').catch(() => '');
    const line = log.split('\n').find((entry) => entry.includes('"msg":"health and metrics"'));
    if (line !== undefined) return (JSON.parse(line) as { url: string }).url;
    if (Date.now() > deadline) throw new Error(`${connector.logFile}: no health and metrics URL after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Reads `expected` records of a topic (and `settleMs` more, to see duplicates), decoded. */
export async function readValues<Value>(
  fixture: ChainFixture,
  codec: TopicCodec<Value>,
  expected: number,
  options: { timeoutMs?: number; settleMs?: number; where?: (message: Message) => boolean } = {},
): Promise<Value[]> {
  const messages = await readTopic(fixture.isolation.endpoints.kafka.bootstrap, codec.topic, expected, {
    timeoutMs: 60_000,
    ...options,
  });
  return Promise.all(messages.map((message) => codec.decode(message.value, message)));
}

/** Writes records to a test topic (plain, non-transactional producer). */
export async function produce<Value>(
  fixture: ChainFixture,
  codec: TopicCodec<Value>,
  records: readonly { key: string; value: Value }[],
): Promise<void> {
  const { Producer } = await import('@platformatic/kafka');
  const producer = new Producer({
    clientId: `test-producer-${fixture.isolation.id}`,
    bootstrapBrokers: [fixture.isolation.endpoints.kafka.bootstrap],
  });
  try {
    await producer.send({
      messages: records.map((record) => ({
        topic: codec.topic,
        key: Buffer.from(record.key),
        value: codec.encode(record.value),
      })),
    });
  } finally {
    await producer.close();
  }
}
