export { sqlLiteral, sqlIdentifier, fillTemplate, SqlValueError, type SqlValue } from './sql.ts';
export { clickhouseExecutor, type SqlExecutor } from './executor.ts';
export {
  applyMigrations,
  loadMigrations,
  splitStatements,
  migrationsDir,
  MigrationError,
  type Migration,
  type ApplyResult,
} from './migrations.ts';
