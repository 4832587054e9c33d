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
export { figuresOf, priceSession, type PricedSession, type SessionFigures } from './pricing.ts';
export { settlementsApplication, settlementsProcessor, type SettlementsTopics } from './processor.ts';
export {
  type EarlyDecision,
  onReview,
  onSessionState,
  type PendingReview,
  type ReviewOutcome,
  type SessionSettlementState,
} from './reviews.ts';
export {
  defaultSettlementRules,
  LockNotYetKnownError,
  platformPartyId,
  type SettledState,
  settleSession,
  type SettlementRules,
  splitsOf,
} from './settle.ts';
export { pendingReviews, readSettlementReviews, reviewDecision } from './review-log.ts';
