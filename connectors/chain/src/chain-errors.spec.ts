import { describe, expect, it } from '@jest/globals';
import { Escrow__factory } from '@vz/contracts';
import { makeError } from 'ethers';
import { isRetriableChainError, revertReasonOf } from './chain-errors.ts';

const escrow = { interface: Escrow__factory.createInterface() };

describe('chain errors', () => {
  it('retries what the node or a nonce race caused, never a revert or a bug', () => {
    expect(
      isRetriableChainError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8545'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isRetriableChainError(makeError('nonce has already been used', 'NONCE_EXPIRED'))).toBe(true);
    expect(isRetriableChainError(makeError('timeout', 'TIMEOUT'))).toBe(true);
    expect(isRetriableChainError(makeError('execution reverted', 'CALL_EXCEPTION'))).toBe(false);
    expect(isRetriableChainError(new TypeError('cannot read properties of undefined'))).toBe(false);
  });

  it('decodes a custom error with its arguments', () => {
    const data = escrow.interface.encodeErrorResult('CostExceedsLock', [1_368n, 1_000n]);
    expect(revertReasonOf(makeError('execution reverted', 'CALL_EXCEPTION', { data } as never), escrow)).toBe(
      'CostExceedsLock(1368, 1000)',
    );
  });
});
