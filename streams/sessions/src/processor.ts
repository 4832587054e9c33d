import { jsonSerde, outputRecord, type ProcessorOptions } from '@vz/kafka';
import type { RegistryView } from '@vz/registry';
import type { ChargerEvent, ChargingSession, TopicCodec } from '@vz/schemas';
import { type ChargerSessions, defaultSessionRules, deriveSessions, type SessionRules } from './derive.ts';
import { enrichSession } from './enrich.ts';

/** Consumer group, transactional id prefix, `sessions-dlq`, `sessions-chargers-changelog`. */
export const sessionsApplication = 'sessions';

export interface SessionsTopics {
  readonly chargerEvents: TopicCodec<ChargerEvent>;
  /** Every session state change (anchored). */
  readonly sessions: TopicCodec<ChargingSession>;
  /** The latest state per session (compacted). */
  readonly latest: TopicCodec<ChargingSession>;
}

/**
 * The sessions processor: charger events keyed by charger id in, session states keyed by session id out to both
 * session topics in the same transaction, the per-charger state in the `chargers` store.
 */
export function sessionsProcessor(
  topics: SessionsTopics,
  rules: SessionRules = defaultSessionRules,
  /** Stations and tokens, for each session's station and account (`enrichSession`); without it both stay null. */
  registry?: RegistryView,
): Pick<ProcessorOptions<ChargerEvent, ChargerSessions>, 'inputs' | 'store' | 'process'> {
  return {
    inputs: [topics.chargerEvents],
    store: { name: 'chargers', serde: jsonSerde<ChargerSessions>() },
    process(record, state) {
      const derived = deriveSessions(record.value, state, rules);
      return {
        // Heartbeats and the like change nothing: no changelog write for them.
        ...(derived.changed ? { state: derived.state } : {}),
        outputs: derived.sessions
          .map((session) => (registry === undefined ? session : enrichSession(session, registry)))
          .flatMap((session) => [
            outputRecord(topics.sessions, session.sessionId, session),
            outputRecord(topics.latest, session.sessionId, session),
          ]),
      };
    },
  };
}
