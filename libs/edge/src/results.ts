import type { ChargerCommand, ChargerCommandResult, CommandOutcome } from '@vz/schemas';

/** When a command stops being worth sending or waiting for: its own deadline, else the connector's default. */
export function commandDeadline(command: ChargerCommand, defaultTimeoutMs: number): number {
  return command.expiresAt ?? command.occurredAt + defaultTimeoutMs;
}

/** The one result of a command (its eventId is `<commandId>:result`, so a redelivered result is the same event). */
export function commandResult(
  command: ChargerCommand,
  outcome: CommandOutcome,
  details: Partial<Pick<ChargerCommandResult, 'action' | 'status' | 'errorCode' | 'reason' | 'causationId'>> = {},
  occurredAt: number = Date.now(),
): ChargerCommandResult {
  return {
    eventId: `${command.commandId}:result`,
    occurredAt,
    causationId: command.eventId,
    chargerId: command.chargerId,
    commandId: command.commandId,
    outcome,
    action: null,
    status: null,
    errorCode: null,
    reason: null,
    ...details,
  };
}

/** The answer without sending anything when the deadline has passed (EXPIRED); undefined while there is time. */
export function expiredResult(
  command: ChargerCommand,
  deadline: number,
  now: number = Date.now(),
): ChargerCommandResult | undefined {
  return now >= deadline
    ? commandResult(command, 'TIMEOUT', { errorCode: 'EXPIRED', reason: 'the deadline passed before it could be sent' })
    : undefined;
}

/** The answer when the instance asked to send it does not reach the charger (any more). */
export function offlineResult(command: ChargerCommand): ChargerCommandResult {
  return commandResult(command, 'TIMEOUT', { errorCode: 'CHARGER_OFFLINE', reason: 'the charger is not connected' });
}
