// The Kafka → ClickHouse sink deployable: `node connectors/clickhouse/src/main.ts`, configured by VZ_* variables
// (sink/config.ts). See connectors/clickhouse/README.md.
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { bindWhenRegistered, runWorkerService } from '@vz/kafka';
import { topics } from '@vz/schemas';
import { loadSinkConfig } from './sink/config.ts';
import { RecordMapper, sinkTopicKeys } from './sink/rows.ts';
import { SinkWorker } from './sink/worker.ts';

const config = loadSinkConfig();
const { topicPrefix, ...sink } = config.sink;

await runWorkerService({
  service: 'connector-clickhouse',
  config,
  build: async ({ codec, logger, metricsRegistry, shutdown }) => {
    const inputs = await Promise.all(
      sinkTopicKeys().map(async (key) => ({
        codec: await bindWhenRegistered<Record<string, unknown>>(
          codec,
          `${topicPrefix}${topics[key].name}`,
          topics[key].valueSchema,
          { logger },
        ),
        mapper: new RecordMapper(key),
      })),
    );
    const clickhouse = createClient({
      url: config.clickhouse.url,
      username: config.clickhouse.user,
      password: config.clickhouse.password,
      request_timeout: config.clickhouse.requestTimeoutMs,
      // The sink logs what fails itself (with what it does about it); the client's own error log would repeat it.
      log: { level: ClickHouseLogLevel.OFF },
    });
    shutdown.register('clickhouse', () => clickhouse.close());
    logger.info(
      { inputs: inputs.map((input) => input.codec.topic), database: config.clickhouse.database, ...sink },
      'sink',
    );
    return [
      new SinkWorker({
        ...sink,
        application: `${topicPrefix}connector-clickhouse`,
        kafka: config.kafka,
        codec,
        inputs,
        clickhouse,
        database: config.clickhouse.database,
        logger,
        metricsRegistry,
      }),
    ];
  },
});
