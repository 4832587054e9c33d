import { z } from 'zod';
import { idTokenTypes, type IdTokenType, type SessionReport } from '../types.ts';

/** The types `SimulatedCharger` takes and gives. */

export interface StartSessionOptions {
  connectorId: number;
  /** 1.6 idTag / 2.0.1 idToken.idToken. */
  idTag: string;
  /** Most the car draws, W (default: the charger's `powerW`). */
  powerW?: number;
  /** Usable battery, Wh (default 60 000). */
  batteryWh?: number;
  /** SoC at plug-in, percent (default 20). */
  socPercent?: number;
  /** Taper power above 80 % SoC (default false: flat power, so energy is exactly power × time). */
  taper?: boolean;
  /** 2.0.1 idToken type (default: the charger's `idTokenType`, ISO14443). */
  idTokenType?: IdTokenType;
}

export const startSessionSchema = z.strictObject({
  connectorId: z.number().int().positive(),
  idTag: z.string().min(1).max(36),
  powerW: z.number().int().positive().max(400_000).optional(),
  batteryWh: z.number().int().positive().default(60_000),
  socPercent: z.number().min(0).max(100).default(20),
  taper: z.boolean().default(false),
  idTokenType: z.enum(idTokenTypes).optional(),
});

/** A running or finished session, as returned by `startSession`. */
export interface SessionHandle {
  /** See SessionReport.transactionId. */
  readonly transactionId: string;
  /** 1.6: the CSMS's integer; 2.0.1: the UUID. */
  readonly ocppTransactionId: number | string;
  readonly connectorId: number;
  readonly idTag: string;
  /** Still charging (not stopping or stopped). */
  readonly active: boolean;
  /** SoC as of the last meter reading. */
  socPercent(): number;
  report(): SessionReport;
}

export interface BootResult {
  status: 'Accepted' | 'Pending' | 'Rejected';
  /** Heartbeat interval the CSMS asked for, seconds. */
  interval: number;
  currentTime: string;
}

/** The answer to a frame written with `sendRaw`. */
export type RawResponse =
  | { type: 'CALLRESULT'; messageId: string; payload: unknown }
  | { type: 'CALLERROR'; messageId: string; code: string; description: string; details: unknown };

export interface RecordedFrame {
  direction: 'out' | 'in';
  at: number;
  text: string;
}

export interface ChargerEvents {
  connected: [];
  disconnected: [{ code: number; reason: string }];
  booted: [BootResult];
  'session-started': [SessionHandle];
  'session-stopped': [SessionHandle];
}
