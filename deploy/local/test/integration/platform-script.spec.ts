import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JsonRpcProvider, Wallet } from 'ethers';
import { freePort, localPlatformCli } from '@vz/testing';
import { isProcessRunning as isAlive, type PartStatus } from '../../src/index.ts';

/**
 * The up/down/status script itself, run as a user runs it, against a second platform of its own (its own data folder
 * and ports), so killing its Kafka cannot disturb the platform the other test files use. It starts only the parts it
 * needs to show the behaviour: Kafka (a JVM, for the kill), anvil and Mosquitto.
 */
const parts = 'kafka,chain,mqtt';
let dataDir: string;
let env: NodeJS.ProcessEnv;

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [localPlatformCli, ...args], { env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function status(): Promise<{ code: number; byName: Record<string, PartStatus> }> {
  const result = await cli('status', '--json', '--only', parts);
  const statuses = JSON.parse(result.stdout) as PartStatus[];
  return { code: result.code, byName: Object.fromEntries(statuses.map((entry) => [entry.name, entry])) };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vz-local-script-'));
  const [kafka, partner, controller, chain, mqtt, registry, registryManagement] = await Promise.all(
    [1, 2, 3, 4, 5, 6, 7].map(() => freePort()),
  );
  const { JEST_VZ_PLATFORM_ENDPOINTS: _, ...inherited } = process.env;
  env = {
    ...inherited,
    VZ_LOCAL_DATA_DIR: dataDir,
    VZ_LOCAL_KAFKA_PORT: String(kafka),
    VZ_LOCAL_KAFKA_PARTNER_PORT: String(partner),
    VZ_LOCAL_KAFKA_CONTROLLER_PORT: String(controller),
    VZ_LOCAL_KAFKA_HEAP_MB: '384',
    VZ_LOCAL_CHAIN_PORT: String(chain),
    VZ_LOCAL_MQTT_PORT: String(mqtt),
    VZ_LOCAL_REGISTRY_PORT: String(registry),
    VZ_LOCAL_REGISTRY_MANAGEMENT_PORT: String(registryManagement),
  };
});

afterAll(async () => {
  await cli('down');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('deploy/local up / down / status', () => {
  it('says so when down finds nothing running, and status reports every part stopped', async () => {
    const down = await cli('down', '--only', parts);
    expect(down.code).toBe(0);
    expect(down.stdout).toContain('nothing was running');

    const { code, byName } = await status();
    expect(code).toBe(1);
    expect(Object.values(byName).map((entry) => entry.state)).toEqual(['stopped', 'stopped', 'stopped']);
  });

  it('starts the parts healthy, and a second up is a no-op that keeps the same processes', async () => {
    const up = await cli('up', '--only', parts);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const first = await status();
    expect(first.code).toBe(0);
    for (const entry of Object.values(first.byName)) expect(entry.health?.healthy).toBe(true);

    const again = await cli('up', '--only', parts);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already up: nothing to do');
    const second = await status();
    expect(Object.values(second.byName).map((entry) => entry.pid)).toEqual(
      Object.values(first.byName).map((entry) => entry.pid),
    );
  });

  it('detects a killed Kafka as unhealthy, and up starts it again over the stale pid file', async () => {
    const before = await status();
    const kafkaPid = before.byName['kafka']?.pid;
    expect(kafkaPid).toBeDefined();
    process.kill(kafkaPid as number, 'SIGKILL');
    while (isAlive(kafkaPid as number)) await new Promise((resolve) => setTimeout(resolve, 50));

    const afterKill = await status();
    expect(afterKill.code).toBe(1);
    expect(afterKill.byName['kafka']?.state).toBe('stale pid file');
    expect(afterKill.byName['kafka']?.health?.healthy).toBe(false);
    expect(afterKill.byName['chain']?.health?.healthy).toBe(true);

    const up = await cli('up', '--only', parts);
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/kafka: stale pid file/);
    const restarted = await status();
    expect(restarted.code).toBe(0);
    expect(restarted.byName['kafka']?.pid).not.toBe(kafkaPid);
    expect(restarted.byName['chain']?.pid).toBe(before.byName['chain']?.pid);
  });

  it('down stops exactly the processes it started', async () => {
    const pids = Object.values((await status()).byName).map((entry) => entry.pid as number);
    const down = await cli('down', '--only', parts);
    expect(down.code).toBe(0);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect((await status()).code).toBe(1);
  });

  it('keeps registry schemas and chain state across down and up', async () => {
    const durable = 'registry,chain';
    expect((await cli('up', '--only', durable)).code).toBe(0);
    const registryUrl = `http://127.0.0.1:${env['VZ_LOCAL_REGISTRY_PORT']}/apis/ccompat/v7`;
    const schema = JSON.stringify({ type: 'record', name: 'Kept', fields: [{ name: 'wh', type: 'long' }] });
    const registered = await fetch(`${registryUrl}/subjects/kept-value/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schema }),
    });
    const { id } = (await registered.json()) as { id: number };

    const rpcUrl = `http://127.0.0.1:${env['VZ_LOCAL_CHAIN_PORT']}`;
    const recipient = Wallet.createRandom().address;
    const provider = new JsonRpcProvider(rpcUrl);
    await (await (await provider.getSigner(0)).sendTransaction({ to: recipient, value: 12_345n })).wait();
    provider.destroy();

    expect((await cli('down', '--only', durable)).code).toBe(0);
    expect((await cli('up', '--only', durable)).code).toBe(0);

    const after = await fetch(`${registryUrl}/subjects/kept-value/versions/latest`);
    expect(await after.json()).toMatchObject({ id, version: 1 });
    const restarted = new JsonRpcProvider(rpcUrl);
    expect(await restarted.getBalance(recipient)).toBe(12_345n);
    restarted.destroy();
    expect((await cli('down', '--only', durable)).code).toBe(0);
  });

  it('names the port and the variable to change when a port is taken by someone else', async () => {
    const squatter = createServer();
    const port = Number(env['VZ_LOCAL_MQTT_PORT']);
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const up = await cli('up', '--only', 'mqtt');
      expect(up.code).not.toBe(0);
      expect(up.stderr).toContain(`port ${port}`);
      expect(up.stderr).toContain('VZ_LOCAL_');
    } finally {
      squatter.close();
    }
  });

  it('says in one message what to install when java and mvn are missing', async () => {
    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [localPlatformCli, 'up', '--only', 'kafka'],
        { env: { ...env, PATH: '/nonexistent' } },
        (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
      );
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('missing on this machine: java (17+), mvn');
    expect(result.stderr).toContain('apt-get install -y openjdk-17-jre-headless maven');
  });
});
