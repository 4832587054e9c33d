import { jsonSerde, outputRecord, type ProcessorOptions } from '@vz/kafka';
import type { RegistryView } from '@vz/registry';
import type { ChargingSession, Settlement, SettlementReview, TopicCodec } from '@vz/schemas';
import { onReview, onSessionState, type SessionSettlementState } from './reviews.ts';
import { defaultSettlementRules, type SettlementRules } from './settle.ts';

/** Consumer group, transactional id prefix, `settlements-dlq`, `settlements-settled-changelog`. */
export const settlementsApplication = 'settlements';

export interface SettlementsTopics {
  readonly sessions: TopicCodec<ChargingSession>;
  readonly settlements: TopicCodec<Settlement>;
  /** Written (proposals) and read (operators' decisions) by the processor; co-partitioned with sessions. */
  readonly reviews: TopicCodec<SettlementReview>;
}

/**
 * The settlements processor: session states and settlement reviews keyed by session id in; a settlement per completed
 * session, per correction and per confirmed review out, and a review per revision that would lower a settled amount,
 * keyed by session id. The state remembers what each session was settled with and what is under review.
 */
export function settlementsProcessor(
  topics: SettlementsTopics,
  registry: RegistryView,
  rules: SettlementRules = defaultSettlementRules,
): Pick<ProcessorOptions<ChargingSession | SettlementReview, SessionSettlementState>, 'inputs' | 'store' | 'process'> {
  return {
    inputs: [topics.sessions, topics.reviews],
    store: { name: 'settled', serde: jsonSerde<SessionSettlementState>() },
    process(record, state) {
      const outcome =
        record.topic === topics.reviews.topic
          ? onReview(record.value as SettlementReview, state)
          : onSessionState(record.value as ChargingSession, registry, state, rules);
      return {
        ...(outcome.state === undefined ? {} : { state: outcome.state }),
        outputs: [
          ...outcome.reviews.map((review) => outputRecord(topics.reviews, review.sessionId, review)),
          ...outcome.settlements.map((settlement) =>
            outputRecord(topics.settlements, settlement.sessionId, settlement),
          ),
        ],
      };
    },
  };
}
