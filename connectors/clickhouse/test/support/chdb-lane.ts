import { afterAll, beforeAll } from '@jest/globals';
import { chdbExecutor, type ChdbExecutor } from './chdb-executor.ts';

/** For a spec file: opens chdb before its tests and closes it after; call the returned function inside a test. */
export function chdbLane(): () => ChdbExecutor {
  let executor: ChdbExecutor | undefined;
  beforeAll(() => {
    executor = chdbExecutor();
  });
  afterAll(async () => {
    await executor?.close();
  });
  return () => {
    if (!executor) throw new Error('chdb is not open: call chdbLane() at the top of a describe or spec file');
    return executor;
  };
}
