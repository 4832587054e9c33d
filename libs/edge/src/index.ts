export { commandDeadline, commandResult, expiredResult, offlineResult } from './results.ts';
export {
  CommandRouter,
  type CommandRouterDependencies,
  type CommandTopics,
  PresenceBoard,
  presenceMessage,
  type PresenceRecord,
} from './router.ts';
export { defaultCommandTimeoutMs, edgeApplication, edgeCommandTopics } from './topics.ts';
export {
  defaultPrepaidSettings,
  escrowIdOf,
  PrepaidAuthorizer,
  type PrepaidDecision,
  type PrepaidDependencies,
  type PrepaidSettings,
} from './prepaid.ts';
export { followTokenBook, TokenBook, type TokenDecision } from './tokens.ts';
export { followEdgeAuthorization, prepaidConfigShape, prepaidSettingsOf } from './authorization.ts';
export {
  type DerivedEvent,
  EdgeIntake,
  type FrameContent,
  FrameSequence,
  type IntakeTopics,
  type LocatedFrame,
  type RecordLocation,
} from './intake.ts';
