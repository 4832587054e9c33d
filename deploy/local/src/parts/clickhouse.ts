import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '@vz/core';
import { repositoryRoot, type LocalConfig } from '../config.ts';
import { clickhouseServer } from '../prerequisites.ts';
import { renderTemplate, type Part, type PartContext } from './part.ts';

const templates = join(repositoryRoot, 'deploy/local/templates/clickhouse');

export function clickhouseUrl(config: LocalConfig): string {
  return `http://${config.local.host}:${config.local.clickhouse.httpPort}`;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

async function prepare({ config, dataDir }: PartContext): Promise<void> {
  for (const folder of ['db', 'tmp', 'user_files', 'format_schemas', 'logs']) {
    mkdirSync(join(dataDir, folder), { recursive: true });
  }
  const values = {
    DATA_DIR: dataDir,
    HTTP_PORT: config.local.clickhouse.httpPort,
    TCP_PORT: config.local.clickhouse.tcpPort,
    VZ_PASSWORD_SHA256: sha256(config.local.clickhouse.password),
    ANALYST_PASSWORD_SHA256: sha256(config.local.clickhouse.analystPassword),
    DEFAULT_PASSWORD_SHA256: sha256(randomBytes(32).toString('hex')),
  };
  for (const name of ['config.xml', 'users.xml']) {
    writeFileSync(join(dataDir, name), renderTemplate(readFileSync(join(templates, name), 'utf8'), values));
  }
}

async function health({ config }: PartContext): Promise<CheckResult> {
  const response = await fetch(`${clickhouseUrl(config)}/?query=${encodeURIComponent('SELECT 1')}`, {
    headers: { 'X-ClickHouse-User': 'vz', 'X-ClickHouse-Key': config.local.clickhouse.password },
    signal: AbortSignal.timeout(3_000),
  });
  const body = (await response.text()).trim();
  return response.ok && body === '1'
    ? { healthy: true, detail: 'SELECT 1' }
    : { healthy: false, detail: `SELECT 1 answered ${response.status}: ${body.slice(0, 200)}` };
}

export const clickhousePart: Part = {
  name: 'clickhouse',
  title: 'ClickHouse server 18.16 (Debian)',
  prerequisites: [clickhouseServer],
  ports: (config) => ({ http: config.local.clickhouse.httpPort, native: config.local.clickhouse.tcpPort }),
  prepare,
  // Foreground (not --daemon): in daemon mode 18.16 fails silently on a second start and deletes the running
  // server's pid file, so we keep the pid ourselves.
  launch: ({ dataDir }) => ({
    command: clickhouseServer.path,
    args: [`--config-file=${join(dataDir, 'config.xml')}`],
  }),
  health,
};
