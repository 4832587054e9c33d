import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ContractFactory, JsonRpcProvider, type Contract, type InterfaceAbi } from 'ethers';
import solc from 'solc';
import { createIsolation, type Isolation } from '@vz/testing';

let isolation: Isolation;
beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
});
afterAll(() => isolation.close());

const source = `// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;
contract Counter {
    uint256 public count;
    event Counted(address indexed by, uint256 count);
    function increment(uint256 by) external {
        count += by;
        emit Counted(msg.sender, count);
    }
}`;

/** solc-js from npm, as the platform's contracts are built (no native compiler is reachable from these machines). */
function compileCounter(): { abi: InterfaceAbi; bytecode: string } {
  const output = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: 'Solidity',
        sources: { 'Counter.sol': { content: source } },
        settings: { outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
      }),
    ),
  ) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: InterfaceAbi; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((error) => error.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((error) => error.formattedMessage).join('\n'));
  const counter = output.contracts['Counter.sol']?.['Counter'];
  if (!counter) throw new Error('Counter was not compiled');
  return { abi: counter.abi, bytecode: `0x${counter.evm.bytecode.object}` };
}

describe('anvil of the local platform', () => {
  it('answers eth_chainId with the configured chain id', async () => {
    const provider = new JsonRpcProvider(isolation.endpoints.chain.rpcUrl);
    expect(Number((await provider.getNetwork()).chainId)).toBe(isolation.endpoints.chain.chainId);
    provider.destroy();
  });

  it('deploys and calls a trivial contract on the test file’s own fork, leaving the platform chain untouched', async () => {
    const platform = new JsonRpcProvider(isolation.endpoints.chain.rpcUrl);
    // The running demo writes to the platform chain all the time (locks, settlements); the fork's signer (account 0,
    // the platform's deployer) sends nothing there while the test runs.
    const deployer = (await platform.getSigner(0)).address;
    const platformNonce = await platform.getTransactionCount(deployer);

    const chain = await isolation.chain();
    const provider = new JsonRpcProvider(chain.rpcUrl);
    const signer = await provider.getSigner(0);
    const { abi, bytecode } = compileCounter();
    const counter = (await new ContractFactory(abi, bytecode, signer).deploy()) as Contract;
    await counter.waitForDeployment();

    const receipt = await (await counter.getFunction('increment')(41n)).wait();
    await (await counter.getFunction('increment')(1n)).wait();
    expect(await counter.getFunction('count')()).toBe(42n);
    expect(receipt?.logs).toHaveLength(1);

    expect(await platform.getCode(await counter.getAddress())).toBe('0x');
    expect(await platform.getTransactionCount(deployer)).toBe(platformNonce);
    provider.destroy();
    platform.destroy();
  });
});
