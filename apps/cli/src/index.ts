export { automaticBaseline, schemaSetAtRevision } from './git-baseline.ts';
