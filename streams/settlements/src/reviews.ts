import type { ChargingSession, Money, Settlement, SettlementReview } from '@vz/schemas';
import type { RegistryView } from '@vz/registry';
import { defaultSettlementRules, type SettledState, settleSession, type SettlementRules } from './settle.ts';

/** A revision held for an operator because it would lower what the session was settled at. */
export interface PendingReview {
  readonly reviewId: string;
  /** Its figures (`SettledState.key`). */
  readonly key: string;
  /** The settlement emitted on confirmation. */
  readonly settlement: Settlement;
}

/** An operator's decision read before the proposal it names (a replay reads both inputs from their start). */
export interface EarlyDecision {
  readonly reviewId: string;
  readonly decision: 'CONFIRMED' | 'REJECTED';
  readonly eventId: string;
  readonly occurredAt: number;
}

/** What the settlements processor keeps per session: the settled revision, and what is under review. */
export interface SessionSettlementState extends SettledState {
  readonly pending?: PendingReview | null;
  /** Figures an operator rejected: not proposed again. */
  readonly rejectedKeys?: readonly string[];
  readonly earlyDecisions?: readonly EarlyDecision[];
}

/** What one input record leads to: the state to keep (undefined: unchanged) and the records to write. */
export interface ReviewOutcome {
  readonly state?: SessionSettlementState;
  readonly settlements: Settlement[];
  readonly reviews: SettlementReview[];
}

const nothing: ReviewOutcome = { settlements: [], reviews: [] };
/** Early decisions kept per session: only decisions about proposals not (yet) seen land there. */
const maxEarlyDecisions = 20;

/** The state of a session with early decisions but no settlement yet: its first settlement is revision 0. */
const notSettled: SessionSettlementState = { revision: -1, key: '' };

function settledBefore(state: SessionSettlementState): boolean {
  return state.revision >= 0;
}

/** Total and charged of a settled revision: the first two of its figures (settle.ts, figuresKey). */
function settledAmountsOf(state: SettledState): { total: Money; charged: Money } {
  const [total, charged] = JSON.parse(state.key) as [Money, Money | null];
  return { total, charged: charged ?? total };
}

/** A revision lowers the settled one when its total or charged amount is lower, or its currency differs. */
function lowersSettled(settled: SettledState, settlement: Settlement): boolean {
  const before = settledAmountsOf(settled);
  const charged = settlement.charged ?? settlement.total;
  return (
    settlement.total.currency !== before.total.currency ||
    charged.currency !== before.charged.currency ||
    settlement.total.amountMinor < before.total.amountMinor ||
    charged.amountMinor < before.charged.amountMinor
  );
}

function reviewRecord(
  fields: Pick<SettlementReview, 'eventId' | 'occurredAt' | 'causationId' | 'sessionId' | 'reviewId' | 'decision'> &
    Partial<SettlementReview>,
): SettlementReview {
  return {
    settledRevision: 0,
    settledTotal: null,
    settledCharged: null,
    proposed: null,
    decidedBy: null,
    reason: null,
    ...fields,
  };
}

function superseded(pending: PendingReview, session: ChargingSession, revision: number, reason: string) {
  return reviewRecord({
    eventId: `${pending.reviewId}:SUPERSEDED`,
    occurredAt: session.occurredAt,
    causationId: session.eventId,
    sessionId: session.sessionId,
    reviewId: pending.reviewId,
    decision: 'SUPERSEDED',
    settledRevision: revision,
    reason,
  });
}

/** A decision applied to the pending proposal: confirmed emits it (caused by the decision), rejected drops it. */
function applyDecision(state: SessionSettlementState, pending: PendingReview, decision: EarlyDecision): ReviewOutcome {
  const earlyDecisions = (state.earlyDecisions ?? []).filter((early) => early.reviewId !== decision.reviewId);
  if (decision.decision === 'REJECTED') {
    return {
      state: { ...state, pending: null, rejectedKeys: [...(state.rejectedKeys ?? []), pending.key], earlyDecisions },
      settlements: [],
      reviews: [],
    };
  }
  const settlement = { ...pending.settlement, causationId: decision.eventId, occurredAt: decision.occurredAt };
  return {
    state: { ...state, revision: settlement.revision, key: pending.key, pending: null, earlyDecisions },
    settlements: [settlement],
    reviews: [],
  };
}

/**
 * A session state: settled as settle.ts says, except that a revision lowering the settled total or charged amount
 * is not emitted but held as a PROPOSED review (superseding one still pending) for an operator to confirm or reject.
 * Revision 0 and revisions that do not lower anything are emitted at once, as before. Deterministic in (session,
 * registry as of the session's times, state).
 */
export function onSessionState(
  session: ChargingSession,
  registry: RegistryView,
  previous: SessionSettlementState | undefined,
  rules: SettlementRules = defaultSettlementRules,
): ReviewOutcome {
  const settled = settleSession(session, registry, previous, rules);
  const pending = previous?.pending ?? null;
  if (settled === undefined) {
    // A completed state with the settled figures again: the late data that gave the proposal is gone.
    if (session.status !== 'COMPLETED' || previous === undefined || pending === null) return nothing;
    return {
      state: { ...previous, pending: null },
      settlements: [],
      reviews: [superseded(pending, session, previous.revision, 'figures equal to the settled revision again')],
    };
  }
  const { settlement, state } = settled;
  if (previous === undefined || !settledBefore(previous))
    return { state: { ...previous, ...state }, settlements: [settlement], reviews: [] };
  if (pending?.key === state.key || (previous.rejectedKeys ?? []).includes(state.key)) return nothing;
  const reviewId = `review:${session.eventId}`;
  const replaced = pending === null ? [] : [superseded(pending, session, previous.revision, `replaced by ${reviewId}`)];
  if (!lowersSettled(previous, settlement)) {
    return {
      state: { ...previous, ...state, pending: null },
      settlements: [settlement],
      reviews: pending === null ? [] : [superseded(pending, session, previous.revision, 'an automatic revision')],
    };
  }
  const before = settledAmountsOf(previous);
  const proposal: PendingReview = { reviewId, key: state.key, settlement };
  const proposed = reviewRecord({
    eventId: reviewId,
    occurredAt: session.occurredAt,
    causationId: session.eventId,
    sessionId: session.sessionId,
    reviewId,
    decision: 'PROPOSED',
    settledRevision: previous.revision,
    settledTotal: before.total,
    settledCharged: before.charged,
    proposed: settlement,
  });
  const held: SessionSettlementState = { ...previous, pending: proposal };
  const early = previous.earlyDecisions?.find((decision) => decision.reviewId === reviewId);
  if (early !== undefined) {
    const decided = applyDecision(held, proposal, early);
    return { ...decided, reviews: [...replaced, proposed] };
  }
  return { state: held, settlements: [], reviews: [...replaced, proposed] };
}

/**
 * A record of billing.settlement-reviews. An operator's decision on the pending proposal is applied (exactly once:
 * the proposal leaves the state in the same transaction); one on a proposal not seen yet is kept until it is;
 * the processor's own PROPOSED and SUPERSEDED records change nothing.
 */
export function onReview(review: SettlementReview, previous: SessionSettlementState | undefined): ReviewOutcome {
  if (review.decision !== 'CONFIRMED' && review.decision !== 'REJECTED') return nothing;
  const decision: EarlyDecision = {
    reviewId: review.reviewId,
    decision: review.decision,
    eventId: review.eventId,
    occurredAt: review.occurredAt,
  };
  const pending = previous?.pending ?? null;
  if (previous !== undefined && pending !== null && pending.reviewId === review.reviewId)
    return applyDecision(previous, pending, decision);
  const known = previous?.earlyDecisions ?? [];
  if (known.some((early) => early.reviewId === review.reviewId)) return nothing;
  const base: SessionSettlementState = previous ?? notSettled;
  return {
    state: { ...base, earlyDecisions: [...known, decision].slice(-maxEarlyDecisions) },
    settlements: [],
    reviews: [],
  };
}
