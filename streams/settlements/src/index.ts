export {
  accumulateAssetRevenue,
  type AssetRevenueRules,
  type AssetRevenueState,
  defaultAssetRevenueRules,
} from './asset-revenue.ts';
export {
  assetRevenueApplications,
  assetRevenueInternalTopic,
  assetRevenueStages,
  type AssetRevenueTopics,
  assetRevenueTopics,
} from './asset-revenue-stages.ts';
export { loadSettlementsConfig, settlementsConfigSchema, type SettlementsConfig } from './config.ts';
export { componentsInForce, figuresOf, priceSession, restrictionsHold } from './pricing.ts';
export { settlementsApplication, settlementsProcessor } from './processor.ts';
export {
  defaultSettlementRules,
  LockNotYetKnownError,
  platformPartyId,
  type SettledState,
  settleSession,
  type SettlementRules,
  splitsOf,
} from './settle.ts';
