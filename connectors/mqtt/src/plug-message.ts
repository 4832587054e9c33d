import { z } from 'zod';

/**
 * The MQTT topic layout for plugs (documented in connectors/mqtt/README.md):
 *   vz/plugs/<plugId>/state            plug → platform, this message, QoS 1
 *   vz/plugs/<plugId>/commands         platform → plug
 *   vz/plugs/<plugId>/command-results  plug → platform
 */
export const plugStateTopicFilter = 'vz/plugs/+/state';

export function plugIdOf(topic: string): string | undefined {
  const match = /^vz\/plugs\/([A-Za-z0-9_.:-]{1,48})\/state$/.exec(topic);
  return match?.[1];
}

/** A plug's report: its relay state, its energy register and power, and session boundaries. */
export const plugStateSchema = z.strictObject({
  /** Unique per plug and message; a plug that resends (QoS 1 duplicate) sends the same id. */
  messageId: z.string().min(1).max(64),
  /** When the plug measured this, epoch milliseconds. */
  timestamp: z.number().int().positive(),
  state: z.enum(['idle', 'charging', 'suspended', 'fault']),
  /** The plug's cumulative energy meter, integer Wh; it never goes down. */
  energyRegisterWh: z.number().int().min(0),
  powerW: z.number().int().min(0),
  /** Present when this message opens or closes a charging session. */
  session: z.strictObject({ event: z.enum(['start', 'stop']), sessionId: z.string().min(1).max(64) }).optional(),
  /** Present with state `fault`. */
  fault: z.string().max(200).optional(),
});
export type PlugState = z.output<typeof plugStateSchema>;

/** Why a message was refused, in one line naming the fields (for the dead letter). */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`).join('; ');
}
