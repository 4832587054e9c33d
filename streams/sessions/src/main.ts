// The sessions deployable: `node streams/sessions/src/main.ts`, configured by VZ_* variables (config.ts).
import { bindWhenRegistered, runProcessorService } from '@vz/kafka';
import { type ChargerEvent, type ChargingSession, topics } from '@vz/schemas';
import { loadSessionsConfig } from './config.ts';
import type { ChargerSessions } from './derive.ts';
import { sessionsApplication, sessionsProcessor } from './processor.ts';

const config = loadSessionsConfig();
const { instanceId, ...rules } = config.sessions;

await runProcessorService<ChargerEvent, ChargerSessions>({
  service: 'stream-sessions',
  config,
  build: async ({ codec, logger }) => {
    const bind = <Value>(topic: (typeof topics)[keyof typeof topics]) =>
      bindWhenRegistered<Value>(codec, topic.name, topic.valueSchema, { logger });
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
      ),
    };
  },
});
