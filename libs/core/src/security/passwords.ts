import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

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
