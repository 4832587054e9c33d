import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ChainTransaction } from '@vz/schemas';
import type { MoneyBench } from './bench.ts';
import type { MoneyNetwork } from './network.ts';
import type { TopicWatch } from './topic-watch.ts';

const repository = resolve(import.meta.dirname, '../../..');

/**
 * The chain connector as a child process (`connectors/chain/src/main.ts` with `VZ_CHAIN_TOPIC_PREFIX`, as
 * connectors/chain's integration tests run it), its log, and its outcomes read on chain.transactions.
 */
export class ChainConnector {
  readonly process: ChildProcess;
  readonly log: string;
  readonly transactions: TopicWatch<ChainTransaction>;

  private constructor(process: ChildProcess, log: string, transactions: TopicWatch<ChainTransaction>) {
    this.process = process;
    this.log = log;
    this.transactions = transactions;
  }

  static async start(bench: MoneyBench, network: MoneyNetwork): Promise<ChainConnector> {
    const { kafka, prefix, settings } = bench;
    const transactions = await bench.watch(bench.topics.transactions);
    const connectorLog = join(bench.logDir, 'connector.log');
    const log = createWriteStream(connectorLog, { flags: 'a' });
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VZ_')));
    const connector = spawn(process.execPath, [join(repository, 'connectors/chain/src/main.ts')], {
      env: {
        ...inherited,
        VZ_KAFKA_BOOTSTRAP: kafka.bootstrap,
        VZ_KAFKA_REGISTRY_URL: kafka.registryUrl,
        VZ_KAFKA_CLIENT_ID: 'vz-bench-money-connector',
        VZ_HTTP_PORT: '0',
        VZ_LOGGING_LEVEL: 'info',
        VZ_CHAIN_RPC_URL: bench.rpcUrl,
        VZ_CHAIN_CONTRACTS_FILE: network.contractsFile,
        VZ_CHAIN_OPERATOR_KEY: network.operatorKey,
        VZ_CHAIN_TOPIC_PREFIX: prefix,
        VZ_CHAIN_INSTANCE_ID: 'bench-money',
        VZ_CHAIN_CONFIRMATIONS: String(settings.confirmations),
        VZ_CHAIN_POLL_INTERVAL_MS: String(settings.pollIntervalMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bench.adopt(connector);
    connector.stdout?.pipe(log);
    connector.stderr?.pipe(log);
    connector.once('exit', (code, signal) => console.error(`chain connector exited (${code ?? signal})`));
    return new ChainConnector(connector, connectorLog, transactions);
  }

  /** The outcomes of `kind` for every key, once all are read. */
  outcomes(kind: ChainTransaction['kind'], keys: ReadonlySet<string>, timeoutMs: number) {
    return this.transactions.waitFor(keys.size, (t) => t.kind === kind && keys.has(t.naturalKey), timeoutMs);
  }

  /**
   * When the connector sent each key's transactions, in order (its log: "transaction sent", key = the natural key;
   * for a lock id, the lock and then the settle), wall time with milliseconds.
   */
  sendsOf(keys: ReadonlySet<string>): Map<string, number[]> {
    const sends = new Map<string, number[]>();
    for (const line of readFileSync(this.log, 'utf8').split('\n')) {
      if (!line.includes('"msg":"transaction sent"')) continue;
      const entry = JSON.parse(line) as { key?: string; time?: string };
      if (entry.key === undefined || entry.time === undefined || !keys.has(entry.key)) continue;
      sends.set(entry.key, [...(sends.get(entry.key) ?? []), Date.parse(entry.time)]);
    }
    return sends;
  }
}
