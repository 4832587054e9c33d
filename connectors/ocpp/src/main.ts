// The CSMS deployable: `node connectors/ocpp/src/main.ts`, configured by VZ_* variables (config.ts).
import { readFileSync } from 'node:fs';
import { createLogger, createMetricsRegistry, createShutdown, startObservabilityServer } from '@vz/core';
import { Admin } from '@platformatic/kafka';
import { type CommandTopics, edgeCommandTopics, followEdgeAuthorization, prepaidSettingsOf } from '@vz/edge';
import { baseClientOptions, bindWhenRegistered } from '@vz/kafka';
import { AvroCodec, type ChargerEvent, loadSchemaSet, type RawFrame, SchemaRegistryClient, topics } from '@vz/schemas';
import { Gauge } from 'prom-client';
import { loadOcppConfig } from './config.ts';
import { Csms } from './csms.ts';
import { StationCredentials } from './stations/credentials.ts';

const config = loadOcppConfig();
const logger = createLogger('connector-ocpp', config.logging);
const shutdown = createShutdown(logger);
shutdown.installSignalHandlers();

const codec = new AvroCodec(new SchemaRegistryClient(config.kafka.registryUrl), loadSchemaSet());
const rawFrames = await bindWhenRegistered<RawFrame>(
  codec,
  topics.chargerFramesRaw.name,
  topics.chargerFramesRaw.valueSchema,
  { logger },
);
const chargerEvents = await bindWhenRegistered<ChargerEvent>(
  codec,
  topics.chargerEvents.name,
  topics.chargerEvents.valueSchema,
  { logger },
);

// Remote commands: the catalog's command topics, plus the internal topics every edge instance shares.
const admin = new Admin(baseClientOptions(config.kafka, 'ocpp-admin'));
let commands: CommandTopics;
try {
  commands = await edgeCommandTopics({ admin, codec, logger });
} finally {
  await admin.close();
}

const {
  instanceId,
  stationsFile,
  tlsCertFile,
  tlsKeyFile,
  acceptUnknownTokens,
  prepaidLockMinor,
  prepaidCurrency,
  prepaidLockTimeoutMs,
  prepaidWaitMs,
  ...limits
} = config.ocpp;

const authorization = await followEdgeAuthorization({
  codec,
  kafka: config.kafka,
  application: 'connector-ocpp',
  instanceId,
  logger,
  settings: prepaidSettingsOf(config.ocpp),
});
shutdown.register('registry', authorization.close);
const settings = {
  ...limits,
  tls:
    tlsCertFile === undefined || tlsKeyFile === undefined
      ? undefined
      : { cert: readFileSync(tlsCertFile), key: readFileSync(tlsKeyFile) },
};
const csms = new Csms({
  settings,
  instanceId,
  kafka: config.kafka,
  rawFrames,
  chargerEvents,
  credentials: StationCredentials.fromFile(stationsFile),
  logger,
  commands,
  tokens: { acceptUnknown: acceptUnknownTokens, codec: authorization.tokens },
  prepaid: authorization.prepaid,
});
const port = await csms.listen();
shutdown.register('csms', () => csms.close());
logger.info(
  { url: `${settings.tls === undefined ? 'ws' : 'wss'}://${settings.host}:${port}/ocpp/<charger id>` },
  'CSMS listening',
);

const registry = createMetricsRegistry('connector-ocpp');
new Gauge({
  name: 'vz_ocpp_connections',
  help: 'Chargers connected to this instance.',
  registers: [registry],
  collect() {
    this.set(csms.connections);
  },
});
const observability = await startObservabilityServer({
  config: config.http,
  registry,
  readiness: {
    websocket: async () => ({ healthy: true, detail: `listening on ${port}, ${csms.connections} chargers` }),
  },
});
shutdown.register('observability', () => observability.close());
logger.info({ url: observability.url }, 'health and metrics');
