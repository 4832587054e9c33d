import { afterAll, describe, expect, it } from '@jest/globals';
import { ChargingToken__factory, Escrow__factory } from '@vz/contracts';
import { getAddress, isError, JsonRpcProvider, makeError } from 'ethers';
import {
  ChainUnavailableError,
  chainErrorKindOf,
  isNonceError,
  isRetriableChainError,
  revertReasonOf,
} from './chain-errors.ts';

const escrow = { interface: Escrow__factory.createInterface() };

describe('chain errors', () => {
  // The node's answers go through ethers' own mapping (JsonRpcProvider.getRpcError), as a provider would throw them.
  const provider = new JsonRpcProvider('http://127.0.0.1:1', 31337, { staticNetwork: true });
  afterAll(() => provider.destroy());
  const nodeAnswer = (method: string, code: number, message: string, data?: string): Error =>
    provider.getRpcError(
      { method, params: [method === 'eth_sendRawTransaction' ? '0x02' : {}], id: 1, jsonrpc: '2.0' },
      { id: 1, error: { code, message, ...(data === undefined ? {} : { data }) } },
    );

  it('takes an unreachable node for unavailable, by the socket error ethers passes on', async () => {
    const refused = await provider.getBlockNumber().catch((error: unknown) => error);
    expect((refused as { code?: string }).code).toBe('ECONNREFUSED');
    expect(chainErrorKindOf(refused)).toBe('unavailable');
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(chainErrorKindOf(reset)).toBe('unavailable');
    // a client that wraps the socket error (undici's "fetch failed", a Kafka client's connection error)
    expect(chainErrorKindOf(new TypeError('fetch failed', { cause: refused }))).toBe('unavailable');
    expect(chainErrorKindOf(makeError('request timeout', 'TIMEOUT'))).toBe('unavailable');
    expect(chainErrorKindOf(makeError('wait for transaction timeout', 'TIMEOUT'))).toBe('unavailable');
    expect(chainErrorKindOf(makeError('server response 502 Bad Gateway', 'SERVER_ERROR'))).toBe('unavailable');
    expect(chainErrorKindOf(makeError('network changed', 'NETWORK_ERROR', { event: 'changed' }))).toBe('unavailable');
    expect(chainErrorKindOf(nodeAnswer('eth_getLogs', -32005, 'limit exceeded'))).toBe('unavailable');
    expect(chainErrorKindOf(nodeAnswer('eth_getBlockByNumber', -32002, 'resource unavailable'))).toBe('unavailable');
    expect(chainErrorKindOf(new ChainUnavailableError('block 7 is not known to the node'))).toBe('unavailable');
  });

  it('takes a lost nonce race for nonce: nonce too low, replacement underpriced, the same transaction twice', () => {
    const tooLow = nodeAnswer('eth_sendRawTransaction', -32003, 'nonce too low');
    expect(isError(tooLow, 'NONCE_EXPIRED')).toBe(true);
    expect(chainErrorKindOf(tooLow)).toBe('nonce');
    const underpriced = nodeAnswer('eth_sendRawTransaction', -32003, 'replacement transaction underpriced');
    expect(isError(underpriced, 'REPLACEMENT_UNDERPRICED')).toBe(true);
    expect(chainErrorKindOf(underpriced)).toBe('nonce');
    expect(chainErrorKindOf(nodeAnswer('eth_estimateGas', -32003, 'nonce too low'))).toBe('nonce');
    expect(chainErrorKindOf(nodeAnswer('eth_sendRawTransaction', -32003, 'transaction already imported'))).toBe(
      'nonce',
    ); // anvil
    expect(chainErrorKindOf(nodeAnswer('eth_sendRawTransaction', -32000, 'already known'))).toBe('nonce'); // geth
    expect(isNonceError(tooLow)).toBe(true);
    expect(isRetriableChainError(tooLow)).toBe(true);
  });

  it('never retries a revert, a refusal the node will repeat, or a bug', () => {
    const data = escrow.interface.encodeErrorResult('NoLock', [`0x${'ab'.repeat(32)}`]);
    const reverted = nodeAnswer('eth_estimateGas', 3, 'execution reverted', data);
    expect(isError(reverted, 'CALL_EXCEPTION')).toBe(true);
    expect(chainErrorKindOf(reverted)).toBe('reverted');
    // a revert whose message happens to name a nonce or a refused connection is still a revert
    expect(chainErrorKindOf(makeError('execution reverted: nonce too low ECONNREFUSED', 'CALL_EXCEPTION'))).toBe(
      'reverted',
    );
    const broke = nodeAnswer('eth_sendRawTransaction', -32003, 'Insufficient funds for gas * price + value');
    expect(isError(broke, 'INSUFFICIENT_FUNDS')).toBe(true);
    expect(chainErrorKindOf(broke)).toBe('other');
    expect(chainErrorKindOf(nodeAnswer('eth_sendRawTransaction', -32003, 'Nonce too high'))).toBe('other');
    expect(chainErrorKindOf(new TypeError('cannot read properties of undefined'))).toBe('other');
    // without a code, words in a message decide nothing
    expect(chainErrorKindOf(new Error('connect ECONNREFUSED 127.0.0.1:8545'))).toBe('other');
    expect(chainErrorKindOf(undefined)).toBe('other');
    expect(isRetriableChainError(reverted)).toBe(false);
    expect(isNonceError(broke)).toBe(false);
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
