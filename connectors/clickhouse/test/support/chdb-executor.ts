import { drainPending, Session } from 'chdb';
import type { SqlExecutor } from '../../src/index.ts';

/**
 * The current-ClickHouse lane: the engine bundled in npm `chdb`, in process, on a temporary data directory. For tests
 * only (chdb is a dev dependency). libchdb binds one data directory per process, so `close` waits for
 * the engine to let go before another session may open.
 */
export interface ChdbExecutor extends SqlExecutor {
  /** The engine's version, e.g. `26.7.2.1`. */
  version(): Promise<string>;
  close(): Promise<void>;
}

export function chdbExecutor(): ChdbExecutor {
  const session = new Session();
  const rows = async <T>(sql: string): Promise<T[]> => {
    const text = (await session.queryAsync(sql, { format: 'JSONEachRow' })).text();
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as T);
  };
  return {
    command: async (sql) => {
      await session.queryAsync(sql, { format: 'TabSeparated' });
    },
    rows,
    version: async () => (await rows<{ v: string }>('SELECT version() AS v'))[0]?.v ?? 'unknown',
    close: async () => {
      session.close();
      await drainPending();
    },
  };
}
