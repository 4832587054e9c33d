import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { Admin } from '@platformatic/kafka';
import type { PlatformEndpoints } from '@vz/core';
import { startIsolatedChain, type IsolatedChain } from './chain.ts';
import { platformEndpoints } from './endpoints.ts';

/**
 * What one integration test file gets to itself so files can run in parallel against one platform: a topic prefix,
 * a ClickHouse database (created here, dropped by `close`), and, on request, a fresh fork of the chain.
 */
export interface Isolation {
  /** Short, unique per file and per run; safe in topic names, group ids and SQL identifiers. */
  id: string;
  topicPrefix: string;
  clickhouseDatabase: string;
  endpoints: PlatformEndpoints;
  /** Creates `<topicPrefix><name>` with this many partitions (one replica) and returns its full name. */
  createTopic(name: string, partitions?: number): Promise<string>;
  /** Starts (once) and returns this file's own chain. */
  chain(): Promise<IsolatedChain>;
  close(): Promise<void>;
}

export function isolationId(testFile: string): string {
  const stem = basename(testFile)
    .replace(/\.spec\.ts$/, '')
    .replace(/[^a-z0-9]+/gi, '_')
    .toLowerCase()
    .slice(0, 24);
  return `${stem}_${randomBytes(3).toString('hex')}`;
}

/** Runs a statement as the platform's ClickHouse user (POST: ClickHouse runs GET requests read-only). */
async function clickhouseCommand(endpoints: PlatformEndpoints, sql: string): Promise<void> {
  const response = await fetch(endpoints.clickhouse.url, {
    method: 'POST',
    headers: { 'X-ClickHouse-User': endpoints.clickhouse.user, 'X-ClickHouse-Key': endpoints.clickhouse.password },
    body: sql,
  });
  if (!response.ok) throw new Error(`ClickHouse refused ${sql}: ${await response.text()}`);
}

/** Call in `beforeAll` with the test file's path (`import.meta.filename`), and `close` it in `afterAll`. */
export async function createIsolation(testFile: string): Promise<Isolation> {
  const endpoints = platformEndpoints();
  const id = isolationId(testFile);
  const clickhouseDatabase = `test_${id}`;
  await clickhouseCommand(endpoints, `CREATE DATABASE IF NOT EXISTS ${clickhouseDatabase}`);
  let chain: Promise<IsolatedChain> | undefined;
  return {
    id,
    topicPrefix: `test.${id}.`,
    clickhouseDatabase,
    endpoints,
    createTopic: async (name, partitions = 1) => {
      const topic = `test.${id}.${name}`;
      const admin = new Admin({ clientId: `test-admin-${id}`, bootstrapBrokers: [endpoints.kafka.bootstrap] });
      try {
        await admin.createTopics({ topics: [topic], partitions, replicas: 1 });
      } finally {
        await admin.close();
      }
      return topic;
    },
    chain: () => (chain ??= startIsolatedChain(endpoints.chain.rpcUrl)),
    close: async () => {
      await Promise.all([
        clickhouseCommand(endpoints, `DROP DATABASE IF EXISTS ${clickhouseDatabase}`),
        chain?.then((started) => started.stop()),
      ]);
    },
  };
}
