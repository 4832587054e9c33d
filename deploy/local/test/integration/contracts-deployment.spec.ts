import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createIsolation, type Isolation } from '@vz/testing';
import {
  AnchorRegistry__factory,
  AssetRegister__factory,
  ChargingToken__factory,
  Escrow__factory,
  readContractAddresses,
  StationRegistry__factory,
  VzpToken__factory,
  type ContractAddresses,
} from '@vz/contracts';
import { JsonRpcProvider, Wallet } from 'ethers';

// `up` deploys the contracts on the platform's chain on first start and records them; read-only checks of that.

let isolation: Isolation;
let provider: JsonRpcProvider;
let addresses: ContractAddresses;

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  provider = new JsonRpcProvider(isolation.endpoints.chain.rpcUrl);
  addresses = readContractAddresses(isolation.endpoints.chain.contractsFile);
});

afterAll(async () => {
  provider.destroy();
  await isolation.close();
});

describe('contracts deployed by the local platform', () => {
  it('records every contract of this chain in the addresses file, each with code', async () => {
    expect(addresses.chainId).toBe(isolation.endpoints.chain.chainId);
    expect(Object.keys(addresses.contracts).sort()).toEqual([
      'AnchorRegistry',
      'AssetRegister',
      'ChargingToken',
      'ConsentRegistry',
      'Escrow',
      'StationRegistry',
      'VzpToken',
    ]);
    for (const address of Object.values(addresses.contracts)) expect(await provider.getCode(address)).not.toBe('0x');
  });

  it('gives the operator key of the endpoints every working role, and the deployer the admin role', async () => {
    const operator = new Wallet(isolation.endpoints.chain.operatorKey).address;
    expect(addresses.operator).toBe(operator);
    const { contracts } = addresses;
    const token = ChargingToken__factory.connect(contracts.ChargingToken, provider);
    const assets = AssetRegister__factory.connect(contracts.AssetRegister, provider);
    const escrow = Escrow__factory.connect(contracts.Escrow, provider);
    const vzp = VzpToken__factory.connect(contracts.VzpToken, provider);
    const stations = StationRegistry__factory.connect(contracts.StationRegistry, provider);
    const anchors = AnchorRegistry__factory.connect(contracts.AnchorRegistry, provider);
    const held = await Promise.all([
      token.hasRole(await token.MINTER_ROLE(), operator),
      assets.hasRole(await assets.REGISTRAR_ROLE(), operator),
      escrow.hasRole(await escrow.SETTLER_ROLE(), operator),
      escrow.hasRole(await escrow.LOCKER_ROLE(), operator),
      vzp.hasRole(await vzp.REWARDS_ROLE(), operator),
      stations.hasRole(await stations.REGISTRAR_ROLE(), operator),
      anchors.hasRole(await anchors.ANCHORER_ROLE(), operator),
      escrow.hasRole(await escrow.DEFAULT_ADMIN_ROLE(), addresses.deployer),
    ]);
    expect(held).toEqual(held.map(() => true));
    expect(await escrow.token()).toBe(contracts.ChargingToken);
    expect(await escrow.assetRegister()).toBe(contracts.AssetRegister);
    expect(await assets.payoutToken()).toBe(contracts.ChargingToken);
  });
});
