import { resolve } from 'node:path';

/** libs/testing/src is two folders below the repository root. */
export const repositoryRoot = resolve(import.meta.dirname, '../../..');

/** The local platform's command line. The harness runs it as a process: libs never import a deployable. */
export const localPlatformCli = resolve(repositoryRoot, 'deploy/local/src/cli.ts');
