import type { DeadLetter, DeadLetterStage } from '@vz/schemas';
import type { Message } from '@platformatic/kafka';
import type { Logger } from 'pino';

export interface DeadLetterCause {
  readonly stage: DeadLetterStage;
  readonly error: unknown;
  readonly attempts: number;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'UNKNOWN';
}

/**
 * The dead letter of a consumed record: its bytes unchanged, where it came from, and why it failed. Its id and time
 * derive from the record's coordinates (never the wall clock), so a reprocessed batch writes the same dead letter.
 */
export function deadLetterOf(application: string, message: Message, cause: DeadLetterCause): DeadLetter {
  const coordinates = `${message.topic}:${message.partition}:${message.offset}`;
  return {
    eventId: `${application}:${coordinates}`,
    occurredAt: Number(message.timestamp),
    causationId: coordinates,
    application,
    sourceTopic: message.topic,
    sourcePartition: message.partition,
    sourceOffset: Number(message.offset),
    sourceTimestamp: Number(message.timestamp),
    key: message.key ?? null,
    value: message.value ?? null,
    headers: message.headerEntries.map(([key, value]) => ({ key: key.toString('utf8'), value })),
    errorCode: errorCode(cause.error),
    reason: cause.error instanceof Error ? cause.error.message : String(cause.error),
    stage: cause.stage,
    attempts: cause.attempts,
  };
}

/** `deadLetterOf`, logged as a warning with the record's coordinates and the reason: every writer of dead letters. */
export function loggedDeadLetter(
  application: string,
  message: Message,
  cause: DeadLetterCause,
  logger: Logger,
): DeadLetter {
  const letter = deadLetterOf(application, message, cause);
  logger.warn(
    {
      topic: message.topic,
      partition: message.partition,
      offset: String(message.offset),
      stage: cause.stage,
      reason: letter.reason,
    },
    'dead letter',
  );
  return letter;
}
