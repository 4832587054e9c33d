import { InputError, type Logger } from '@vz/core';
import { z } from 'zod';
import type { Clock } from './clock.ts';
import { ocppProtocols } from './rpc.ts';
import { idTokenTypes } from './types.ts';

const wsUrl = z.string().regex(/^wss?:\/\/[^/]+/, 'must be a ws:// or wss:// URL');

const clock = z.custom<Clock>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Clock).now === 'function' &&
    typeof (value as Clock).every === 'function' &&
    typeof (value as Clock).sleep === 'function',
  'must implement Clock (now, every, sleep)',
);

const logger = z.custom<Logger>(
  (value) => typeof value === 'object' && value !== null && typeof (value as Logger).child === 'function',
  'must be a pino Logger',
);

/** Options of one simulated charger. Unknown keys are refused: a misspelt option must not fall back silently. */
export const chargerOptionsSchema = z.strictObject({
  /** `ws://host:port/ocpp`; the charger connects to `<endpoint>/<identity>`. */
  endpoint: wsUrl,
  identity: z.string().min(1).max(48),
  /** HTTP Basic auth password (username = identity). Omit to connect without credentials (negative tests). */
  password: z.string().min(1).optional(),
  protocol: z.enum(ocppProtocols),
  connectors: z.number().int().min(1).max(32).default(2),
  vendor: z.string().min(1).max(20).default('VZ'),
  model: z.string().min(1).max(20).default('VZ-Sim'),
  serialNumber: z.string().min(1).max(25).optional(),
  firmwareVersion: z.string().min(1).max(50).default('vz-sim-0.1.0'),
  /** Period of meter values while charging. */
  meterValueIntervalMs: z.number().int().positive().default(60_000),
  /** Power of sessions started without one (remote starts). */
  powerW: z.number().int().positive().max(400_000).default(11_000),
  phases: z.union([z.literal(1), z.literal(3)]).default(3),
  voltageV: z.number().int().positive().default(230),
  /** Energy register of every connector at start, Wh (a real meter rarely starts at 0). */
  initialRegisterWh: z.number().int().nonnegative().default(0),
  /** OCPP 2.0.1 idToken type for locally started sessions. */
  idTokenType: z.enum(idTokenTypes).default('ISO14443'),
  callTimeoutMs: z.number().int().positive().default(30_000),
  /** Reconnect (with backoff on the clock) and boot again when the CSMS drops the connection. */
  autoReconnect: z.boolean().default(false),
  /** 1.6: include transactionData (begin and end readings) in StopTransaction. */
  stopTransactionData: z.boolean().default(true),
  /** Keep every frame sent and received in the report (tests; memory grows with traffic). */
  recordFrames: z.boolean().default(false),
  clock: clock.optional(),
  logger: logger.optional(),
});

export type SimulatedChargerOptions = z.input<typeof chargerOptionsSchema>;
export type ChargerSettings = z.output<typeof chargerOptionsSchema>;

export function parseOptions<S extends z.ZodType>(schema: S, options: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    throw new InputError(`invalid ${what} options: ${z.prettifyError(parsed.error)}`, {
      details: { issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) },
    });
  }
  return parsed.data;
}
