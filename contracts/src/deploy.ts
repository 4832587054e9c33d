/**
 * Deploys the platform's contracts in one go and records where they are (`contracts.json`), so the platform's
 * executors and tools find them without knowing how they were deployed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type BaseContract, type ContractTransactionResponse, NonceManager, type Signer } from 'ethers';
import { z } from 'zod';
import {
  AnchorRegistry__factory,
  AssetRegister__factory,
  ChargingToken__factory,
  ConsentRegistry__factory,
  Escrow__factory,
  StationRegistry__factory,
  VzpToken__factory,
} from './generated/index.ts';

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an EVM address (0x and 40 hex digits)');

export const contractAddressesSchema = z
  .object({
    chainId: z.number().int().min(1),
    /** The block of the first deployment: where an event reader starts. */
    deployedAtBlock: z.number().int().min(0),
    /** Holds DEFAULT_ADMIN_ROLE on every contract (grants and revokes roles). */
    deployer: address,
    /** Holds the platform's working roles: settler, locker, rewards, anchorer, registrar, minter. */
    operator: address,
    contracts: z
      .object({
        ChargingToken: address,
        AssetRegister: address,
        Escrow: address,
        VzpToken: address,
        StationRegistry: address,
        ConsentRegistry: address,
        AnchorRegistry: address,
      })
      .strict(),
  })
  .strict();

export type ContractAddresses = z.output<typeof contractAddressesSchema>;
export type ContractName = keyof ContractAddresses['contracts'];

export interface PlatformRoles {
  /** Granted SETTLER_ROLE, LOCKER_ROLE, REWARDS_ROLE, ANCHORER_ROLE, REGISTRAR_ROLE and MINTER_ROLE. */
  operator: string;
}

/** Waits until the deployment is mined; returns its address and block. */
async function deployed(
  contract: BaseContract & { deploymentTransaction(): ContractTransactionResponse | null },
): Promise<{ address: string; block: number }> {
  const receipt = await contract.deploymentTransaction()?.wait();
  if (!receipt) throw new Error('a deployment transaction was not mined');
  return { address: await contract.getAddress(), block: receipt.blockNumber };
}

/**
 * Deploys ChargingToken, AssetRegister, Escrow, VzpToken, StationRegistry, ConsentRegistry and AnchorRegistry, with the
 * deployer as admin of each, and grants the operator the roles the platform works with.
 */
export async function deployPlatformContracts(signer: Signer, roles: PlatformRoles): Promise<ContractAddresses> {
  const provider = signer.provider;
  if (!provider) throw new Error('the deployer signer has no provider');
  // Nonces counted here: ethers caches identical provider calls for 250 ms, so asking the chain for the pending nonce
  // right after a mined transaction can hand out the same nonce twice.
  const deployer = new NonceManager(signer);
  const admin = await deployer.getAddress();
  const { chainId } = await provider.getNetwork();

  const chargingToken = await new ChargingToken__factory(deployer).deploy(admin);
  const first = await deployed(chargingToken);
  const assetRegister = await new AssetRegister__factory(deployer).deploy(first.address, admin);
  const assetRegisterAddress = (await deployed(assetRegister)).address;
  const escrow = await new Escrow__factory(deployer).deploy(first.address, assetRegisterAddress, admin);
  const vzpToken = await new VzpToken__factory(deployer).deploy(admin);
  const stationRegistry = await new StationRegistry__factory(deployer).deploy(admin);
  const consentRegistry = await new ConsentRegistry__factory(deployer).deploy();
  const anchorRegistry = await new AnchorRegistry__factory(deployer).deploy(admin);
  const rest = [escrow, vzpToken, stationRegistry, consentRegistry, anchorRegistry];
  const [escrowAddress, vzpAddress, stationAddress, consentAddress, anchorAddress] = await Promise.all(
    rest.map(async (contract) => (await deployed(contract)).address),
  );

  const grants: Array<[contract: { grantRole: typeof escrow.grantRole }, role: Promise<string>]> = [
    [chargingToken, chargingToken.MINTER_ROLE()],
    [assetRegister, assetRegister.REGISTRAR_ROLE()],
    [escrow, escrow.SETTLER_ROLE()],
    [escrow, escrow.LOCKER_ROLE()],
    [vzpToken, vzpToken.REWARDS_ROLE()],
    [stationRegistry, stationRegistry.REGISTRAR_ROLE()],
    [anchorRegistry, anchorRegistry.ANCHORER_ROLE()],
  ];
  for (const [contract, role] of grants) await (await contract.grantRole(await role, roles.operator)).wait();

  return contractAddressesSchema.parse({
    chainId: Number(chainId),
    deployedAtBlock: first.block,
    deployer: admin,
    operator: roles.operator,
    contracts: {
      ChargingToken: first.address,
      AssetRegister: assetRegisterAddress,
      Escrow: escrowAddress,
      VzpToken: vzpAddress,
      StationRegistry: stationAddress,
      ConsentRegistry: consentAddress,
      AnchorRegistry: anchorAddress,
    },
  });
}

export function writeContractAddresses(path: string, addresses: ContractAddresses): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(contractAddressesSchema.parse(addresses), null, 2)}\n`);
}

/**
 * The contract addresses file is missing or not valid: a configuration error, the process must not start. `contracts/`
 * imports nothing of ours, so this carries the two fields the platform's error hierarchy (libs/core) reads, a stable
 * `code` and `retriable`, without extending it (as `schemas/`' errors do).
 */
export class ContractAddressesError extends Error {
  readonly code = 'CONTRACT_ADDRESSES_INVALID';
  readonly retriable = false;

  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ContractAddressesError';
  }
}

/** The addresses recorded in `path`; throws an error naming the file when it is missing or not valid. */
export function readContractAddresses(path: string): ContractAddresses {
  if (!existsSync(path)) {
    throw new ContractAddressesError(
      `${path}: no contract addresses file (deploy with npm run contracts:deploy, or start the platform)`,
    );
  }
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ContractAddressesError(`${path}: not JSON (${(error as Error).message})`, error);
  }
  const parsed = contractAddressesSchema.safeParse(content);
  if (!parsed.success)
    throw new ContractAddressesError(`${path}: not a valid contract addresses file: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
