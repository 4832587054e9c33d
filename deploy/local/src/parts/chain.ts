import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { anvilBinary, type CheckResult, UnavailableError } from '@vz/core';
import type { LocalConfig } from '../config.ts';
import type { Part, PartContext } from './part.ts';

export function chainRpcUrl(config: LocalConfig): string {
  return `http://${config.local.host}:${config.local.chain.port}`;
}

/** `eth_chainId` over JSON-RPC; healthy only when the node answers with the configured chain id. */
export async function chainIdOf(rpcUrl: string): Promise<number> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    signal: AbortSignal.timeout(3_000),
  });
  const { result } = (await response.json()) as { result?: string };
  if (!result) throw new UnavailableError(`eth_chainId answered ${response.status} without a result`);
  return Number.parseInt(result, 16);
}

async function health({ config }: PartContext): Promise<CheckResult> {
  const chainId = await chainIdOf(chainRpcUrl(config));
  return chainId === config.local.chain.chainId
    ? { healthy: true, detail: `eth_chainId ${chainId}` }
    : { healthy: false, detail: `eth_chainId ${chainId}, expected ${config.local.chain.chainId}` };
}

export const chainPart: Part = {
  name: 'chain',
  title: 'anvil (local EVM chain)',
  prerequisites: [],
  ports: (config) => ({ 'json-rpc': config.local.chain.port }),
  prepare: async ({ dataDir }) => void mkdirSync(dataDir, { recursive: true }),
  launch: ({ config, dataDir }) => ({
    command: anvilBinary(),
    args: [
      '--host',
      config.local.host,
      '--port',
      String(config.local.chain.port),
      '--chain-id',
      String(config.local.chain.chainId),
      // Loaded at start and written on exit; also every 5 s, so a killed anvil loses at most 5 s of blocks.
      '--state',
      join(dataDir, 'state.json'),
      '--state-interval',
      '5',
      '--preserve-historical-states',
    ],
  }),
  health,
};
