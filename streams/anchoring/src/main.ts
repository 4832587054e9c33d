// The anchoring deployable: `node streams/anchoring/src/main.ts`, configured by VZ_* variables (config.ts).
import { runWorkerService } from '@vz/kafka';
import { loadAnchoringConfig } from './config.ts';
import { anchoringTopics } from './topics.ts';
import { AnchoringWorker } from './worker.ts';

const config = loadAnchoringConfig();
const { topicPrefix, ...anchoring } = config.anchoring;

await runWorkerService({
  service: 'stream-anchoring',
  config,
  build: async ({ codec, logger, metricsRegistry }) => {
    const bound = await anchoringTopics(codec, logger, topicPrefix);
    logger.info({ inputs: bound.inputs, ...anchoring }, 'anchoring');
    return [
      new AnchoringWorker({
        ...anchoring,
        ...bound,
        application: `${topicPrefix}streams-anchoring`,
        kafka: config.kafka,
        logger,
        metricsRegistry,
      }),
    ];
  },
});
