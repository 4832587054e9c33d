// The chain connector: `node connectors/chain/src/main.ts`, configured by VZ_* variables (config.ts). Runs the
// executor's stages (settle, mint, anchor, payment orders), the listener and the lock sweeper in one process.
import { readContractAddresses } from '@vz/contracts';
import { Processor, runWorkerService, type ServiceWorker } from '@vz/kafka';
import { chainContext, operatorSigner } from './chain.ts';
import { ReorgTooDeepError } from './chain-errors.ts';
import { loadChainConnectorConfig } from './config.ts';
import { ChainExecutor } from './executor/chain-executor.ts';
import { followParties } from './executor/parties.ts';
import { executorStages } from './executor/stages.ts';
import { ChainListener, listenerCursorTopic } from './listener/listener.ts';
import { LockSweeper } from './sweeper/lock-sweeper.ts';
import { chainConnectorTopics } from './topics.ts';
import { ConfigError } from '@vz/core';

/** Exit code of a listener that saw a reorganisation deeper than its confirmations (see the README). */
export const REORG_EXIT_CODE = 4;

const config = loadChainConnectorConfig();
const { chain } = config;
const context = chainContext(chain.rpcUrl, readContractAddresses(chain.contractsFile));
const prefix = chain.topicPrefix;

await runWorkerService({
  service: 'connector-chain',
  config,
  build: async ({ codec, logger, metricsRegistry }) => {
    const network = await context.provider.getNetwork();
    if (Number(network.chainId) !== context.chainId) {
      throw new ConfigError(
        `${chain.rpcUrl} is chain ${network.chainId}, ${chain.contractsFile} is for ${context.chainId}`,
      );
    }
    const topics = await chainConnectorTopics(codec, logger, prefix);
    logger.info({ chainId: context.chainId, contracts: context.addresses.contracts, prefix }, 'chain connector');
    const workers: ServiceWorker[] = [];
    if (chain.executorEnabled && chain.operatorKey !== undefined) {
      const executor = new ChainExecutor({
        context,
        signer: operatorSigner(context, chain.operatorKey),
        logger,
        receiptTimeoutMs: chain.receiptTimeoutMs,
        logChunk: chain.blockChunk,
        prerequisiteWaitMs: chain.prerequisiteWaitMs,
      });
      const parties = await followParties({
        kafka: config.kafka,
        parties: topics.parties,
        instanceId: chain.instanceId,
        logger,
      });
      const stages = executorStages(topics, executor, {
        instanceId: chain.instanceId,
        currency: chain.currency,
        applicationPrefix: prefix,
        parties: parties.view.lookup,
        stationEndpoint: chain.stationEndpoint,
      });
      for (const stage of stages) {
        workers.push(new Processor({ ...stage, kafka: config.kafka, codec, logger, metricsRegistry }));
      }
    }
    if (chain.listenerEnabled) {
      const listener = new ChainListener({
        context,
        kafka: config.kafka,
        topics,
        cursorTopic: `${prefix}${listenerCursorTopic}`,
        transactionalId: `${prefix}connector-chain-listener-${chain.instanceId}`,
        confirmations: chain.confirmations,
        pollIntervalMs: chain.pollIntervalMs,
        blockChunk: chain.blockChunk,
        currency: chain.currency,
        logger,
        metricsRegistry,
      });
      workers.push({
        get processing() {
          return listener.processing;
        },
        stop: () => listener.stop(),
        start: () =>
          listener.start().catch((error: unknown) => {
            if (!(error instanceof ReorgTooDeepError)) throw error;
            logger.fatal({ err: error }, 'chain listener stopped: reorganisation deeper than the confirmations');
            logger.flush();
            process.exit(REORG_EXIT_CODE);
          }),
      });
    }
    if (chain.sweeperEnabled) {
      workers.push(
        new LockSweeper({
          context,
          kafka: config.kafka,
          payments: topics.payments,
          paymentCommands: topics.paymentCommands,
          instanceId: chain.instanceId,
          pollIntervalMs: chain.pollIntervalMs,
          logger,
        }),
      );
    }
    return workers;
  },
});
