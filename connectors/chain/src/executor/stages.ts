import { type InputRecord, type OutputRecord, outputRecord, type ProcessorStage, processorStage } from '@vz/kafka';
import type {
  AnchorBatch,
  ChainCommandKind,
  ChainTransaction,
  ChargingAsset,
  MintBatch,
  PaymentCommand,
  Settlement,
  Station,
  TopicCodec,
} from '@vz/schemas';
import type { ChainExecutor, ChainOutcome } from './chain-executor.ts';
import {
  type PartyLookup,
  type PlanContext,
  planAnchor,
  planAsset,
  planMint,
  planPaymentCommand,
  planSettle,
  planStation,
} from './commands.ts';

/** The executor's topics: the command inputs and the outcomes (ledger.anchors is input and output). */
export interface ExecutorTopics {
  readonly settlements: TopicCodec<Settlement>;
  readonly paymentCommands: TopicCodec<PaymentCommand>;
  readonly stations: TopicCodec<Station>;
  readonly assets: TopicCodec<ChargingAsset>;
  readonly mintBatches: TopicCodec<MintBatch>;
  readonly anchors: TopicCodec<AnchorBatch>;
  readonly transactions: TopicCodec<ChainTransaction>;
}

/** The stages' applications (consumer groups, transactional ids, DLQs), before the deployment's prefix. */
export const executorApplications = {
  settle: 'connector-chain-settle',
  mint: 'connector-chain-mint',
  anchor: 'connector-chain-anchor',
  payment: 'connector-chain-payment',
  stations: 'connector-chain-stations',
  assets: 'connector-chain-assets',
} as const;

/**
 * Retriable failures (node unreachable, nonce race) are retried without end: a command is never dead-lettered because
 * the chain was down, its partition waits (docs/design.md: retriable failures are retried and never reported).
 */
export const chainRetry = { maxAttempts: Number.POSITIVE_INFINITY, initialBackoffMs: 200, maxBackoffMs: 10_000 };

/** The one vz.chain.ChainTransaction a command record yields. */
export function chainTransaction(
  kind: ChainCommandKind,
  record: InputRecord<{ eventId: string; occurredAt: number }>,
  naturalKey: string,
  chainId: number,
  outcome: ChainOutcome,
): ChainTransaction {
  return {
    eventId: `${record.topic}:${record.value.eventId}`,
    occurredAt: outcome.blockTimestampMs ?? record.value.occurredAt,
    causationId: record.value.eventId,
    kind,
    naturalKey,
    commandTopic: record.topic,
    commandPartition: record.partition,
    commandOffset: Number(record.offset),
    status: outcome.status,
    chainId,
    contractAddress: outcome.contractAddress,
    txHash: outcome.txHash,
    blockNumber: outcome.blockNumber,
    gasUsed: outcome.gasUsed,
    reason: outcome.reason,
  };
}

/** The sealed batch as anchored: same batch, the transaction that stored its root. */
export function anchoredBatch(sealed: AnchorBatch, outcome: ChainOutcome, anchoredAtMs: number): AnchorBatch {
  return {
    ...sealed,
    eventId: `${sealed.batchId}:anchored`,
    occurredAt: anchoredAtMs,
    causationId: sealed.eventId,
    contractAddress: outcome.contractAddress,
    txHash: outcome.txHash,
    blockNumber: outcome.blockNumber,
    anchoredAt: anchoredAtMs,
  };
}

/**
 * Stateless exactly-once stages, one per command topic (they are not co-partitioned), sharing one executor
 * (one signer, one nonce sequence). Each command record yields exactly one ChainTransaction, in the transaction that
 * commits the record's offset; a sealed anchor batch also yields its anchored record on ledger.anchors.
 */
export function executorStages(
  topics: ExecutorTopics,
  executor: ChainExecutor,
  options: {
    readonly instanceId: string;
    readonly currency: string;
    readonly applicationPrefix?: string;
    /** The parties known so far (registry.parties): the wallets of station owners and investors. */
    readonly parties: PartyLookup;
    /** The StationRegistry endpoint of every mirrored station (e.g. the central system's OCPP URL), or ''. */
    readonly stationEndpoint: string;
  },
): ProcessorStage[] {
  const prefix = options.applicationPrefix ?? '';
  const context: PlanContext = {
    currency: options.currency,
    chainId: executor.chainId,
    anchorRegistry: executor.addresses.AnchorRegistry.toLowerCase(),
  };
  const result = (
    kind: ChainCommandKind,
    record: InputRecord<{ eventId: string; occurredAt: number }>,
    naturalKey: string,
    outcome: ChainOutcome,
  ): OutputRecord =>
    outputRecord(
      topics.transactions,
      naturalKey,
      chainTransaction(kind, record, naturalKey, executor.chainId, outcome),
    );
  return [
    processorStage<Settlement, never>({
      application: `${prefix}${executorApplications.settle}`,
      instanceId: options.instanceId,
      retry: chainRetry,
      inputs: [topics.settlements],
      async process(record) {
        const plan = planSettle(record.value, context);
        if (plan === undefined) return {}; // not an on-chain escrow: not a chain command
        return { outputs: [result('SETTLE', record, plan.naturalKey, await executor.settle(plan))] };
      },
    }),
    processorStage<PaymentCommand, never>({
      application: `${prefix}${executorApplications.payment}`,
      instanceId: options.instanceId,
      retry: chainRetry,
      inputs: [topics.paymentCommands],
      async process(record) {
        const planned = planPaymentCommand(record.value, context);
        const outcome =
          planned.kind === 'TOP_UP'
            ? await executor.topUp(planned.plan)
            : planned.kind === 'LOCK'
              ? await executor.lock(planned.plan)
              : await executor.refund(planned.plan);
        return { outputs: [result(planned.kind, record, planned.plan.naturalKey, outcome)] };
      },
    }),
    processorStage<Station, never>({
      application: `${prefix}${executorApplications.stations}`,
      instanceId: options.instanceId,
      retry: chainRetry,
      inputs: [topics.stations],
      async process(record) {
        const plan = planStation(record.value, options.parties, options.stationEndpoint);
        return { outputs: [result('REGISTER_STATION', record, plan.naturalKey, await executor.registerStation(plan))] };
      },
    }),
    processorStage<ChargingAsset, never>({
      application: `${prefix}${executorApplications.assets}`,
      instanceId: options.instanceId,
      retry: chainRetry,
      inputs: [topics.assets],
      async process(record) {
        const plan = planAsset(record.value, options.parties);
        return { outputs: [result('REGISTER_ASSET', record, plan.naturalKey, await executor.registerAsset(plan))] };
      },
    }),
    processorStage<MintBatch, never>({
      application: `${prefix}${executorApplications.mint}`,
      instanceId: options.instanceId,
      retry: chainRetry,
      inputs: [topics.mintBatches],
      async process(record) {
        const plan = planMint(record.value);
        return { outputs: [result('MINT', record, plan.naturalKey, await executor.mint(plan))] };
      },
    }),
    processorStage<AnchorBatch, never>({
      application: `${prefix}${executorApplications.anchor}`,
      instanceId: options.instanceId,
      retry: chainRetry,
      inputs: [topics.anchors],
      async process(record) {
        if (record.value.txHash !== null) return {}; // an anchored record: our own output
        const plan = planAnchor(record.value, context);
        const outcome = await executor.anchor(plan);
        const outputs = [result('ANCHOR', record, plan.naturalKey, outcome)];
        if (outcome.anchoredAtMs !== null && outcome.txHash !== null && outcome.status !== 'REJECTED') {
          const anchored = anchoredBatch(record.value, outcome, outcome.anchoredAtMs);
          outputs.push(outputRecord(topics.anchors, anchored.batchId, anchored));
        }
        return { outputs };
      },
    }),
  ];
}
