import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword } from '@vz/core';
import type { LocalConfig } from '../config.ts';
import { deployablePart } from './deployable.ts';
import type { PartContext } from './part.ts';

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

export const ocppPart = deployablePart({
  name: 'ocpp',
  title: 'OCPP central system (connectors/ocpp)',
  entry: 'connectors/ocpp/src/main.ts',
  ports: (config) => ({ websocket: config.local.ocpp.port, http: config.local.ocpp.httpPort }),
  httpPort: (config) => config.local.ocpp.httpPort,
  prepare,
  env: ({ config, dataDir }) => ({
    VZ_OCPP_HOST: config.local.host,
    VZ_OCPP_PORT: String(config.local.ocpp.port),
    VZ_OCPP_STATIONS_FILE: stationsFile(dataDir),
    // The demo fleet's drivers have no tokens in registry.tokens.
    VZ_OCPP_ACCEPT_UNKNOWN_TOKENS: 'true',
  }),
});
