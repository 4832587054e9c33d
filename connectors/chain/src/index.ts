export {
  anchorBatchIdOf,
  anchorRangesHash,
  assetIdOf,
  dataScopes,
  mintBatchIdOf,
  scopeHashOf,
  scopeOfHash,
  walletAccountId,
} from './encoding.ts';
export { chainConnectorConfigSchema, loadChainConnectorConfig, type ChainConnectorConfig } from './config.ts';
export { ChainExecutor, type ChainOutcome } from './executor/chain-executor.ts';
export { planAnchor, planMint, planSettle, type PlanContext } from './executor/commands.ts';
export { executorApplications, executorStages, type ExecutorTopics } from './executor/stages.ts';
export { ChainListener, listenerCursorTopic, type Cursor, type ListenerTopics } from './listener/listener.ts';
export { chainContext, operatorSigner, platformContracts } from './chain.ts';
export { chainConnectorTopics } from './topics.ts';
