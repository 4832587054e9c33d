import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  Admin,
  Consumer,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  stringDeserializers,
  stringSerializers,
} from '@platformatic/kafka';
import type { CheckResult } from '@vz/core';
import { repositoryRoot, type LocalConfig } from '../config.ts';
import { ensureDownloaded, runMaven } from '../maven.ts';
import { java, maven } from '../prerequisites.ts';
import { renderTemplate, type Part, type PartContext } from './part.ts';
import { ConfigError, InternalError } from '@vz/core';

const execFileAsync = promisify(execFile);

export const KAFKA_VERSION = '3.9.1';
const templates = join(repositoryRoot, 'deploy/local/templates/kafka');
const HEALTH_TOPIC = '__vz_local_health';

export function kafkaLibsDir(cacheDir: string): string {
  return join(cacheDir, `kafka-${KAFKA_VERSION}`, 'libs');
}

export function kafkaBootstrap(config: LocalConfig): string {
  return `${config.local.host}:${config.local.kafka.port}`;
}

export function kafkaPartnerBootstrap(config: LocalConfig): string {
  return `${config.local.host}:${config.local.kafka.partnerPort}`;
}

function configFile(dataDir: string, name: string): string {
  return join(dataDir, 'config', name);
}

/** Runs one of Kafka's Java command-line tools (StorageTool, ConfigCommand...) from the downloaded jars. */
export async function runKafkaTool(cacheDir: string, mainClass: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(
      'java',
      ['-Xmx256m', '-Dlog4j.configuration=file:/dev/null', '-cp', `${kafkaLibsDir(cacheDir)}/*`, mainClass, ...args],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new InternalError(`${mainClass} ${args.join(' ')} failed:\n${[stdout, stderr].filter(Boolean).join('\n')}`, {
      cause: error,
    });
  }
}

/**
 * Creates or updates a SCRAM-SHA-512 user for the partner listener. KafkaJS has no AlterUserScramCredentials
 * (KIP-554), so this goes through Kafka's own ConfigCommand.
 */
export async function upsertScramUser(config: LocalConfig, user: string, password: string): Promise<void> {
  if (!/^[A-Za-z0-9._-]+$/.test(user)) throw new ConfigError(`invalid SCRAM user name: ${JSON.stringify(user)}`);
  if (/[,=\]\[]/.test(password)) throw new ConfigError('a SCRAM password may not contain , = [ or ]');
  await runKafkaTool(config.local.cacheDir, 'kafka.admin.ConfigCommand', [
    '--bootstrap-server',
    kafkaBootstrap(config),
    '--alter',
    '--add-config',
    `SCRAM-SHA-512=[iterations=8192,password=${password}]`,
    '--entity-type',
    'users',
    '--entity-name',
    user,
  ]);
}

async function prepare(context: PartContext): Promise<void> {
  const { config, dataDir, cacheDir } = context;
  const libs = kafkaLibsDir(cacheDir);
  await ensureDownloaded(libs, `Apache Kafka ${KAFKA_VERSION}`, context.say, (target) =>
    runMaven([
      '-f',
      join(repositoryRoot, 'deploy/local/maven/kafka/pom.xml'),
      'dependency:copy-dependencies',
      `-DoutputDirectory=${target}`,
      '-DincludeScope=runtime',
    ]),
  );

  const values = {
    DATA_DIR: dataDir,
    PORT: config.local.kafka.port,
    PARTNER_PORT: config.local.kafka.partnerPort,
    CONTROLLER_PORT: config.local.kafka.controllerPort,
  };
  mkdirSync(join(dataDir, 'config'), { recursive: true });
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  for (const name of ['server.properties', 'log4j.properties']) {
    writeFileSync(configFile(dataDir, name), renderTemplate(readFileSync(join(templates, name), 'utf8'), values));
  }

  if (!existsSync(join(dataDir, 'log', 'meta.properties'))) {
    // A KRaft cluster id is a base64url-encoded 16-byte UUID (what `kafka-storage random-uuid` prints).
    const clusterId = randomBytes(16).toString('base64url');
    context.say(`formatting Kafka storage (cluster ${clusterId})`);
    await runKafkaTool(cacheDir, 'kafka.tools.StorageTool', [
      'format',
      // One argument with `=`: an id starting with '-' (1 in 64) would otherwise be read as an option.
      `--cluster-id=${clusterId}`,
      '--config',
      configFile(dataDir, 'server.properties'),
      '--add-scram',
      `SCRAM-SHA-512=[name=admin,password=${config.local.kafka.adminPassword}]`,
    ]);
  }
}

/** A real produce/consume round trip through the platform listener, not just an open port. */
async function health(context: PartContext): Promise<CheckResult> {
  const base = {
    clientId: 'vz-local-health',
    bootstrapBrokers: [kafkaBootstrap(context.config)],
    timeout: 3_000,
    retries: 1,
    retryDelay: 200,
  };
  const admin = new Admin(base);
  const producer = new Producer({ ...base, serializers: stringSerializers });
  const consumer = new Consumer({
    ...base,
    groupId: `vz-local-health-${randomUUID()}`,
    deserializers: stringDeserializers,
  });
  try {
    if (!(await admin.listTopics()).includes(HEALTH_TOPIC)) {
      await admin
        .createTopics({
          topics: [HEALTH_TOPIC],
          partitions: 1,
          replicas: 1,
          configs: [{ name: 'retention.ms', value: '3600000' }],
        })
        .catch((error: unknown) => {
          if (!/already exists/i.test(String((error as Error).message) + JSON.stringify(error))) throw error;
        });
    }
    const probe = randomUUID();
    const sent = await producer.send({
      acks: ProduceAcks.ALL,
      messages: [{ topic: HEALTH_TOPIC, partition: 0, value: probe }],
    });
    const offset = sent.offsets?.[0]?.offset ?? 0n;
    const stream = await consumer.consume({
      topics: [HEALTH_TOPIC],
      mode: MessagesStreamModes.MANUAL,
      offsets: [{ topic: HEALTH_TOPIC, partition: 0, offset }],
      autocommit: false,
      maxWaitTime: 500,
    });
    const received = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 10_000);
      stream.on('data', (message: { value: string }) => {
        if (message.value === probe) {
          clearTimeout(timer);
          resolve(true);
        }
      });
    });
    return received
      ? { healthy: true, detail: `round trip at offset ${offset}` }
      : { healthy: false, detail: 'produced but did not consume the probe within 10 s' };
  } finally {
    await Promise.allSettled([consumer.close(true), producer.close(), admin.close()]);
  }
}

export const kafkaPart: Part = {
  name: 'kafka',
  title: `Apache Kafka ${KAFKA_VERSION} (KRaft)`,
  prerequisites: [java, maven],
  ports: (config) => ({
    plaintext: config.local.kafka.port,
    'sasl-scram': config.local.kafka.partnerPort,
    controller: config.local.kafka.controllerPort,
  }),
  prepare,
  launch: ({ config, dataDir, cacheDir }) => ({
    command: 'java',
    args: [
      `-Xms${Math.min(512, config.local.kafka.heapMb)}m`,
      `-Xmx${config.local.kafka.heapMb}m`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      `-Dlog4j.configuration=file:${configFile(dataDir, 'log4j.properties')}`,
      `-Dkafka.logs.dir=${join(dataDir, 'logs')}`,
      '-cp',
      `${kafkaLibsDir(cacheDir)}/*`,
      'kafka.Kafka',
      configFile(dataDir, 'server.properties'),
    ],
  }),
  health,
};
