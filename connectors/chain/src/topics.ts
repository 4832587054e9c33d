import { bindWhenRegistered } from '@vz/kafka';
import {
  type AnchorBatch,
  type AvroCodec,
  type ChainTransaction,
  type Consent,
  type MintBatch,
  type PaymentEvent,
  type Settlement,
  topics,
} from '@vz/schemas';
import type { Logger } from 'pino';
import type { ExecutorTopics } from './executor/stages.ts';
import type { ListenerTopics } from './listener/listener.ts';

/** Binds the catalog topics the connector reads and writes, each `<prefix><catalog name>` (tests use a prefix). */
export async function chainConnectorTopics(
  codec: AvroCodec,
  logger: Logger,
  prefix = '',
): Promise<ExecutorTopics & ListenerTopics> {
  const bind = <Value>(spec: { name: string; valueSchema: string }) =>
    bindWhenRegistered<Value>(codec, `${prefix}${spec.name}`, spec.valueSchema, { logger });
  return {
    settlements: await bind<Settlement>(topics.billingSettlements),
    mintBatches: await bind<MintBatch>(topics.rewardsMintBatches),
    anchors: await bind<AnchorBatch>(topics.ledgerAnchors),
    transactions: await bind<ChainTransaction>(topics.chainTransactions),
    payments: await bind<PaymentEvent>(topics.paymentEvents),
    consents: await bind<Consent>(topics.registryConsents),
  };
}
