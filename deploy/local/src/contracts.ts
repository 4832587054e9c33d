import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deployPlatformContracts, readContractAddresses, writeContractAddresses } from '@vz/contracts';
import { JsonRpcProvider, Wallet } from 'ethers';
import { type LocalConfig, repositoryRoot } from './config.ts';
import { chainRpcUrl } from './parts/chain.ts';
import { partDataDir } from './parts/part.ts';

/** Where the local platform records its contracts' addresses: beside anvil's state, since they live and die with it. */
export function contractsFileOf(config: LocalConfig): string {
  return join(partDataDir(config, 'chain'), 'contracts.json');
}

/** Beside contracts.json: the build the recorded contracts were deployed from. */
function buildFileOf(config: LocalConfig): string {
  return join(partDataDir(config, 'chain'), 'contracts.build');
}

/** SHA-256 of the committed build (contracts/build/*.json: ABIs and bytecode, what the bindings deploy). */
function contractsBuildHash(): string {
  const dir = join(repositoryRoot, 'contracts', 'build');
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(join(dir, file)));
  return hash.digest('hex');
}

/**
 * Why the recorded deployment cannot be used (no file, another chain, another build of the contracts, an address
 * without code because anvil's state was lost), or undefined when it can.
 */
async function staleReason(file: string, config: LocalConfig, provider: JsonRpcProvider): Promise<string | undefined> {
  if (!existsSync(file)) return 'not deployed yet';
  const recorded = readContractAddresses(file);
  if (recorded.chainId !== config.local.chain.chainId) return `recorded for chain ${recorded.chainId}`;
  const build = buildFileOf(config);
  if (!existsSync(build) || readFileSync(build, 'utf8').trim() !== contractsBuildHash()) {
    return 'the contracts changed since they were deployed';
  }
  for (const [name, address] of Object.entries(recorded.contracts)) {
    if ((await provider.getCode(address)) === '0x') return `${name} has no code at ${address} (chain state lost?)`;
  }
  return undefined;
}

/**
 * Deploys the platform's contracts on the local chain on first start, or again when the chain no longer has them or
 * the contracts were changed (a new build), and writes their addresses to `<data>/chain/contracts.json`. Idempotent:
 * runs on every `up`. A redeployment starts the chain's state afresh (balances, locks, anchors) at new addresses.
 */
export async function ensureLocalContracts(config: LocalConfig, say: (line: string) => void): Promise<void> {
  const file = contractsFileOf(config);
  const provider = new JsonRpcProvider(chainRpcUrl(config), config.local.chain.chainId, { staticNetwork: true });
  try {
    const reason = await staleReason(file, config, provider);
    if (reason === undefined) {
      say(`contracts: already deployed (${file})`);
      return;
    }
    const operator = new Wallet(config.local.chain.operatorKey).address;
    const addresses = await deployPlatformContracts(new Wallet(config.local.chain.deployerKey, provider), { operator });
    writeContractAddresses(file, addresses);
    writeFileSync(buildFileOf(config), `${contractsBuildHash()}\n`);
    say(`contracts: deployed at block ${addresses.deployedAtBlock} (${reason} before); addresses in ${file}`);
  } finally {
    provider.destroy();
  }
}
