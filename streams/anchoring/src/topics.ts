import { bindWhenRegistered } from '@vz/kafka';
import {
  type AnchorBatch,
  type AnchorLeafChunk,
  type AvroCodec,
  catalogTopics,
  type TopicCodec,
  topics,
} from '@vz/schemas';
import type { Logger } from 'pino';

export interface AnchoringTopics {
  /** Every topic the catalog marks anchored, as named on this cluster. */
  readonly inputs: readonly string[];
  readonly anchors: TopicCodec<AnchorBatch>;
  readonly leaves: TopicCodec<AnchorLeafChunk>;
}

/** The anchored topics and the two ledger topics, with a prefix for tests. */
export async function anchoringTopics(codec: AvroCodec, logger: Logger, prefix = ''): Promise<AnchoringTopics> {
  const bind = <Value>(spec: { name: string; valueSchema: string }) =>
    bindWhenRegistered<Value>(codec, `${prefix}${spec.name}`, spec.valueSchema, { logger });
  return {
    inputs: catalogTopics()
      .filter((spec) => spec.anchored)
      .map((spec) => `${prefix}${spec.name}`),
    anchors: await bind<AnchorBatch>(topics.ledgerAnchors),
    leaves: await bind<AnchorLeafChunk>(topics.ledgerAnchorLeaves),
  };
}
