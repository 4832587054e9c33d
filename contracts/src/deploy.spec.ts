import { describe, expect, it } from '@jest/globals';
import { Escrow__factory } from './generated/index.ts';
import { type ContractName, missingFunctions } from './deploy.ts';
import * as generated from './generated/index.ts';

// The creation bytecode ends with the runtime code it deploys, so the build's own bytecode stands in for a deployment.

describe('missingFunctions (is a deployed contract this build?)', () => {
  const names: ContractName[] = [
    'ChargingToken',
    'AssetRegister',
    'Escrow',
    'VzpToken',
    'StationRegistry',
    'ConsentRegistry',
    'AnchorRegistry',
  ];

  it('finds every function of the build in the build', () => {
    for (const name of names) {
      const factory = generated[`${name}__factory`] as { bytecode: string };
      expect({ name, missing: missingFunctions(name, factory.bytecode) }).toEqual({ name, missing: [] });
    }
  });

  it('names the functions an older deployment lacks', () => {
    const lockFor = Escrow__factory.createInterface().getFunction('lockFor').selector.slice(2);
    const older = Escrow__factory.bytecode.toLowerCase().replaceAll(`63${lockFor}`, '6300000000');
    expect(missingFunctions('Escrow', older)).toEqual(['lockFor(bytes32,address,string,string,uint256,uint64)']);
  });
});
