import { z } from 'zod';

/**
 * The MQTT topic layout for plugs (documented in connectors/mqtt/README.md):
 *   vz/plugs/<plugId>/state            plug → platform, a PlugState, QoS 1
 *   vz/plugs/<plugId>/availability     plug → platform, `online` / `offline`, retained (the plug's Last Will: offline)
 *   vz/plugs/<plugId>/commands         platform → plug, a PlugCommand, QoS 1
 *   vz/plugs/<plugId>/command-results  plug → platform, a PlugCommandResult, QoS 1
 *   vz/plugs/<plugId>/authorize        plug → platform, a PlugAuthorize (a driver's token), QoS 1
 *   vz/plugs/<plugId>/authorization    platform → plug, a PlugAuthorization (the answer), QoS 1
 */
export const plugTopicKinds = [
  'state',
  'availability',
  'commands',
  'command-results',
  'authorize',
  'authorization',
] as const;
export type PlugTopicKind = (typeof plugTopicKinds)[number];

/** What the bridge subscribes to: everything plugs publish. */
export const plugInboundTopicFilters = [
  'vz/plugs/+/state',
  'vz/plugs/+/availability',
  'vz/plugs/+/command-results',
  'vz/plugs/+/authorize',
];

/** What the platform publishes to a plug: the bridge refuses these when they come from a plug. */
export const plugOutboundTopicKinds: ReadonlySet<PlugTopicKind> = new Set(['commands', 'authorization']);

const plugTopicPattern = new RegExp(`^vz/plugs/([A-Za-z0-9_.:-]{1,48})/(${plugTopicKinds.join('|')})$`);

export function plugTopicOf(topic: string): { plugId: string; kind: PlugTopicKind } | undefined {
  const match = plugTopicPattern.exec(topic);
  return match?.[1] === undefined ? undefined : { plugId: match[1], kind: match[2] as PlugTopicKind };
}

export function plugTopic(plugId: string, kind: PlugTopicKind): string {
  return `vz/plugs/${plugId}/${kind}`;
}

/** A driver's token as OCPP carries it (OCPP 1.6 IdToken: up to 20 characters; 2.0.1 IdTokenType: up to 36). */
const idTagSchema = z.string().min(1).max(36);

/** An escrow lock's id (its on-chain sessionRef): `0x` and 64 hex digits (libs/edge escrowIdOf). */
const escrowIdSchema = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be 0x and 64 hex digits');

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
  /**
   * Present when this message opens or closes a charging session. A start for a driver carries the driver's token
   * (`idTag`) and, when the authorization answered one, the prepaid lock (`escrowId`); a start without `idTag` is
   * anonymous (postpaid by the plug's operator).
   */
  session: z
    .strictObject({
      event: z.enum(['start', 'stop']),
      sessionId: z.string().min(1).max(64),
      idTag: idTagSchema.optional(),
      escrowId: escrowIdSchema.optional(),
    })
    .refine((session) => session.event === 'start' || (session.idTag === undefined && session.escrowId === undefined), {
      message: 'idTag and escrowId go on the start of a session only',
    })
    .refine((session) => session.escrowId === undefined || session.idTag !== undefined, {
      message: 'escrowId needs the idTag it was locked for',
    })
    .optional(),
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

/**
 * A plug asks whether a driver may charge before it starts the driver's session (e.g. the driver scanned the plug's
 * QR code in an app that gave the plug the driver's token). `requestId`: unique per plug and request; a plug that
 * asks again after getting no answer sends the same id (a prepaid account then gets the same lock, not a second one).
 */
export const plugAuthorizeSchema = z.strictObject({
  requestId: z.string().min(1).max(64),
  idTag: idTagSchema,
});
export type PlugAuthorize = z.output<typeof plugAuthorizeSchema>;

/**
 * The platform's answer, carrying the request's id. `accepted`: the plug may start the session, with this idTag and,
 * for a prepaid account, this `escrowId` on its start. `rejected`: no session; `reason` says why (`unknown token`,
 * `blocked`, `expired`, `no credit`, `unavailable`, …).
 */
export const plugAuthorizationSchema = z.strictObject({
  requestId: z.string().min(1).max(64),
  status: z.enum(['accepted', 'rejected']),
  reason: z.string().max(200).optional(),
  escrowId: escrowIdSchema.optional(),
});
export type PlugAuthorization = z.output<typeof plugAuthorizationSchema>;

/** Why a message was refused, in one line naming the fields (for the dead letter). */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`).join('; ');
}
