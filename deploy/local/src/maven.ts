import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { InternalError } from '@vz/core';

const execFileAsync = promisify(execFile);

/**
 * Downloads go through Maven so they come from Maven Central (the one artifact source these machines reach) and land
 * in ~/.m2 too: a fresh clone on the same machine then fetches nothing. A `.complete` marker makes a download that was
 * interrupted start over instead of leaving a half-filled folder that looks done.
 */
export async function ensureDownloaded(
  targetDir: string,
  description: string,
  say: (message: string) => void,
  download: (targetDir: string) => Promise<void>,
): Promise<void> {
  const marker = join(targetDir, '.complete');
  if (existsSync(marker)) return;
  rmSync(targetDir, { recursive: true, force: true });
  mkdirSync(targetDir, { recursive: true });
  say(`downloading ${description} from Maven Central (once, into ${targetDir})`);
  await download(targetDir);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
}

export async function runMaven(args: string[], cwd?: string): Promise<void> {
  try {
    await execFileAsync('mvn', ['-B', '-q', ...args], { cwd, maxBuffer: 32 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new InternalError(
      `mvn ${args.join(' ')} failed:\n${[stdout, stderr].filter(Boolean).join('\n').slice(-4000)}`,
      {
        cause: error,
      },
    );
  }
}
