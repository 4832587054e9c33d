// The sessions deployable: `node streams/sessions/src/main.ts`, configured by VZ_* variables (config.ts).
import { bindWhenRegistered, runProcessorService } from '@vz/kafka';
import { followRegistry } from '@vz/registry';
import {
  type AuthorizationToken,
  type ChargerEvent,
  type ChargingSession,
  type Party,
  type Station,
  topics,
} from '@vz/schemas';
import { loadSessionsConfig } from './config.ts';
import type { ChargerSessions } from './derive.ts';
import { sessionsApplication, sessionsProcessor, sessionsProcessorOptions } from './processor.ts';

const config = loadSessionsConfig();
const { instanceId, ...rules } = config.sessions;

await runProcessorService<ChargerEvent, ChargerSessions>({
  service: 'stream-sessions',
  config,
  build: async ({ codec, logger, shutdown }) => {
    const bind = <Value>(topic: (typeof topics)[keyof typeof topics]) =>
      bindWhenRegistered<Value>(codec, topic.name, topic.valueSchema, { logger });
    const registry = await followRegistry({
      kafka: config.kafka,
      application: sessionsApplication,
      instanceId,
      logger,
      topics: {
        parties: await bind<Party>(topics.registryParties),
        stations: await bind<Station>(topics.registryStations),
        tokens: await bind<AuthorizationToken>(topics.registryTokens),
      },
    });
    shutdown.register('registry', registry.close);
    return {
      application: sessionsApplication,
      instanceId,
      ...sessionsProcessor(
        {
          chargerEvents: await bind<ChargerEvent>(topics.chargerEvents),
          sessions: await bind<ChargingSession>(topics.chargingSessions),
          latest: await bind<ChargingSession>(topics.chargingSessionsLatest),
        },
        rules,
        sessionsProcessorOptions(registry.view, rules),
      ),
    };
  },
});
