// The CSMS deployable: `node connectors/ocpp/src/main.ts`, configured by VZ_* variables (config.ts).
import { readFileSync } from 'node:fs';
import { createLogger, createMetricsRegistry, createShutdown, startObservabilityServer } from '@vz/core';
import { Admin } from '@platformatic/kafka';
import { type CommandTopics, defaultPrepaidSettings, edgeCommandTopics } from '@vz/edge';
import { baseClientOptions, bindWhenRegistered } from '@vz/kafka';
import { followRegistry } from '@vz/registry';
import {
  type AuthorizationToken,
  AvroCodec,
  type ChainTransaction,
  type ChargerEvent,
  type Party,
  type PaymentCommand,
  loadSchemaSet,
  type RawFrame,
  SchemaRegistryClient,
  type Station,
  type Tariff,
  topics,
  type TopicSpec,
} from '@vz/schemas';
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

// Prepaid starts: who pays for a token (parties, tokens) and what a charger's tariff allows for (stations, tariffs).
const bind = <Value>(spec: TopicSpec) => bindWhenRegistered<Value>(codec, spec.name, spec.valueSchema, { logger });
const registryFeed = await followRegistry({
  kafka: config.kafka,
  application: 'connector-ocpp',
  instanceId,
  logger,
  topics: {
    parties: await bind<Party>(topics.registryParties),
    tokens: await bind<AuthorizationToken>(topics.registryTokens),
    stations: await bind<Station>(topics.registryStations),
    tariffs: await bind<Tariff>(topics.registryTariffs),
  },
});
shutdown.register('registry', registryFeed.close);
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
  tokens: {
    acceptUnknown: acceptUnknownTokens,
    codec: await bind<AuthorizationToken>(topics.registryTokens),
  },
  prepaid: {
    registry: registryFeed.view,
    commands: await bind<PaymentCommand>(topics.paymentCommands),
    outcomes: await bind<ChainTransaction>(topics.chainTransactions),
    settings: {
      ...defaultPrepaidSettings,
      defaultLockMinor: prepaidLockMinor,
      defaultCurrency: prepaidCurrency,
      lockTimeoutMs: prepaidLockTimeoutMs,
      waitMs: prepaidWaitMs,
    },
  },
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
