import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadSchemaSet, type SchemaSet } from '@vz/schemas';

const avroPath = 'schemas/avro';

function git(repository: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repository, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/**
 * The revision to compare schemas with when none is named (`--against git:auto`): HEAD when the working tree has
 * uncommitted schema changes; otherwise the parent of the last commit that changed schemas, so a clean checkout
 * (CI) checks the latest schema change against what came before it. Undefined when schemas never changed before.
 */
export function automaticBaseline(repository: string): string | undefined {
  if (git(repository, 'status', '--porcelain', '--', avroPath) !== '') return 'HEAD';
  const [lastChange] = git(repository, 'log', '-n', '1', '--format=%H', '--', avroPath).split('\n');
  if (lastChange === undefined || lastChange === '') return undefined;
  try {
    return git(repository, 'rev-parse', '--verify', '--quiet', `${lastChange}^`);
  } catch {
    return undefined; // the first commit of the repository
  }
}

/** The schemas as they were at a revision, or undefined when that revision had none. */
export function schemaSetAtRevision(repository: string, revision: string): SchemaSet | undefined {
  const files = git(repository, 'ls-tree', '-r', '--name-only', revision, '--', avroPath)
    .split('\n')
    .filter((path) => path.endsWith('.avsc'));
  if (files.length === 0) return undefined;
  const directory = mkdtempSync(join(tmpdir(), 'vz-schemas-'));
  try {
    for (const file of files) {
      const target = join(directory, file.slice(avroPath.length + 1));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, git(repository, 'show', `${revision}:${file}`));
    }
    return loadSchemaSet(directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
