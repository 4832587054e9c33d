import { resolve } from 'node:path';
import { repositoryRoot } from '@vz/core';

/** The local platform's command line. The harness runs it as a process: libs never import a deployable. */
export const localPlatformCli = resolve(repositoryRoot, 'deploy/local/src/cli.ts');
