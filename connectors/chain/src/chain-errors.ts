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

/** ethers error codes that say nothing about the call itself: the node, the network or a nonce race. */
const retriableCodes = new Set([
  'NETWORK_ERROR',
  'SERVER_ERROR',
  'TIMEOUT',
  'NONCE_EXPIRED',
  'REPLACEMENT_UNDERPRICED',
  'TRANSACTION_REPLACED',
]);
const retriableMessages =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|fetch failed|socket hang up|nonce too low|nonce has already been used|replacement transaction underpriced|already known/i;

/** Whether an error from ethers is worth retrying (see retriableCodes); a revert never is. */
export function isRetriableChainError(error: unknown): boolean {
  if (isError(error, 'CALL_EXCEPTION')) return false;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && retriableCodes.has(code)) return true;
  const text = `${String((error as Error | null)?.message)} ${String((error as { cause?: Error } | null)?.cause?.message)}`;
  return retriableMessages.test(text);
}

/** Whether the nonce the NonceManager handed out may be wrong (a race lost, or a send that failed half way). */
export function isNonceError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === 'NONCE_EXPIRED' || code === 'REPLACEMENT_UNDERPRICED' || /nonce/i.test(String((error as Error)?.message))
  );
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
