import type { Admin } from '@platformatic/kafka';
import {
  bindWhenRegistered,
  ensureInternalTopic,
  jsonSerde,
  outputRecord,
  type ProcessorStage,
  processorStage,
} from '@vz/kafka';
import { type AssetRevenue, type AvroCodec, type Settlement, type TopicCodec, topics } from '@vz/schemas';
import type { Logger } from 'pino';
import { accumulateAssetRevenue, type AssetRevenueState } from './asset-revenue.ts';

export const assetRevenueApplications = { byAsset: 'settlements-by-asset', revenue: 'asset-revenue' } as const;

/** Settlements of asset stations, re-keyed by asset id (stage 1 → 2), kept a week: derived and replayable. */
export const assetRevenueInternalTopic = {
  name: 'settlements-by-asset',
  partitions: topics.billingAssetRevenue.partitions,
  configs: { 'retention.ms': String(7 * 86_400_000) },
} as const;

export interface AssetRevenueTopics {
  readonly settlements: TopicCodec<Settlement>;
  readonly byAsset: TopicCodec<Settlement>;
  readonly revenue: TopicCodec<AssetRevenue>;
}

export async function assetRevenueTopics(
  admin: Admin,
  codec: AvroCodec,
  logger: Logger,
  prefix = '',
): Promise<AssetRevenueTopics> {
  const bind = <Value>(topic: string, schema: string) => bindWhenRegistered<Value>(codec, topic, schema, { logger });
  return {
    settlements: await bind<Settlement>(
      `${prefix}${topics.billingSettlements.name}`,
      topics.billingSettlements.valueSchema,
    ),
    byAsset: await ensureInternalTopic<Settlement>(
      admin,
      codec,
      { ...assetRevenueInternalTopic, name: `${prefix}${assetRevenueInternalTopic.name}` },
      topics.billingSettlements.valueSchema,
    ),
    revenue: await bind<AssetRevenue>(
      `${prefix}${topics.billingAssetRevenue.name}`,
      topics.billingAssetRevenue.valueSchema,
    ),
  };
}

/**
 * Per-asset operating revenue (STO / RWA register) in two exactly-once stages: settlements of asset stations re-keyed
 * by asset, then accumulated per asset into daily and running totals on billing.asset-revenue.
 */
export function assetRevenueStages(topics: AssetRevenueTopics, instanceId: string): ProcessorStage[] {
  return [
    processorStage<Settlement, never>({
      application: assetRevenueApplications.byAsset,
      instanceId,
      inputs: [topics.settlements],
      process: ({ value }) => ({
        outputs: value.assetId === null ? [] : [outputRecord(topics.byAsset, value.assetId, value)],
      }),
    }),
    processorStage<Settlement, AssetRevenueState>({
      application: assetRevenueApplications.revenue,
      instanceId,
      inputs: [topics.byAsset],
      store: { name: 'assets', serde: jsonSerde<AssetRevenueState>() },
      process(record, state) {
        const accumulated = accumulateAssetRevenue(record.value, state);
        if (accumulated === undefined) return {};
        return {
          state: accumulated.state,
          outputs: [outputRecord(topics.revenue, accumulated.revenue.assetId, accumulated.revenue)],
        };
      },
    }),
  ];
}
