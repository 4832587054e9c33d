export {
  type ChargerSessions,
  defaultSessionRules,
  type Derivation,
  deriveSessions,
  sessionIdOf,
  type SessionRules,
  type TrackedSession,
} from './derive.ts';
export { loadSessionsConfig, sessionsConfigSchema, type SessionsConfig } from './config.ts';
export { sessionsApplication, sessionsProcessor, type SessionsTopics } from './processor.ts';
