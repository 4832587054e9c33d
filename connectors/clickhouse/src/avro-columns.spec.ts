import { describe, expect, it } from '@jest/globals';
import { loadSchemaSet } from '@vz/schemas';
import { avroColumns } from './avro-columns.ts';
import { chdbLane } from '../test/support/chdb-lane.ts';
import { applyMigrations } from './migrations.ts';
import { checkTableColumns } from './model-check.ts';

describe('avroColumns', () => {
  it('flattens records, Money, optional fields and arrays of records by the model rule', () => {
    const columns = avroColumns(loadSchemaSet().type('vz.billing.Settlement'));
    expect(columns.get('totalMinor')).toBe('Int64');
    expect(columns.get('chargedCurrency')).toBe('Nullable(String)');
    expect(columns.get('splits.amountMinor')).toBe('Array(Int64)');
    expect(columns.get('splits.walletAddress')).toBe('Array(Nullable(String))');
    expect(columns.get('flags')).toBe('Array(String)');
    expect(columns.get('startedAt')).toBe('Nullable(Int64)');
    expect(columns.get('sharedPrivateCharger')).toBe('UInt8');
    const telematics = avroColumns(loadSchemaSet().type('vz.vehicle.TelematicsSample'));
    expect(telematics.get('positionLatitudeMicrodegrees')).toBe('Nullable(Int32)');
  });
});

// The current-ClickHouse lane; test/integration/migrations.spec.ts checks the same on 18.16.
describe('the migrated tables on a current ClickHouse (chdb)', () => {
  const chdb = chdbLane();

  it('have the columns the Avro schemas give, named and typed by the rule', async () => {
    await applyMigrations(chdb(), 'columns');
    expect(await checkTableColumns(chdb(), 'columns')).toEqual([]);
  });

  it('names a column too many, a column missing and a column mistyped', async () => {
    await applyMigrations(chdb(), 'drifted');
    await chdb().command('ALTER TABLE drifted.telematics ADD COLUMN extra String');
    await chdb().command('ALTER TABLE drifted.telematics DROP COLUMN provider');
    await chdb().command('ALTER TABLE drifted.telematics MODIFY COLUMN headingDegrees Nullable(Int64)');
    expect((await checkTableColumns(chdb(), 'drifted')).sort()).toEqual([
      'telematics.extra: not an Avro field',
      'telematics.headingDegrees: expected Nullable(Int32), found Nullable(Int64)',
      'telematics.provider: expected Nullable(String), found no column',
    ]);
  });
});
