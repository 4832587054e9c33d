import { readFileSync } from 'node:fs';
import { verifyPassword } from '@vz/core';
import { z } from 'zod';

const stationsFileSchema = z.strictObject({
  stations: z.array(
    z.strictObject({ chargerId: z.string().min(1).max(48), passwordHash: z.string().startsWith('scrypt$') }),
  ),
});

/** Who may connect: charger id → password hash. */
export class StationCredentials {
  readonly #hashes: Map<string, string>;

  constructor(entries: Iterable<readonly [string, string]>) {
    this.#hashes = new Map(entries);
  }

  /** `{ "stations": [{ "chargerId": "...", "passwordHash": "scrypt$..." }] }`, as `hash-password` prints entries. */
  static fromFile(path: string): StationCredentials {
    const parsed = stationsFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    return new StationCredentials(parsed.stations.map((station) => [station.chargerId, station.passwordHash] as const));
  }

  knows(chargerId: string): boolean {
    return this.#hashes.has(chargerId);
  }

  async verify(chargerId: string, password: Buffer | undefined): Promise<boolean> {
    const hash = this.#hashes.get(chargerId);
    return hash !== undefined && password !== undefined && (await verifyPassword(password, hash));
  }
}
