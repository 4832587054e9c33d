/**
 * One error hierarchy for the whole platform. Every error carries a stable `code` (a string union, so callers can
 * switch on it exhaustively) and a `retriable` flag that retry logic reads instead of guessing from messages
 * (the KafkaJS pattern). HTTP status mapping lives in one place: `httpStatusOf`.
 */
export const errorCodes = [
  'CONFIG_INVALID',
  'INPUT_INVALID',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'UNAVAILABLE',
  'TIMEOUT',
  'FENCED',
  'PREREQUISITE_MISSING',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface VzErrorOptions {
  cause?: unknown;
  /** Machine-readable facts about the failure (topic, offset, key...), logged as structured fields. */
  details?: Record<string, unknown>;
}

export abstract class VzError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly retriable: boolean;
  readonly details: Record<string, unknown>;

  constructor(message: string, options: VzErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options.details ?? {};
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, retriable: this.retriable, ...this.details };
  }
}

/** Configuration is missing or wrong; the process must not start. */
export class ConfigError extends VzError {
  readonly code = 'CONFIG_INVALID';
  readonly retriable = false;
}

/** The caller sent something invalid; sending it again will not help. */
export class InputError extends VzError {
  readonly code = 'INPUT_INVALID';
  readonly retriable = false;
}

export class NotFoundError extends VzError {
  readonly code = 'NOT_FOUND';
  readonly retriable = false;
}

export class ConflictError extends VzError {
  readonly code = 'CONFLICT';
  readonly retriable = false;
}

export class UnauthorizedError extends VzError {
  readonly code = 'UNAUTHORIZED';
  readonly retriable = false;
}

export class ForbiddenError extends VzError {
  readonly code = 'FORBIDDEN';
  readonly retriable = false;
}

/** A dependency (broker, registry, database, chain) cannot be reached right now; trying again later may succeed. */
export class UnavailableError extends VzError {
  readonly code = 'UNAVAILABLE';
  readonly retriable = true;
}

export class TimeoutError extends VzError {
  readonly code = 'TIMEOUT';
  readonly retriable = true;
}

/** Another instance took over our transactional id; this instance must stop, not retry. */
export class FencedError extends VzError {
  readonly code = 'FENCED';
  readonly retriable = false;
}

/** A tool this machine lacks (java, mvn, a Debian package); the message says what to install. */
export class PrerequisiteError extends VzError {
  readonly code = 'PREREQUISITE_MISSING';
  readonly retriable = false;
}

export class InternalError extends VzError {
  readonly code = 'INTERNAL';
  readonly retriable = false;
}

const httpStatusByCode: Record<ErrorCode, number> = {
  CONFIG_INVALID: 500,
  INPUT_INVALID: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
  FENCED: 503,
  PREREQUISITE_MISSING: 500,
  INTERNAL: 500,
};

/** The one place errors become HTTP statuses. Anything that is not a VzError is a 500. */
export function httpStatusOf(error: unknown): number {
  return error instanceof VzError ? httpStatusByCode[error.code] : 500;
}

/** Whether trying again may succeed. Unknown errors are not retried: retrying a bug only hides it. */
export function isRetriable(error: unknown): boolean {
  return error instanceof VzError && error.retriable;
}
