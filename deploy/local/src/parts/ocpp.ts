import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CheckResult, hashPassword } from '@vz/core';
import { repositoryRoot, type LocalConfig } from '../config.ts';
import { endpointsOf } from '../endpoints.ts';
import type { Part, PartContext } from './part.ts';

/** The demo stations `npm start` lets in: the simulator's fleet, `SIM-0001` … */
export function demoStationIds(config: LocalConfig): string[] {
  return Array.from(
    { length: config.local.simulator.chargers },
    (_, index) => `SIM-${String(index + 1).padStart(4, '0')}`,
  );
}

export function ocppEndpoint(config: LocalConfig): string {
  return `ws://${config.local.host}:${config.local.ocpp.port}/ocpp`;
}

function stationsFile(dataDir: string): string {
  return join(dataDir, 'stations.json');
}

/** Writes the stations file for the demo fleet; existing hashes are kept so a restart does not rehash them all. */
async function prepare({ config, dataDir }: PartContext): Promise<void> {
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const file = stationsFile(dataDir);
  const existing = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { stations: Array<{ chargerId: string; passwordHash: string }> })
        .stations
    : [];
  const stations = [];
  for (const chargerId of demoStationIds(config)) {
    const known = existing.find((station) => station.chargerId === chargerId);
    stations.push(known ?? { chargerId, passwordHash: await hashPassword(config.local.simulator.stationPassword) });
  }
  writeFileSync(file, `${JSON.stringify({ stations }, null, 2)}\n`, { mode: 0o600 });
}

async function health({ config }: PartContext): Promise<CheckResult> {
  const response = await fetch(`http://${config.local.host}:${config.local.ocpp.httpPort}/health/ready`);
  return { healthy: response.ok, detail: response.ok ? 'ready' : `HTTP ${response.status}` };
}

export const ocppPart: Part = {
  name: 'ocpp',
  title: 'OCPP central system (connectors/ocpp)',
  prerequisites: [],
  after: 'catalog',
  ports: (config) => ({ websocket: config.local.ocpp.port, http: config.local.ocpp.httpPort }),
  prepare,
  launch: ({ config, dataDir }) => {
    const endpoints = endpointsOf(config);
    return {
      command: process.execPath,
      // The data folder on the command line is the marker by which `status` and `down` recognise the process.
      args: [join(repositoryRoot, 'connectors/ocpp/src/main.ts'), `--vz-local=${dataDir}`],
      env: {
        VZ_KAFKA_BOOTSTRAP: endpoints.kafka.bootstrap,
        VZ_KAFKA_REGISTRY_URL: endpoints.registry.confluentUrl,
        VZ_OCPP_HOST: config.local.host,
        VZ_OCPP_PORT: String(config.local.ocpp.port),
        VZ_OCPP_STATIONS_FILE: stationsFile(dataDir),
        VZ_HTTP_HOST: config.local.host,
        VZ_HTTP_PORT: String(config.local.ocpp.httpPort),
      },
    };
  },
  health,
};
