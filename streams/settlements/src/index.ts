export { loadSettlementsConfig, settlementsConfigSchema, type SettlementsConfig } from './config.ts';
export { divideByBasisPoints, divideRoundHalfUp, scaleRoundHalfUp } from './money.ts';
export { componentsInForce, figuresOf, priceSession, restrictionsHold } from './pricing.ts';
export { settlementsApplication, settlementsProcessor } from './processor.ts';
export { bindRegistryTopics, followRegistry, type RegistryTopics } from './registry-feed.ts';
export { RegistryView } from './registry-view.ts';
export { defaultSettlementRules, type SettledState, settleSession, type SettlementRules, splitsOf } from './settle.ts';
