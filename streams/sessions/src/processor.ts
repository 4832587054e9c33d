import { indexEntry, jsonSerde, outputRecord, type ProcessorOptions, type StoreDefinition } from '@vz/kafka';
import type { RegistryView } from '@vz/registry';
import type { ChargerEvent, ChargingSession, TopicCodec } from '@vz/schemas';
import { type ChargerSessions, defaultSessionRules, deriveSessions, type SessionRules } from './derive.ts';
import { enrichSession } from './enrich.ts';

/**
 * Consumer group, transactional id prefix, `sessions-dlq`, and the changelogs of `sessionsStores`
 * (`sessions-chargers-changelog`, `sessions-ended-changelog`).
 */
export const sessionsApplication = 'sessions';

/**
 * The index of ended transactions: session id → end time, for every completed session that left its charger's state
 * (`ChargerSessions.sessions` keeps only the last `completedKept`). One small compacted record per session, so a
 * charger's own record stays small however many sessions it had, and a late duplicate start or stop is recognised
 * however old. Entries are never removed: a charger may replay its offline queue at any time.
 */
export const endedSessionsIndex: StoreDefinition<number> = { name: 'ended', serde: jsonSerde<number>() };

/** The stores whose changelogs (`sessions-<store>-changelog`) hold the processor's state: a replay drops them all. */
export const sessionsStores = ['chargers', endedSessionsIndex.name] as const;

export interface SessionsTopics {
  readonly chargerEvents: TopicCodec<ChargerEvent>;
  /** Every session state change (anchored). */
  readonly sessions: TopicCodec<ChargingSession>;
  /** The latest state per session (compacted). */
  readonly latest: TopicCodec<ChargingSession>;
}

/** A charger's register maximum (`SessionRules.registerMaxWh`) as of an instant, null when unknown. */
export type RegisterMaxOf = (chargerId: string, at: number) => number | null;

/**
 * The sessions processor: charger events keyed by charger id in, session states keyed by session id out to both
 * session topics in the same transaction, the per-charger state in the `chargers` store and the ended transactions
 * in the `ended` index.
 */
/** What the deployable (and a replay) give the processor: station, account and register maximum from the registry. */
export function sessionsProcessorOptions(registry: RegistryView, rules: SessionRules) {
  return {
    registry,
    registerMaxOf: (chargerId: string, at: number) =>
      registry.meterRegisterMaxWh(chargerId, at) ?? rules.registerMaxWh ?? null,
  };
}

export function sessionsProcessor(
  topics: SessionsTopics,
  rules: SessionRules = defaultSessionRules,
  options: {
    /** The charger's register maximum as of an instant; by default every charger has `rules.registerMaxWh`. */
    readonly registerMaxOf?: RegisterMaxOf;
    /** Stations and tokens, for each session's station and account (`enrichSession`); without it both stay null. */
    readonly registry?: RegistryView;
  } = {},
): Pick<ProcessorOptions<ChargerEvent, ChargerSessions>, 'inputs' | 'store' | 'indexes' | 'process'> {
  const { registry } = options;
  const registerMaxOf: RegisterMaxOf = options.registerMaxOf ?? (() => rules.registerMaxWh ?? null);
  return {
    inputs: [topics.chargerEvents],
    store: { name: sessionsStores[0], serde: jsonSerde<ChargerSessions>() },
    indexes: [endedSessionsIndex],
    process(record, state, indexes) {
      const chargerRules = { ...rules, registerMaxWh: registerMaxOf(record.value.chargerId, record.value.occurredAt) };
      const derived = deriveSessions(
        record.value,
        state,
        chargerRules,
        (sessionId) => indexes?.get(endedSessionsIndex, sessionId) !== undefined,
      );
      return {
        // Heartbeats and the like change nothing: no changelog write for them.
        ...(derived.changed ? { state: derived.state } : {}),
        outputs: derived.sessions
          .map((session) => (registry === undefined ? session : enrichSession(session, registry)))
          .flatMap((session) => [
            outputRecord(topics.sessions, session.sessionId, session),
            outputRecord(topics.latest, session.sessionId, session),
          ]),
        indexEntries: derived.ended.map(({ sessionId, endedAt }) => indexEntry(endedSessionsIndex, sessionId, endedAt)),
      };
    },
  };
}
