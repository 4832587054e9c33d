import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConflictError, runCheck, UnavailableError, type CheckResult, type PlatformEndpoints } from '@vz/core';
import { applyLocalCatalog } from './catalog.ts';
import type { LocalConfig } from './config.ts';
import { ensureLocalContracts } from './contracts.ts';
import { prepareDemoWallets } from './demo-wallets.ts';
import { endpointsOf } from './endpoints.ts';
import { chainPart } from './parts/chain.ts';
import { chainConnectorPart } from './parts/chain-connector.ts';
import { clickhousePart } from './parts/clickhouse.ts';
import { kafkaPart } from './parts/kafka.ts';
import { mqttPart } from './parts/mqtt.ts';
import { mqttBridgePart } from './parts/mqtt-bridge.ts';
import { ocppPart } from './parts/ocpp.ts';
import { sessionsPart } from './parts/sessions.ts';
import { settlementsPart } from './parts/settlements.ts';
import { rewardsPart } from './parts/rewards.ts';
import { anchoringPart } from './parts/anchoring.ts';
import { clickhouseSinkPart } from './parts/clickhouse-sink.ts';
import { simulatorPart } from './parts/simulator.ts';
import { partDataDir, type Part, type PartContext } from './parts/part.ts';
import { registryPart } from './parts/registry.ts';
import { assertPrerequisites } from './prerequisites.ts';
import {
  isOurProcessAlive,
  isProcessRunning,
  isPortOpen,
  launchDetached,
  readPidRecord,
  removePidRecord,
  stopProcess,
  tailOf,
  writePidRecord,
  type PidRecord,
} from './processes.ts';

export const allParts: readonly Part[] = [
  kafkaPart,
  registryPart,
  clickhousePart,
  chainPart,
  mqttPart,
  ocppPart,
  mqttBridgePart,
  sessionsPart,
  settlementsPart,
  rewardsPart,
  anchoringPart,
  clickhouseSinkPart,
  simulatorPart,
  chainConnectorPart,
];

export type ProcessState = 'running' | 'stopped' | 'stale pid file';

export interface PartStatus {
  name: string;
  title: string;
  ports: Record<string, number>;
  pid: number | undefined;
  state: ProcessState;
  health: CheckResult | undefined;
}

export interface UpResult {
  name: string;
  outcome: 'started' | 'already running';
  seconds: number;
}

const STOP_GRACE_MS = 30_000;

/** Starts, stops and reports on the local platform. Everything it knows lives in the data folder, not in memory. */
export class LocalPlatform {
  readonly parts: readonly Part[];
  readonly config: LocalConfig;
  private readonly say: (message: string) => void;

  constructor(
    config: LocalConfig,
    say: (message: string) => void = (message) => console.log(message),
    only?: readonly string[],
  ) {
    this.config = config;
    this.say = say;
    const unknown = (only ?? []).filter((name) => !allParts.some((part) => part.name === name));
    if (unknown.length > 0) {
      throw new ConflictError(
        `unknown part(s) ${unknown.join(', ')}; the parts are ${allParts.map((p) => p.name).join(', ')}`,
      );
    }
    this.parts = only && only.length > 0 ? allParts.filter((part) => only.includes(part.name)) : allParts;
  }

  get runDir(): string {
    return join(this.config.local.dataDir, 'run');
  }

  get endpointsFile(): string {
    return join(this.config.local.dataDir, 'endpoints.json');
  }

  private pidFile(part: Part): string {
    return join(this.runDir, `${part.name}.pid.json`);
  }

  private logFile(part: Part): string {
    return join(partDataDir(this.config, part.name), 'logs', 'process.log');
  }

  private contextOf(part: Part): PartContext {
    return {
      config: this.config,
      dataDir: partDataDir(this.config, part.name),
      cacheDir: this.config.local.cacheDir,
      say: (message) => this.say(`${part.name}: ${message}`),
    };
  }

  private liveRecord(part: Part): PidRecord | undefined {
    const record = readPidRecord(this.pidFile(part));
    return record && isOurProcessAlive(record) ? record : undefined;
  }

  /** Starts what is not running and waits until every part is healthy. Running parts are left alone. */
  async up(): Promise<UpResult[]> {
    assertPrerequisites(this.parts.flatMap((part) => part.prerequisites));
    return this.withLock(async () => {
      const infrastructure = this.parts.filter((part) => part.after === undefined);
      const deployables = this.parts.filter((part) => part.after === 'catalog');
      const results = await this.bringUp(infrastructure);
      const names = this.parts.map((part) => part.name);
      if (names.includes('kafka') && names.includes('registry')) await applyLocalCatalog(this.config, this.say);
      if (names.includes('chain')) {
        await ensureLocalContracts(this.config, this.say);
        if (names.includes('simulator')) await prepareDemoWallets(this.config, this.say);
      }
      results.push(...(await this.bringUp(deployables)));
      this.writeEndpoints();
      return results;
    });
  }

  /** Starts what is not running of these parts and waits until all are healthy. */
  private async bringUp(parts: readonly Part[]): Promise<UpResult[]> {
    // Preparing runs one part at a time: the downloads share Maven's local repository.
    const toStart: Part[] = [];
    for (const part of parts) {
      if (this.liveRecord(part)) continue;
      const stale = readPidRecord(this.pidFile(part));
      if (stale) {
        this.say(`${part.name}: stale pid file (pid ${stale.pid} is not running); starting it again`);
        removePidRecord(this.pidFile(part));
      }
      await this.assertPortsFree(part);
      await part.prepare(this.contextOf(part));
      toStart.push(part);
    }
    // Every part gets its chance to come up before failures are reported, so one error message covers them all.
    const settled = await Promise.allSettled(
      parts.map((part) => (toStart.includes(part) ? this.start(part) : this.awaitRunning(part))),
    );
    const failures = settled.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) {
      throw new UnavailableError(
        failures.map((failure) => (failure instanceof Error ? failure.message : String(failure))).join('\n'),
      );
    }
    return settled.map((result) => (result as PromiseFulfilledResult<UpResult>).value);
  }

  private async assertPortsFree(part: Part): Promise<void> {
    for (const [listener, port] of Object.entries(part.ports(this.config))) {
      if (await isPortOpen(this.config.local.host, port)) {
        throw new ConflictError(
          `${part.name}: port ${port} (${listener}) is already in use by a process this platform did not start; ` +
            'stop it or choose other ports with the VZ_LOCAL_* variables (see deploy/local/README.md)',
          { details: { part: part.name, port } },
        );
      }
    }
  }

  private async start(part: Part): Promise<UpResult> {
    const started = Date.now();
    const context = this.contextOf(part);
    const spec = part.launch(context);
    const pid = launchDetached(spec, this.logFile(part));
    const record: PidRecord = { pid, marker: context.dataDir, startedAt: new Date(started).toISOString() };
    writePidRecord(this.pidFile(part), record);
    context.say(`started (pid ${pid}), waiting until healthy`);
    await this.awaitHealthy(part, record, started);
    await part.configure?.(context);
    const seconds = (Date.now() - started) / 1000;
    context.say(`healthy after ${seconds.toFixed(1)} s`);
    return { name: part.name, outcome: 'started', seconds };
  }

  private async awaitRunning(part: Part): Promise<UpResult> {
    const started = Date.now();
    const record = this.liveRecord(part);
    if (!record) throw new UnavailableError(`${part.name}: stopped while another start was in progress`);
    await this.awaitHealthy(part, record, started);
    const context = this.contextOf(part);
    await part.configure?.(context);
    context.say(`already running (pid ${record.pid}) and healthy`);
    return { name: part.name, outcome: 'already running', seconds: (Date.now() - started) / 1000 };
  }

  private async awaitHealthy(part: Part, record: PidRecord, since: number): Promise<void> {
    const deadline = since + this.config.local.startTimeoutSeconds * 1000;
    let last: CheckResult = { healthy: false, detail: 'not checked yet' };
    while (Date.now() < deadline) {
      if (!isOurProcessAlive(record)) {
        removePidRecord(this.pidFile(part));
        throw new UnavailableError(
          `${part.name}: the process exited before it became healthy. Last lines of ${this.logFile(part)}:\n` +
            tailOf(this.logFile(part), 25),
        );
      }
      last = await runCheck(() => part.health(this.contextOf(part)));
      if (last.healthy) return;
      await sleep(500);
    }
    throw new UnavailableError(
      `${part.name}: not healthy after ${this.config.local.startTimeoutSeconds} s (${last.detail}). ` +
        `See ${this.logFile(part)}`,
    );
  }

  /** Stops exactly the processes `up` started, by pid, and nothing else. */
  /** The data folder of a part (its configuration, users, state). */
  dataDirOf(partName: string): string {
    return partDataDir(this.config, partName);
  }

  /** Sends SIGHUP to a running part so it rereads its configuration; false when it is not running. */
  reload(partName: string): boolean {
    const part = this.parts.find((candidate) => candidate.name === partName);
    const record = part === undefined ? undefined : this.liveRecord(part);
    if (record === undefined) return false;
    process.kill(record.pid, 'SIGHUP');
    return true;
  }

  async down(): Promise<Record<string, 'stopped' | 'killed' | 'not running'>> {
    return this.withLock(async () => {
      // In waves (Part.stopsFirst): traffic sources, then the other deployables, then the infrastructure they use.
      const waves = [
        this.parts.filter((part) => part.stopsFirst === true),
        this.parts.filter((part) => part.after === 'catalog' && part.stopsFirst !== true),
        this.parts.filter((part) => part.after === undefined && part.stopsFirst !== true),
      ];
      const outcomes: (readonly [string, 'stopped' | 'killed' | 'not running'])[] = [];
      for (const wave of waves) {
        outcomes.push(
          ...(await Promise.all(
            wave.map(async (part) => {
              const record = readPidRecord(this.pidFile(part));
              const outcome = record ? await stopProcess(record, STOP_GRACE_MS) : 'not running';
              removePidRecord(this.pidFile(part));
              if (outcome !== 'not running') this.say(`${part.name}: ${outcome} (pid ${record?.pid})`);
              return [part.name, outcome] as const;
            }),
          )),
        );
      }
      if (this.parts.length === allParts.length) rmSync(this.endpointsFile, { force: true });
      if (outcomes.every(([, outcome]) => outcome === 'not running')) this.say('nothing was running');
      return Object.fromEntries(outcomes);
    });
  }

  async status(): Promise<PartStatus[]> {
    return Promise.all(
      this.parts.map(async (part): Promise<PartStatus> => {
        const record = readPidRecord(this.pidFile(part));
        const alive = record !== undefined && isOurProcessAlive(record);
        const state: ProcessState = alive ? 'running' : record ? 'stale pid file' : 'stopped';
        const health = alive
          ? await runCheck(() => part.health(this.contextOf(part)))
          : record
            ? { healthy: false, detail: `process ${record.pid} is gone (crashed or killed); "up" starts it again` }
            : undefined;
        return { name: part.name, title: part.title, ports: part.ports(this.config), pid: record?.pid, state, health };
      }),
    );
  }

  endpoints(): PlatformEndpoints {
    return endpointsOf(this.config);
  }

  private writeEndpoints(): void {
    mkdirSync(this.config.local.dataDir, { recursive: true });
    writeFileSync(this.endpointsFile, `${JSON.stringify(this.endpoints(), null, 2)}\n`);
  }

  /**
   * One `up` or `down` at a time per data folder (the test harness and a developer may start the platform at the same
   * moment). The lock file holds the owner's pid, so a lock left by a crashed run is taken over.
   */
  private async withLock<T>(action: () => Promise<T>): Promise<T> {
    mkdirSync(this.runDir, { recursive: true });
    const lockFile = join(this.runDir, 'lock');
    const deadline = Date.now() + (this.config.local.startTimeoutSeconds + 60) * 1000;
    let waiting = false;
    for (;;) {
      try {
        writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
        break;
      } catch {
        const owner = Number(readFileSyncSafe(lockFile));
        if (!Number.isInteger(owner) || owner <= 0 || !isProcessRunning(owner)) {
          rmSync(lockFile, { force: true });
          continue;
        }
        if (Date.now() > deadline) throw new ConflictError(`another up/down (pid ${owner}) holds ${lockFile}`);
        if (!waiting) this.say(`waiting for another up/down (pid ${owner}) to finish`);
        waiting = true;
        await sleep(500);
      }
    }
    try {
      return await action();
    } finally {
      rmSync(lockFile, { force: true });
    }
  }
}

function readFileSyncSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
