import { describe, expect, it } from '@jest/globals';
import { ChargingToken__factory, Escrow__factory } from '@vz/contracts';
import { getAddress, makeError } from 'ethers';
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

  it("decodes a revert bubbled up from the token with the token's errors", () => {
    const token = { interface: ChargingToken__factory.createInterface() };
    const driver = `0x${'e0'.repeat(20)}`;
    const data = token.interface.encodeErrorResult('ERC20InsufficientBalance', [driver, 5n, 2_000n]);
    const reverted = makeError('execution reverted', 'CALL_EXCEPTION', { data } as never);
    expect(revertReasonOf(reverted, escrow, token)).toBe(`ERC20InsufficientBalance(${getAddress(driver)}, 5, 2000)`);
    expect(revertReasonOf(reverted, escrow)).toBe(`unknown revert data ${data}`);
  });
});
