import { setTimeout as sleep } from 'node:timers/promises';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { createIsolation, type Isolation } from '@vz/testing';
import { clickhouseExecutor, type SqlExecutor } from '../../src/executor.ts';

/**
 * A client for the platform's 18.16 server, as the read-write platform user or as the read-only analyst. The client's
 * own error log is off: the tests expect refusals, and the error each call throws carries the server's message.
 */
export function serverClient(isolation: Isolation, as: 'platform' | 'analyst' = 'platform'): ClickHouseClient {
  const { url, user, password, analystUser, analystPassword } = isolation.endpoints.clickhouse;
  return createClient({
    url,
    username: as === 'platform' ? user : analystUser,
    password: as === 'platform' ? password : analystPassword,
    log: { level: ClickHouseLogLevel.OFF },
  });
}

/** The 18.16 lane of one test file: its own database, and an executor as the platform user. */
export interface ServerLane {
  isolation: Isolation;
  database: string;
  client: ClickHouseClient;
  server: SqlExecutor;
  close(): Promise<void>;
}

export async function openServerLane(testFile: string): Promise<ServerLane> {
  const isolation = await createIsolation(testFile);
  const client = serverClient(isolation);
  return {
    isolation,
    database: isolation.clickhouseDatabase,
    client,
    server: clickhouseExecutor(client),
    close: async () => {
      await client.close();
      await isolation.close();
    },
  };
}

/**
 * Polls `probe` (a failing probe counts as not there yet) until it returns `expected`, compared as JSON, or the
 * deadline passes; returns its last answer for the test to assert on.
 */
export async function until<T>(probe: () => Promise<T>, expected: T, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe().catch(() => undefined);
  while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < deadline) {
    await sleep(300);
    last = await probe().catch(() => undefined);
  }
  return last as T;
}
