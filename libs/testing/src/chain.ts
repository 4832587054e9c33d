import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { anvilBinary } from '@vz/core';

/** A port the kernel just gave us and took back; free unless someone races us for it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface IsolatedChain {
  rpcUrl: string;
  stop(): Promise<void>;
}

/**
 * A chain of the test file's own: an anvil that forks the platform's chain at its current block, so it starts with
 * everything deployed there, while whatever the test does stays in this fork. Files running in parallel never see
 * each other's transactions, and the platform's chain never sees theirs.
 */
export async function startIsolatedChain(platformRpcUrl: string): Promise<IsolatedChain> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    anvilBinary(),
    ['--host', '127.0.0.1', '--port', String(port), '--fork-url', platformRpcUrl, '--silent'],
    { stdio: 'ignore' },
  );
  const rpcUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`anvil fork exited with ${child.exitCode}`);
    try {
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('anvil fork did not answer within 20 s');
    }
    await sleep(100);
  }
  return {
    rpcUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
