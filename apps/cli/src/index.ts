export { automaticBaseline, schemaSetAtRevision } from './git-baseline.ts';
export { replayDerivations, type ReplayOptions, type ReplayProgress, replayStages } from './replay.ts';
