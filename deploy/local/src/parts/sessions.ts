import { deployablePart } from './deployable.ts';

/** streams/sessions: charging sessions from the charger events, exactly once. */
export const sessionsPart = deployablePart({
  name: 'sessions',
  title: 'Charging sessions (streams/sessions)',
  entry: 'streams/sessions/src/main.ts',
  ports: (config) => ({ http: config.local.sessions.httpPort }),
  httpPort: (config) => config.local.sessions.httpPort,
  env: () => ({ VZ_SESSIONS_INSTANCE_ID: 'sessions-local' }),
});
