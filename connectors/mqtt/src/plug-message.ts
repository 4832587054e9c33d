import { z } from 'zod';

/**
 * The MQTT topic layout for plugs (documented in connectors/mqtt/README.md):
 *   vz/plugs/<plugId>/state            plug → platform, a PlugState, QoS 1
 *   vz/plugs/<plugId>/availability     plug → platform, `online` / `offline`, retained (the plug's Last Will: offline)
 *   vz/plugs/<plugId>/commands         platform → plug, a PlugCommand, QoS 1
 *   vz/plugs/<plugId>/command-results  plug → platform, a PlugCommandResult, QoS 1
 */
export const plugTopicKinds = ['state', 'availability', 'commands', 'command-results'] as const;
export type PlugTopicKind = (typeof plugTopicKinds)[number];

/** What the bridge subscribes to: everything plugs publish. */
export const plugInboundTopicFilters = ['vz/plugs/+/state', 'vz/plugs/+/availability', 'vz/plugs/+/command-results'];

const plugTopicPattern = /^vz\/plugs\/([A-Za-z0-9_.:-]{1,48})\/(state|availability|commands|command-results)$/;

export function plugTopicOf(topic: string): { plugId: string; kind: PlugTopicKind } | undefined {
  const match = plugTopicPattern.exec(topic);
  return match?.[1] === undefined ? undefined : { plugId: match[1], kind: match[2] as PlugTopicKind };
}

export function plugTopic(plugId: string, kind: PlugTopicKind): string {
  return `vz/plugs/${plugId}/${kind}`;
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

export const plugAvailabilitySchema = z.enum(['online', 'offline']);

/** A command to a plug. `expiresAt`: epoch ms after which the plug must not act on it (it answers `rejected`). */
export const plugCommandSchema = z.strictObject({
  commandId: z.string().min(1).max(64),
  command: z.literal('switch'),
  on: z.boolean(),
  expiresAt: z.number().int().positive(),
});
export type PlugCommand = z.output<typeof plugCommandSchema>;

/** A plug's answer to a command, carrying the command's id. */
export const plugCommandResultSchema = z.strictObject({
  commandId: z.string().min(1).max(64),
  status: z.enum(['accepted', 'rejected']),
  reason: z.string().max(200).optional(),
});
export type PlugCommandResult = z.output<typeof plugCommandResultSchema>;

/** Why a message was refused, in one line naming the fields (for the dead letter). */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`).join('; ');
}
