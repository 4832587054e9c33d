import { endpointsOf } from '../endpoints.ts';
import { deployablePart } from './deployable.ts';

/** connectors/clickhouse: the Kafka → ClickHouse sink, filling the model in database `vz` (migrated at its start). */
export const clickhouseSinkPart = deployablePart({
  name: 'clickhouse-sink',
  title: 'Kafka → ClickHouse sink (connectors/clickhouse)',
  entry: 'connectors/clickhouse/src/main.ts',
  ports: (config) => ({ http: config.local.clickhouseSink.httpPort }),
  httpPort: (config) => config.local.clickhouseSink.httpPort,
  env: ({ config }) => {
    const { url, user, password } = endpointsOf(config).clickhouse;
    return {
      VZ_CLICKHOUSE_URL: url,
      VZ_CLICKHOUSE_USER: user,
      VZ_CLICKHOUSE_PASSWORD: password,
      VZ_CLICKHOUSE_DATABASE: 'vz',
      VZ_SINK_INSTANCE_ID: 'clickhouse-sink-local',
    };
  },
});
