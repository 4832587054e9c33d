import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { z } from 'zod';

const scryptAsync = promisify(scrypt) as (
  password: Buffer,
  salt: Buffer,
  length: number,
  options: object,
) => Promise<Buffer>;

/** scrypt (RFC 7914) parameters: N = 2^14, r = 8, p = 1, the interactive-login figures; 32-byte key, 16-byte salt. */
const parameters = { N: 16_384, r: 8, p: 1 };

/**
 * A station's password as stored: `scrypt$N$r$p$<salt base64>$<key base64>` (OCPP Security whitepaper, Security
 * Profile 1/2: the CSMS stores a hash, never the password). node:crypto has scrypt; no library is needed.
 */
export async function hashPassword(password: string | Buffer): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(Buffer.from(password), salt, 32, parameters);
  return ['scrypt', parameters.N, parameters.r, parameters.p, salt.toString('base64'), key.toString('base64')].join(
    '$',
  );
}

export async function verifyPassword(password: Buffer, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

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
