import type { ChargerCommand, FrameProtocol } from '@vz/schemas';
import type { OcppAction, OcppRequest, OcppResponse, Subprotocol } from '@vz/ocpp';
import type { NormalizedEvent } from '../normalize/events.ts';
import type { AuthorizationOutcome, AuthorizationPurpose } from './authorization.ts';

/** What a handler knows of the call it answers, and may ask of the central system. */
export interface CallContext {
  readonly chargerId: string;
  /** A station of the stations file (its boot is Accepted), or one let in by auto-provisioning (Pending). */
  readonly provisioned: boolean;
  readonly heartbeatIntervalSeconds: number;
  /** The token's decision from `registry.tokens` and, for a start of a prepaid account, its escrow lock. */
  authorize(idTag: string, purpose: AuthorizationPurpose): Promise<AuthorizationOutcome>;
}

export interface NormalizeContext {
  readonly chargerId: string;
  readonly heartbeatIntervalMs: number;
}

/** A handler's answer; `escrowId` is the lock of a prepaid start, put on the TransactionStarted it normalises to. */
export interface Answer<Response> {
  readonly response: Response;
  readonly escrowId?: string | null | undefined;
}

/**
 * One action a charger calls (OCPP 1.6 §4, OCPP 2.0.1 Part 2): what the central system answers, and what the call
 * and that answer mean as charger events. Adding an action is adding a handler to its version's list.
 */
export interface CallHandler<Request, Response> {
  readonly action: string;
  answer(request: Request, call: CallContext): Answer<Response> | Promise<Answer<Response>>;
  normalize(request: Request, response: Response, context: NormalizeContext): NormalizedEvent[];
}

/** A handler of one action of one version, typed by the messages generated from that version's schemas. */
export type VersionHandler<Version extends Subprotocol, Action extends OcppAction<Version>> = CallHandler<
  OcppRequest<Version, Action>,
  OcppResponse<Version, Action>
> & { readonly action: Action };

/** A handler as the transport holds it, whatever its action: payloads as ocpp-rpc hands them over. */
export interface RegisteredHandler {
  readonly action: string;
  answer(request: unknown, call: CallContext): Promise<Answer<unknown>>;
  normalize(request: unknown, response: unknown, context: NormalizeContext): NormalizedEvent[];
}

/**
 * ocpp-rpc validates every call against its action's request schema before a handler sees it, and every answer
 * against the response schema before it is sent (strict mode), and the generated types are those schemas: the
 * payloads are the handler's types.
 */
export function register<Request, Response>(handler: CallHandler<Request, Response>): RegisteredHandler {
  return {
    action: handler.action,
    answer: async (request, call) => handler.answer(request as Request, call),
    normalize: (request, response, context) => handler.normalize(request as Request, response as Response, context),
  };
}

/** An OCPP call the central system sends to a charger, typed by the version's generated messages. */
export type OutgoingCall<Version extends Subprotocol> = {
  [Action in OcppAction<Version>]: { readonly action: Action; readonly params: OcppRequest<Version, Action> };
}[OcppAction<Version>];

/** What is particular to one OCPP version; the transport picks one per connection by the negotiated subprotocol. */
export interface OcppVersion {
  readonly subprotocol: Subprotocol;
  readonly frameProtocol: FrameProtocol;
  /** The CALLERROR code for a frame above the size limit: 1.6 §4.2.3 FormationViolation, 2.0.1 Part 4 §4.3 FormatViolation. */
  readonly formatViolation: string;
  /** The calls this central system answers; ocpp-rpc answers any other with NotImplemented. */
  readonly handlers: readonly RegisteredHandler[];
  /** The call a platform command becomes; undefined when it has no form in this version (answered REJECTED). */
  commandCall(command: ChargerCommand): { readonly action: string; readonly params: object } | undefined;
}

/** A call's answer and the charger events it means (with the lock of a prepaid start on its TransactionStarted). */
export async function handleCall(
  handler: RegisteredHandler,
  request: unknown,
  call: CallContext,
  heartbeatIntervalMs: number,
): Promise<{ response: unknown; events: NormalizedEvent[] }> {
  const { response, escrowId } = await handler.answer(request, call);
  const normalized = handler.normalize(request, response, { chargerId: call.chargerId, heartbeatIntervalMs });
  const events = escrowId == null ? normalized : normalized.map((event) => withEscrow(event, escrowId));
  return { response, events };
}

/** The events of an accepted call of a version given its answer (none for an action it does not handle). */
export function normalizerOf(
  version: Pick<OcppVersion, 'handlers'>,
): (
  chargerId: string,
  action: string,
  request: unknown,
  response: unknown,
  heartbeatIntervalMs: number,
) => NormalizedEvent[] {
  return (chargerId, action, request, response, heartbeatIntervalMs) => {
    const handler = version.handlers.find((candidate) => candidate.action === action);
    return handler?.normalize(request, response, { chargerId, heartbeatIntervalMs }) ?? [];
  };
}

/** The lock the central system placed for a start, on the TransactionStarted it normalised to. */
function withEscrow(event: NormalizedEvent, escrowId: string): NormalizedEvent {
  const started =
    'vz.charger.TransactionStarted' in event.payload ? event.payload['vz.charger.TransactionStarted'] : undefined;
  if (started === undefined) return event;
  return { ...event, payload: { 'vz.charger.TransactionStarted': { ...started, escrowId } } };
}
