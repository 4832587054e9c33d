import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createIsolation, type Isolation } from '@vz/testing';

let isolation: Isolation;
beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
});
afterAll(() => isolation.close());

/** ClickHouse 18.16 over HTTP: POST runs any statement, GET is always read-only. */
async function query(user: 'platform' | 'analyst', sql: string): Promise<{ status: number; text: string }> {
  const { clickhouse } = isolation.endpoints;
  const [name, key] =
    user === 'platform' ? [clickhouse.user, clickhouse.password] : [clickhouse.analystUser, clickhouse.analystPassword];
  const response = await fetch(`${clickhouse.url}/?database=${isolation.clickhouseDatabase}`, {
    method: 'POST',
    headers: { 'X-ClickHouse-User': name, 'X-ClickHouse-Key': key },
    body: sql,
  });
  return { status: response.status, text: await response.text() };
}

describe('ClickHouse of the local platform', () => {
  it('lets the platform user create, insert and select in its test database', async () => {
    const created = await query(
      'platform',
      'CREATE TABLE energy (stationId String, wh UInt64) ENGINE = MergeTree ORDER BY stationId',
    );
    expect(created).toEqual({ status: 200, text: '' });
    const inserted = await query(
      'platform',
      'INSERT INTO energy FORMAT JSONEachRow {"stationId":"s1","wh":1200} {"stationId":"s2","wh":800}',
    );
    expect(inserted.status).toBe(200);
    expect(await query('platform', 'SELECT sum(wh) FROM energy')).toEqual({ status: 200, text: '2000\n' });
  });

  it('lets the analyst read but refuses an INSERT, a CREATE and a setting change', async () => {
    await query('platform', 'CREATE TABLE IF NOT EXISTS readings (v UInt8) ENGINE = MergeTree ORDER BY v');
    await query('platform', 'INSERT INTO readings VALUES (1)');
    expect(await query('analyst', 'SELECT count() FROM readings')).toEqual({ status: 200, text: '1\n' });

    const insert = await query('analyst', 'INSERT INTO readings VALUES (2)');
    expect(insert.status).not.toBe(200);
    expect(insert.text).toMatch(/readonly mode/);

    const create = await query('analyst', 'CREATE TABLE sneaky (v UInt8) ENGINE = Memory');
    expect(create.text).toMatch(/readonly mode/);

    const setting = await query('analyst', 'SET max_result_rows = 1');
    expect(setting.text).toMatch(/readonly mode/);

    expect(await query('platform', 'SELECT count() FROM readings')).toEqual({ status: 200, text: '1\n' });
  });

  it('refuses a wrong password', async () => {
    const response = await fetch(`${isolation.endpoints.clickhouse.url}/?query=SELECT%201`, {
      headers: { 'X-ClickHouse-User': isolation.endpoints.clickhouse.user, 'X-ClickHouse-Key': 'wrong' },
    });
    expect(response.status).toBe(401);
  });
});
