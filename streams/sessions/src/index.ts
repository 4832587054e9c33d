export {
  type ChargerSessions,
  defaultSessionRules,
  type Derivation,
  deriveSessions,
  type EndedLookup,
  type Reading,
  type RegisterEnergy,
  registerEnergy,
  sessionIdOf,
  type SessionRules,
  type TrackedSession,
} from './derive.ts';
export { loadSessionsConfig, sessionsConfigSchema, type SessionsConfig } from './config.ts';
export {
  endedSessionsIndex,
  type RegisterMaxOf,
  sessionsApplication,
  sessionsProcessor,
  sessionsProcessorOptions,
  sessionsStores,
  type SessionsTopics,
} from './processor.ts';
