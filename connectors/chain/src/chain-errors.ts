import { InternalError, UnavailableError } from '@vz/core';
import { type Interface, isError } from 'ethers';

/** The node could not be reached, or a nonce race lost: trying again (after a nonce reset) may succeed. */
export class ChainUnavailableError extends UnavailableError {}

/**
 * What a command needs is not there yet (an asset the asset mirror has not registered, a lock whose expiry the chain
 * has not reached, a station's owner not published yet): retried, for a bounded time, before the command is reported.
 */
export class PrerequisitePendingError extends UnavailableError {}

/** A reorganisation went deeper than the confirmations the listener waits for: published events may be wrong. */
export class ReorgTooDeepError extends InternalError {}

/**
 * What a failed chain call says about trying again:
 * - `reverted`: the contract refused the call (CALL_EXCEPTION); the same call reverts again;
 * - `nonce`: the nonce the NonceManager handed out was used already (a race lost, or a send that failed half way);
 *   trying again after a nonce reset may succeed;
 * - `unavailable`: the node, the network or the connection failed; trying again later may succeed;
 * - `other`: anything else (a bug, insufficient funds, a bad argument): not retried, retrying only hides it.
 */
export type ChainErrorKind = 'reverted' | 'nonce' | 'unavailable' | 'other';

/** ethers v6 error codes (`makeError`) by what they say about the call. */
const kindByEthersCode = new Map<string, ChainErrorKind>([
  ['CALL_EXCEPTION', 'reverted'],
  // ethers maps the node's "nonce too low" / "replacement transaction underpriced" answers to these, and a wait()
  // whose transaction another one with the same nonce replaced to TRANSACTION_REPLACED
  ['NONCE_EXPIRED', 'nonce'],
  ['REPLACEMENT_UNDERPRICED', 'nonce'],
  ['TRANSACTION_REPLACED', 'nonce'],
  ['NETWORK_ERROR', 'unavailable'],
  ['SERVER_ERROR', 'unavailable'], // an HTTP error status or an unreadable answer from the node
  ['TIMEOUT', 'unavailable'], // a request, or a wait() for a receipt, that took too long
]);

/** Node.js socket error codes (ethers' JsonRpcProvider rejects with Node's error as is when the connection fails). */
const unavailableSocketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

/**
 * JSON-RPC error codes of EIP-1474 that say "later": -32002 resource unavailable, -32005 limit exceeded. ethers
 * passes them through as UNKNOWN_ERROR with the node's error on `error`.
 */
const unavailableRpcCodes = new Set([-32002, -32005]);

/**
 * The node already holds this very transaction (the same signed bytes sent again after a nonce reset). Geth answers
 * "already known" with the generic -32000 and anvil "transaction already imported" with -32003 (transaction rejected),
 * codes that also carry refusals that must not be retried (insufficient funds, nonce too high...), and ethers has no
 * code of its own for it: the node's message is all there is to go by.
 */
const alreadyKnownMessage = /already known|already imported/i;

interface CodedError {
  readonly code?: unknown;
  readonly cause?: { readonly code?: unknown };
  /** The node's JSON-RPC error, on ethers' UNKNOWN_ERROR. */
  readonly error?: { readonly code?: unknown; readonly message?: unknown };
}

/** How a failed chain call (ethers, the node, the socket under them) is to be treated; see ChainErrorKind. */
export function chainErrorKindOf(error: unknown): ChainErrorKind {
  if (error instanceof ChainUnavailableError) return 'unavailable';
  if (typeof error !== 'object' || error === null) return 'other';
  const { code, cause, error: rpcError } = error as CodedError;
  const ethersKind = typeof code === 'string' ? kindByEthersCode.get(code) : undefined;
  if (ethersKind !== undefined) return ethersKind;
  if (isError(error, 'UNKNOWN_ERROR') && rpcError !== undefined) {
    if (typeof rpcError.code === 'number' && unavailableRpcCodes.has(rpcError.code)) return 'unavailable';
    if (typeof rpcError.message === 'string' && alreadyKnownMessage.test(rpcError.message)) return 'nonce';
  }
  // the socket's code on the error itself, or one level down (a client that wraps Node's error as its `cause`)
  for (const socketCode of [code, cause?.code]) {
    if (typeof socketCode === 'string' && unavailableSocketCodes.has(socketCode)) return 'unavailable';
  }
  return 'other';
}

/** Whether trying a failed chain call again may succeed: the node, the network or a nonce race; a revert never. */
export function isRetriableChainError(error: unknown): boolean {
  const kind = chainErrorKindOf(error);
  return kind === 'unavailable' || kind === 'nonce';
}

/** Whether the nonce the NonceManager handed out may be wrong (a race lost, or a send that failed half way). */
export function isNonceError(error: unknown): boolean {
  return chainErrorKindOf(error) === 'nonce';
}

/** The revert data of a CALL_EXCEPTION (ethers puts it on `data`, or deeper in the node's answer). */
function revertDataOf(error: unknown): string | undefined {
  const candidates = [
    (error as { data?: unknown }).data,
    (error as { info?: { error?: { data?: unknown } } }).info?.error?.data,
    (error as { error?: { data?: unknown } }).error?.data,
  ];
  return candidates.find((data): data is string => typeof data === 'string' && data.startsWith('0x'));
}

function formatArg(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(formatArg).join(', ')}]`;
  return String(value);
}

/**
 * Why a call reverted, as `ErrorName(arg, ...)` decoded with the contracts' ABIs (custom errors, OpenZeppelin's included),
 * `Error("message")` for a require string, else the node's message.
 */
export function revertReasonOf(error: unknown, ...contracts: { interface: Interface }[]): string {
  const data = revertDataOf(error);
  if (data !== undefined && data !== '0x') {
    // the first contract's errors, then the others' (a revert bubbled up from a contract it called, e.g. the token's)
    for (const contract of contracts) {
      try {
        const parsed = contract.interface.parseError(data);
        if (parsed !== null) return `${parsed.name}(${parsed.args.map(formatArg).join(', ')})`;
      } catch {
        // not one of this contract's errors
      }
    }
    const reason = (error as { reason?: unknown }).reason;
    if (typeof reason === 'string') return `Error(${JSON.stringify(reason)})`;
    return `unknown revert data ${data}`;
  }
  const reason = (error as { reason?: unknown; shortMessage?: unknown }).reason;
  if (typeof reason === 'string') return `Error(${JSON.stringify(reason)})`;
  return String((error as { shortMessage?: unknown }).shortMessage ?? (error as Error).message);
}
