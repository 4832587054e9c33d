import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PrerequisiteError } from '@vz/core';

/** A program the local platform needs from the machine, and the Debian package that provides it. */
export interface Prerequisite {
  program: string;
  /** Absolute path, or a name looked up on PATH. */
  path: string;
  debianPackage: string;
}

export const java: Prerequisite = { program: 'java (17+)', path: 'java', debianPackage: 'openjdk-17-jre-headless' };
export const maven: Prerequisite = { program: 'mvn', path: 'mvn', debianPackage: 'maven' };
export const clickhouseServer: Prerequisite = {
  program: 'clickhouse-server',
  path: '/usr/sbin/clickhouse-server',
  debianPackage: 'clickhouse-server',
};
export const mosquitto: Prerequisite = {
  program: 'mosquitto',
  path: '/usr/sbin/mosquitto',
  debianPackage: 'mosquitto',
};
export const mosquittoPasswd: Prerequisite = {
  program: 'mosquitto_passwd',
  path: 'mosquitto_passwd',
  debianPackage: 'mosquitto',
};

function isAvailable(prerequisite: Prerequisite): boolean {
  if (prerequisite.path.startsWith('/')) return existsSync(prerequisite.path);
  try {
    execFileSync('sh', ['-c', `command -v ${prerequisite.path}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Checks them all and throws one error that says everything to install, rather than failing one at a time. */
export function assertPrerequisites(prerequisites: readonly Prerequisite[]): void {
  const unique = [...new Map(prerequisites.map((item) => [item.path, item])).values()];
  const missing = unique.filter((item) => !isAvailable(item));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((item) => item.debianPackage))].join(' ');
  throw new PrerequisiteError(
    `missing on this machine: ${missing.map((item) => item.program).join(', ')}.\n` +
      `Install with: apt-get update && apt-get install -y ${packages}\n` +
      `(deploy/local/bin/bootstrap does this when run as root)`,
    { details: { missing: missing.map((item) => item.program), packages } },
  );
}
