import { Admin } from '@platformatic/kafka';
import { ConflictError, InternalError, type Logger, TimeoutError } from '@vz/core';
import {
  baseClientOptions,
  ensureTopics,
  type KafkaConfig,
  Processor,
  type ProcessorOptions,
  type ProcessorStage,
  processorStage,
} from '@vz/kafka';
import {
  type AvroCodec,
  type ChargerEvent,
  type ChargingSession,
  changelogTopicName,
  type SettlementReview,
  deadLetterTopicSpec,
  type TopicSpec,
  topicConfigs,
  topics,
} from '@vz/schemas';
import {
  type BatchRules,
  defaultRulesFile,
  loadRewardRules,
  rewardsApplications,
  rewardsInternalTopics,
  rewardsStages,
  type RewardsTopics,
  rewardsTopics,
} from '@vz/stream-rewards';
import {
  defaultSessionRules,
  type SessionRules,
  sessionsApplication,
  sessionsProcessor,
  sessionsProcessorOptions,
  sessionsStores,
} from '@vz/stream-sessions';
import {
  assetRevenueApplications,
  assetRevenueInternalTopic,
  assetRevenueStages,
  type AssetRevenueTopics,
  assetRevenueTopics,
  type SettlementRules,
  settlementsApplication,
  settlementsProcessor,
} from '@vz/stream-settlements';
import { bindRegistryTopics, followRegistry } from '@vz/registry';
import { Registry } from 'prom-client';

/**
 * Replay: drop every derived topic, changelog, dead-letter topic and consumer group of the derivations,
 * then run the derivations again from their inputs, stage by stage, each until it has consumed everything its input
 * held. The processors are deterministic in their inputs, so the derived topics come back identical record for record
 * per key (the order of different keys within a partition follows processing and may interleave differently).
 */

/** A topic a stage reads or writes: a catalog topic or one of a derivation's internal ones. */
interface TopicRef {
  readonly name: string;
  readonly partitions: number;
  readonly configs: Readonly<Record<string, string>>;
}

const catalogRef = (spec: TopicSpec): TopicRef => ({
  name: spec.name,
  partitions: spec.partitions,
  configs: topicConfigs(spec),
});

interface Stage {
  readonly application: string;
  readonly input: TopicRef;
  readonly outputs: readonly TopicRef[];
  readonly stores: readonly string[];
}

/** The local platform's parts that run the stages (streams/rewards runs three). */
export const replayDeployables = ['sessions', 'settlements', 'rewards'] as const;

/** In dependency order: each stage reads what an earlier one wrote. */
export const replayStages: readonly Stage[] = [
  {
    application: sessionsApplication,
    input: catalogRef(topics.chargerEvents),
    outputs: [catalogRef(topics.chargingSessions), catalogRef(topics.chargingSessionsLatest)],
    stores: sessionsStores,
  },
  {
    application: settlementsApplication,
    input: catalogRef(topics.chargingSessions),
    outputs: [catalogRef(topics.billingSettlements)],
    stores: ['settled'],
  },
  {
    application: assetRevenueApplications.byAsset,
    input: catalogRef(topics.billingSettlements),
    outputs: [assetRevenueInternalTopic],
    stores: [],
  },
  {
    application: assetRevenueApplications.revenue,
    input: assetRevenueInternalTopic,
    outputs: [catalogRef(topics.billingAssetRevenue)],
    stores: ['assets'],
  },
  {
    application: rewardsApplications.rate,
    input: catalogRef(topics.billingSettlements),
    outputs: [rewardsInternalTopics.candidates],
    stores: [],
  },
  {
    application: rewardsApplications.grant,
    input: rewardsInternalTopics.candidates,
    outputs: [catalogRef(topics.rewardsVzp), rewardsInternalTopics.mintQueue],
    stores: ['recipients'],
  },
  {
    application: rewardsApplications.mint,
    input: rewardsInternalTopics.mintQueue,
    outputs: [catalogRef(topics.rewardsMintBatches)],
    stores: ['buckets'],
  },
];

export interface ReplayProgress {
  readonly stage: string;
  readonly processed: number;
  readonly elapsedMs: number;
  readonly done: boolean;
}

export interface ReplayOptions {
  readonly kafka: KafkaConfig;
  readonly codec: AvroCodec;
  readonly logger: Logger;
  /** Prefix of every topic and group (tests, tenants); '' for the platform's own. */
  readonly prefix: string;
  readonly onProgress: (progress: ReplayProgress) => void;
  /** The rules the deployed processors run with (their VZ_SESSIONS_* / VZ_SETTLEMENTS_* settings); defaults if omitted. */
  readonly sessionRules?: SessionRules;
  readonly settlementRules?: SettlementRules;
  /** The reward rules file the rewards deployable runs with (VZ_REWARDS_RULES_FILE); the shipped one if omitted. */
  readonly rewardRulesFile?: string;
  readonly rewardBatching?: BatchRules;
}

/** Fails unless nobody is consuming as one of the stages: a running deployable would race the replay. */
async function assertStagesStopped(admin: Admin, prefix: string): Promise<void> {
  const groups = replayStages.map((stage) => `${prefix}${stage.application}`);
  const described = await admin.describeGroups({ groups });
  const busy = [...described.values()].filter((group) => group.members.size > 0).map((group) => group.id);
  if (busy.length > 0) {
    throw new ConflictError(
      `${busy.join(', ')} still ha${busy.length === 1 ? 's' : 've'} members: stop those deployables first ` +
        `(npm run platform -- down --only ${replayDeployables.join(',')})`,
    );
  }
}

async function dropDerived(admin: Admin, prefix: string, logger: Logger): Promise<void> {
  const derived = replayStages.flatMap((stage) => [
    ...stage.outputs.map((spec) => `${prefix}${spec.name}`),
    ...stage.stores.map((store) => `${prefix}${changelogTopicName(stage.application, store)}`),
    `${prefix}${deadLetterTopicSpec(stage.application, 1).name}`,
  ]);
  const existing = new Set(await admin.listTopics());
  const toDelete = derived.filter((topic) => existing.has(topic));
  if (toDelete.length > 0) await admin.deleteTopics({ topics: toDelete });
  const groups = replayStages.map((stage) => `${prefix}${stage.application}`);
  await admin.deleteGroups({ groups }).catch((error: unknown) => logger.debug({ err: error }, 'no groups to delete'));
  // Topic deletion completes asynchronously: wait until the names are free before creating them again.
  for (let attempt = 0; ; attempt += 1) {
    const left = new Set(await admin.listTopics());
    if (!toDelete.some((topic) => left.has(topic))) break;
    if (attempt > 120)
      throw new TimeoutError(`topics not deleted after 60 s: ${toDelete.filter((t) => left.has(t)).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await ensureTopics(
    admin,
    replayStages.flatMap((stage) => stage.outputs.map((ref) => ({ ...ref, name: `${prefix}${ref.name}` }))),
  );
  logger.info({ deleted: toDelete }, 'derived topics dropped and recreated');
}

/** A counter of the runtime (committed records only), by topic: `vz_processor_records_{in,out}_total`. */
async function committedByTopic(registry: Registry, name: string): Promise<Map<string, number>> {
  const metric = registry.getSingleMetric(name);
  const counts = new Map<string, number>();
  for (const { labels, value } of (await metric?.get())?.values ?? []) {
    const topic = String(labels['topic'] ?? '');
    counts.set(topic, (counts.get(topic) ?? 0) + value);
  }
  return counts;
}

/** Records a topic holds now: what the connectors wrote (idempotent, not transactional: no markers), per partition. */
async function recordsIn(kafka: KafkaConfig, topic: TopicRef): Promise<number> {
  const admin = new Admin(baseClientOptions(kafka, 'replay-offsets'));
  try {
    const partitions = Array.from({ length: topic.partitions }, (_, partitionIndex) => partitionIndex);
    const offsets = async (timestamp: bigint) =>
      (
        await admin.listOffsets({
          topics: [
            { name: topic.name, partitions: partitions.map((partitionIndex) => ({ partitionIndex, timestamp })) },
          ],
        })
      ).flatMap((listed) => listed.partitions.map((partition) => partition.offset));
    const ends = await offsets(-1n);
    const starts = await offsets(-2n);
    return ends.reduce((sum, end, index) => sum + Number(end - (starts[index] ?? 0n)), 0);
  } finally {
    await admin.close();
  }
}

interface StageOutcome {
  readonly processed: number;
  /** Committed records written, by topic (without the prefix). */
  readonly written: ReadonlyMap<string, number>;
}

/**
 * Runs a stage until it has committed `expected` input records: the number the earlier stage committed to its
 * input (the runtime counts records of committed transactions only), or what the connectors wrote. Exact, so no
 * waiting for quiet: a replay of a million records ends when the last one is committed.
 */
async function runStage<Input, State>(
  options: ReplayOptions,
  stage: Stage,
  parts: Pick<ProcessorOptions<Input, State>, 'inputs' | 'store' | 'indexes' | 'process'>,
  expected: number,
): Promise<StageOutcome> {
  const registry = new Registry();
  const inputTopic = `${options.prefix}${stage.input.name}`;
  let firstAt: number | undefined;
  const started = Date.now();
  const processor = new Processor<Input, State>({
    ...parts,
    process: (record, state, indexes) => {
      firstAt ??= Date.now();
      return parts.process(record, state, indexes);
    },
    application: `${options.prefix}${stage.application}`,
    instanceId: 'replay',
    kafka: options.kafka,
    codec: options.codec,
    logger: options.logger,
    metricsRegistry: registry,
    batch: { maxRecords: 5_000, lingerMs: 20 },
  });
  const loop = processor.start();
  let failed: unknown;
  loop.catch((error: unknown) => (failed = error));
  let processed = 0;
  let doneAt = started;
  try {
    for (;;) {
      processed = (await committedByTopic(registry, 'vz_processor_records_in_total')).get(inputTopic) ?? 0;
      if (processed >= expected) break;
      if (failed !== undefined) throw failed;
      options.onProgress({ stage: stage.application, processed, elapsedMs: Date.now() - started, done: false });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    doneAt = Date.now();
  } finally {
    await processor.stop();
  }
  const written = new Map(
    [...(await committedByTopic(registry, 'vz_processor_records_out_total'))].map(([topic, count]) => [
      topic.slice(options.prefix.length),
      count,
    ]),
  );
  // From the first record processed to the last commit (joining the group before is in the command's total).
  options.onProgress({ stage: stage.application, processed, elapsedMs: doneAt - (firstAt ?? doneAt), done: true });
  return { processed, written };
}

/** Drops and rebuilds every derived topic from the inputs; resolves with the records each stage processed. */
export async function replayDerivations(options: ReplayOptions): Promise<Record<string, number>> {
  const { kafka, codec, logger, prefix } = options;
  const rules = loadRewardRules(options.rewardRulesFile ?? defaultRulesFile);
  const admin = new Admin(baseClientOptions(kafka, 'replay-admin'));
  let rewards: RewardsTopics;
  let assets: AssetRevenueTopics;
  try {
    await assertStagesStopped(admin, prefix);
    await dropDerived(admin, prefix, logger);
    rewards = await rewardsTopics(admin, codec, logger, prefix);
    assets = await assetRevenueTopics(admin, codec, logger, prefix);
  } finally {
    await admin.close();
  }
  const bind = <Value>(spec: TopicSpec) => codec.bind<Value>(`${prefix}${spec.name}`, spec.valueSchema);
  const sessions = await bind<ChargingSession>(topics.chargingSessions);
  const registry = await followRegistry({
    kafka,
    application: 'replay',
    instanceId: 'replay',
    logger,
    topics: await bindRegistryTopics(bind),
  });
  const parts: ProcessorStage[] = [
    processorStage({
      application: sessionsApplication,
      instanceId: 'replay',
      ...sessionsProcessor(
        {
          chargerEvents: await bind<ChargerEvent>(topics.chargerEvents),
          sessions,
          latest: await bind<ChargingSession>(topics.chargingSessionsLatest),
        },
        options.sessionRules,
        sessionsProcessorOptions(registry.view, options.sessionRules ?? defaultSessionRules),
      ),
    }),
    processorStage({
      application: settlementsApplication,
      instanceId: 'replay',
      ...settlementsProcessor(
        {
          sessions,
          settlements: rewards.settlements,
          reviews: await bind<SettlementReview>(topics.billingSettlementReviews),
        },
        registry.view,
        options.settlementRules,
      ),
    }),
    ...assetRevenueStages(assets, 'replay'),
    ...rewardsStages(rewards, rules, 'replay', options.rewardBatching, (partyId, at) =>
      registry.view.walletOf(partyId, at),
    ),
  ];
  const counts: Record<string, number> = {};
  // What each topic holds for the next stage: the connectors' input as it is now, then what the stages commit.
  const available = new Map<string, number>([
    [
      topics.chargerEvents.name,
      await recordsIn(kafka, { ...catalogRef(topics.chargerEvents), name: `${prefix}${topics.chargerEvents.name}` }),
    ],
  ]);
  try {
    for (const [index, stage] of replayStages.entries()) {
      const stageParts = parts[index];
      if (stageParts === undefined) throw new InternalError(`no processor for replay stage ${stage.application}`);
      const outcome = await runStage(options, stage, stageParts, available.get(stage.input.name) ?? 0);
      counts[stage.application] = outcome.processed;
      for (const [topic, count] of outcome.written) available.set(topic, (available.get(topic) ?? 0) + count);
    }
  } finally {
    await registry.close();
  }
  return counts;
}
