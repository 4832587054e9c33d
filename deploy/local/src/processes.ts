import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PrerequisiteError } from '@vz/core';

/** What `up` writes for each process it starts, so `down` stops exactly that process and nothing else. */
export interface PidRecord {
  pid: number;
  /** A string the process's command line must contain (its data folder), so a reused pid is never mistaken for ours. */
  marker: string;
  startedAt: string;
}

export function readPidRecord(file: string): PidRecord | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
}

export function writePidRecord(file: string, record: PidRecord): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(record)}\n`);
}

export function removePidRecord(file: string): void {
  rmSync(file, { force: true });
}

function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}

/**
 * Alive and not a zombie. A process we started outlives the `up` that started it and is reparented to pid 1, which in a
 * container may never reap it: a killed one then lingers as a zombie, and kill(pid, 0) would still call it alive.
 */
export function isProcessRunning(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** True when the recorded process is alive and is still the one we started (same marker in its command line). */
export function isOurProcessAlive(record: PidRecord): boolean {
  const commandLine = commandLineOf(record.pid);
  return commandLine !== undefined && commandLine.includes(record.marker) && isProcessRunning(record.pid);
}

/** SIGTERM, then SIGKILL after the grace period. Resolves once the process is gone. */
export async function stopProcess(record: PidRecord, graceMs: number): Promise<'stopped' | 'killed' | 'not running'> {
  if (!isOurProcessAlive(record)) return 'not running';
  process.kill(record.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isOurProcessAlive(record)) return 'stopped';
    await sleep(100);
  }
  process.kill(record.pid, 'SIGKILL');
  while (isOurProcessAlive(record)) await sleep(50);
  return 'killed';
}

export interface LaunchSpec {
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/**
 * Our environment for a child, without the `VZ_LOCAL_*` variables that configure the local platform itself: a
 * deployable refuses `VZ_*` keys its configuration does not know, so one started by `up` with `VZ_LOCAL_DATA_DIR` set
 * would not start.
 */
export function inheritedEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('VZ_LOCAL_')));
}

/** Starts a process in its own process group, detached from us, with stdout and stderr appended to one log file. */
export function launchDetached(spec: LaunchSpec, logFile: string): number {
  mkdirSync(dirname(logFile), { recursive: true });
  const log = openSync(logFile, 'a');
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...inheritedEnv(), ...spec.env },
      detached: true,
      stdio: ['ignore', log, log],
    });
    if (child.pid === undefined) throw new PrerequisiteError(`could not start ${spec.command}`);
    child.unref();
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** Whether something accepts TCP connections on the port. */
export function isPortOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const finish = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

export function tailOf(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .slice(-lines - 1)
      .join('\n');
  } catch {
    return '(no log)';
  }
}
