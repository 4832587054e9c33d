import { commandDeadline, commandResult, defaultCommandTimeoutMs, expiredResult, offlineResult } from '@vz/edge';
import type { ChargerCommand, ChargerCommandResult } from '@vz/schemas';
import type { OcppVersion } from '../handlers/handler.ts';
import { outcomeOf } from './outcome.ts';

/** A charger connected to this instance: its version, and how to call it. */
export interface CommandTarget {
  readonly version: OcppVersion;
  call(action: string, params: object, options: { callTimeoutMs: number }): Promise<unknown>;
}

/**
 * Sends a command to a charger connected to this instance and says how it ended. Not connected here, or past its
 * deadline: TIMEOUT, without sending anything.
 */
export async function executeCommand(
  command: ChargerCommand,
  target: CommandTarget | undefined,
  defaultTimeoutMs: number = defaultCommandTimeoutMs,
): Promise<ChargerCommandResult> {
  const deadline = commandDeadline(command, defaultTimeoutMs);
  const expired = expiredResult(command, deadline);
  if (expired !== undefined) return expired;
  if (target === undefined) return offlineResult(command);
  const answer = (outcome: ChargerCommandResult['outcome'], details: Parameters<typeof commandResult>[2]) =>
    commandResult(command, outcome, details);
  const call = target.version.commandCall(command);
  if (call === undefined) return answer('REJECTED', { reason: `not supported for ${target.version.subprotocol} yet` });
  try {
    const response = await target.call(call.action, call.params, { callTimeoutMs: Math.max(1, deadline - Date.now()) });
    const { outcome, status, reason } = outcomeOf(response);
    return answer(outcome, { action: call.action, status, reason });
  } catch (error) {
    const { name, rpcErrorCode, message } = error as { name?: string; rpcErrorCode?: string; message?: string };
    if (name === 'TimeoutError')
      return answer('TIMEOUT', { action: call.action, reason: 'no answer before the deadline' });
    return answer('ERROR', {
      action: call.action,
      errorCode: rpcErrorCode ?? name ?? 'ERROR',
      reason: message ?? String(error),
    });
  }
}
