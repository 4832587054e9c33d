import type { Message } from '@platformatic/kafka';
import { type KafkaConfig, offsetBounds, readOffsetRanges } from '@vz/kafka';
import type { SettlementReview, TopicCodec } from '@vz/schemas';

/** Every committed record of billing.settlement-reviews, in offset order per partition (a session's in order). */
export async function readSettlementReviews(
  kafka: KafkaConfig,
  reviews: TopicCodec<SettlementReview>,
): Promise<SettlementReview[]> {
  const bounds = (await offsetBounds(kafka, [reviews.topic])).get(reviews.topic);
  const ranges = (bounds?.stable ?? []).map((to, partition) => ({
    topic: reviews.topic,
    partition,
    from: bounds?.earliest[partition] ?? 0n,
    to,
  }));
  const messages: Message[] = [];
  await readOffsetRanges(kafka, ranges, (message) => messages.push(message));
  return Promise.all(messages.map((message) => reviews.decode(message.value, message)));
}

/**
 * The proposals still waiting for an operator: per session the latest PROPOSED whose reviewId no CONFIRMED, REJECTED
 * or SUPERSEDED record names. A replay writes the proposals again with the same reviewIds; decisions still hold.
 */
export function pendingReviews(records: readonly SettlementReview[]): SettlementReview[] {
  const closed = new Set(records.filter((record) => record.decision !== 'PROPOSED').map((record) => record.reviewId));
  const latest = new Map<string, SettlementReview>();
  for (const record of records) if (record.decision === 'PROPOSED') latest.set(record.sessionId, record);
  return [...latest.values()].filter((record) => !closed.has(record.reviewId));
}

/** An operator's decision on a proposal, as `vz settlements confirm|reject` writes it. */
export function reviewDecision(
  proposal: SettlementReview,
  decision: 'CONFIRMED' | 'REJECTED',
  decidedBy: string,
  reason: string | null,
  decidedAt: number,
): SettlementReview {
  return {
    eventId: `${proposal.reviewId}:${decision}`,
    occurredAt: decidedAt,
    causationId: proposal.reviewId,
    sessionId: proposal.sessionId,
    reviewId: proposal.reviewId,
    decision,
    settledRevision: proposal.settledRevision,
    settledTotal: null,
    settledCharged: null,
    proposed: null,
    decidedBy,
    reason,
  };
}
