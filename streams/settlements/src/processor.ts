import { jsonSerde, outputRecord, type ProcessorOptions } from '@vz/kafka';
import type { ChargingSession, Settlement, TopicCodec } from '@vz/schemas';
import type { RegistryView } from '@vz/registry';
import { defaultSettlementRules, type SettledState, settleSession, type SettlementRules } from './settle.ts';

/** Consumer group, transactional id prefix, `settlements-dlq`, `settlements-settled-changelog`. */
export const settlementsApplication = 'settlements';

/**
 * The settlements processor: session states keyed by session id in, a settlement per completed session (and per
 * correction) out, keyed by session id; the state remembers what each session was settled with.
 */
export function settlementsProcessor(
  topics: { readonly sessions: TopicCodec<ChargingSession>; readonly settlements: TopicCodec<Settlement> },
  registry: RegistryView,
  rules: SettlementRules = defaultSettlementRules,
): Pick<ProcessorOptions<ChargingSession, SettledState>, 'inputs' | 'store' | 'process'> {
  return {
    inputs: [topics.sessions],
    store: { name: 'settled', serde: jsonSerde<SettledState>() },
    process(record, state) {
      const settled = settleSession(record.value, registry, state, rules);
      if (settled === undefined) return {};
      return {
        state: settled.state,
        outputs: [outputRecord(topics.settlements, settled.settlement.sessionId, settled.settlement)],
      };
    },
  };
}
