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
export { insertValues } from './insert.ts';
export {
  queryCatalog,
  queryNames,
  queryText,
  renderQuery,
  runQuery,
  queriesDir,
  defaultDatabase,
  type QueryName,
} from './queries.ts';
export { modelTables, provenanceColumns, type ModelTable, type ModelTableName } from './tables.ts';
export { avroColumns, type ColumnTypes } from './avro-columns.ts';
export { checkTableColumns } from './model-check.ts';
export { RecordMapper, sinkTopicKeys } from './sink/rows.ts';
export {
  markAllRollupDays,
  markRollupDays,
  pendingRollupDays,
  refreshRollups,
  rollupDaysOf,
  rollupNames,
  rollups,
  type RollupName,
  type RollupRefresh,
} from './rollups.ts';
