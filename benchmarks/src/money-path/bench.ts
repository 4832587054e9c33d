import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Admin, compatibilityPartitioner, Producer } from '@platformatic/kafka';
import { createLogger, type Logger } from '@vz/core';
import { applyCatalog, type KafkaConfig } from '@vz/kafka';
import { bindRegistryTopics } from '@vz/registry';
import {
  AvroCodec,
  type ChainTransaction,
  type ChargerEvent,
  type ChargingSession,
  loadSchemaSet,
  type PaymentCommand,
  SchemaRegistryClient,
  type Settlement,
  type SettlementReview,
  type TopicCodec,
  type TopicSpec,
  topics,
} from '@vz/schemas';
import { anvilBinary, freePort } from '@vz/testing';
import { JsonRpcProvider } from 'ethers';
import { localKafka } from '../local-kafka.ts';
import { firstDriverAccount, type MoneyPathSettings } from './settings.ts';
import { TopicWatch } from './topic-watch.ts';

async function bindTopics(codec: AvroCodec, prefix: string) {
  const bind = <Value>(spec: TopicSpec) => codec.bind<Value>(`${prefix}${spec.name}`, spec.valueSchema);
  return {
    registry: await bindRegistryTopics(bind),
    paymentCommands: await bind<PaymentCommand>(topics.paymentCommands),
    settlements: await bind<Settlement>(topics.billingSettlements),
    transactions: await bind<ChainTransaction>(topics.chainTransactions),
    chargerEvents: await bind<ChargerEvent>(topics.chargerEvents),
    sessions: await bind<ChargingSession>(topics.chargingSessions),
    latestSessions: await bind<ChargingSession>(topics.chargingSessionsLatest),
    reviews: await bind<SettlementReview>(topics.billingSettlementReviews),
  };
}

export type BenchTopics = Awaited<ReturnType<typeof bindTopics>>;

interface BenchParts {
  settings: MoneyPathSettings;
  kafka: KafkaConfig;
  prefix: string;
  logDir: string;
  codec: AvroCodec;
  topics: BenchTopics;
  producer: Producer;
  anvil: ChildProcess;
  rpcUrl: string;
  provider: JsonRpcProvider;
}

/**
 * What the benchmark runs on: a fresh topic prefix with the whole catalog on the local platform's Kafka and schema
 * registry, a producer, an anvil of its own. `close()` stops whatever was started on it, anvil last, and deletes the
 * prefixed topics unless `keepTopics`.
 */
export class MoneyBench {
  readonly settings: MoneyPathSettings;
  readonly kafka: KafkaConfig;
  readonly prefix: string;
  readonly logDir: string;
  readonly logger: Logger = createLogger('bench-money', { level: 'warn' });
  readonly codec: AvroCodec;
  readonly topics: BenchTopics;
  readonly producer: Producer;
  readonly anvil: ChildProcess;
  readonly rpcUrl: string;
  readonly provider: JsonRpcProvider;
  /** Run at close, last added first. */
  readonly stoppers: (() => Promise<void>)[] = [];
  readonly #watches: TopicWatch<unknown>[] = [];
  readonly #processes: ChildProcess[] = [];

  private constructor(parts: BenchParts) {
    this.settings = parts.settings;
    this.kafka = parts.kafka;
    this.prefix = parts.prefix;
    this.logDir = parts.logDir;
    this.codec = parts.codec;
    this.topics = parts.topics;
    this.producer = parts.producer;
    this.anvil = parts.anvil;
    this.rpcUrl = parts.rpcUrl;
    this.provider = parts.provider;
  }

  static async open(settings: MoneyPathSettings): Promise<MoneyBench> {
    const kafka = localKafka();
    const prefix = `bench.money.${Date.now()}.`;
    const logDir = mkdtempSync(join(tmpdir(), 'vz-bench-money-'));
    const registry = new SchemaRegistryClient(kafka.registryUrl);
    await applyCatalog({ kafka, registry, schemas: loadSchemaSet(), prefix });
    const codec = new AvroCodec(registry, loadSchemaSet());
    const topics = await bindTopics(codec, prefix);
    const producer = new Producer({
      clientId: 'vz-bench-money',
      bootstrapBrokers: [kafka.bootstrap],
      partitioner: compatibilityPartitioner,
      acks: -1,
    });
    const port = await freePort();
    const anvil = spawn(
      anvilBinary(),
      [
        ...['--host', '127.0.0.1', '--port', String(port)],
        ...['--accounts', String(firstDriverAccount + settings.driverCount), '--silent'],
      ],
      { stdio: 'ignore' },
    );
    const rpcUrl = `http://127.0.0.1:${port}`;
    const provider = new JsonRpcProvider(rpcUrl, 31337, {
      staticNetwork: true,
      cacheTimeout: -1,
      pollingInterval: 100,
    });
    return new MoneyBench({ settings, kafka, prefix, logDir, codec, topics, producer, anvil, rpcUrl, provider });
  }

  async produce<Value>(codecOf: TopicCodec<Value>, records: readonly { key: string; value: Value }[]): Promise<void> {
    for (let from = 0; from < records.length; from += 500) {
      await this.producer.send({
        messages: records.slice(from, from + 500).map((record) => ({
          topic: codecOf.topic,
          key: Buffer.from(record.key),
          value: codecOf.encode(record.value),
        })),
      });
    }
  }

  /** Reads `codecOf`'s topic from the start for the rest of the run. */
  async watch<Value>(codecOf: TopicCodec<Value>): Promise<TopicWatch<Value>> {
    const watch = await TopicWatch.start(this.kafka.bootstrap, codecOf);
    this.#watches.push(watch as TopicWatch<unknown>);
    return watch;
  }

  /** A child process stopped (SIGTERM, up to 15 s) at close, before anvil. */
  adopt(child: ChildProcess): void {
    this.#processes.push(child);
  }

  async anvilReady(): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.provider.getBlockNumber();
        return;
      } catch (error) {
        if (attempt > 100) throw error;
        await sleep(100);
      }
    }
  }

  async close(): Promise<void> {
    for (const stop of this.stoppers.reverse()) await stop().catch((error: unknown) => console.error(error));
    await Promise.all(this.#watches.map((watch) => watch.close().catch(() => undefined)));
    await this.producer.close().catch(() => undefined);
    for (const child of this.#processes) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
    }
    this.provider.destroy();
    this.anvil.kill('SIGTERM');
    if (!this.settings.keepTopics) {
      const admin = new Admin({ clientId: 'vz-bench-money-admin', bootstrapBrokers: [this.kafka.bootstrap] });
      const ours = (await admin.listTopics()).filter((topic) => topic.startsWith(this.prefix));
      if (ours.length > 0) await admin.deleteTopics({ topics: ours });
      await admin.close();
    }
  }
}
