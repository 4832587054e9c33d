import { pino, type Logger, type LoggerOptions } from 'pino';
import { z } from 'zod';

export type { Logger } from 'pino';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The logging section every deployable's configuration includes (`VZ_LOG_LEVEL`). */
export const loggingConfigSchema = z.object({
  level: z.enum(logLevels).default('info'),
});
export type LoggingConfig = z.output<typeof loggingConfigSchema>;

/**
 * Structured JSON logs on stdout, one line per event, with the deployable's name on every line so logs of the whole
 * platform can be merged. Errors are serialized with their code, retriable flag and details (see VzError.toJSON).
 */
export function createLogger(name: string, config: LoggingConfig, destination?: pino.DestinationStream): Logger {
  const options: LoggerOptions = {
    name,
    level: config.level,
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: pino.stdSerializers.err },
  };
  return destination ? pino(options, destination) : pino(options);
}
