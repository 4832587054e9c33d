import type { Logger } from 'pino';
import type { StationCredentials } from '../stations/credentials.ts';

export type Admission = 'known' | 'provisional' | 'refused';

/** OCPP Security Profile 1 (HTTP Basic, username = charger id; Part 2 of the OCPP security whitepaper). */
export async function authenticate(
  station: { chargerId: string; password: Buffer | undefined },
  policy: { credentials: StationCredentials; autoProvision: boolean; logger: Logger },
): Promise<Admission> {
  const { chargerId, password } = station;
  const { credentials, autoProvision, logger } = policy;
  if (credentials.knows(chargerId)) {
    if (await credentials.verify(chargerId, password)) return 'known';
    logger.warn({ chargerId }, 'refused: wrong password');
    return 'refused';
  }
  if (autoProvision) return 'provisional';
  logger.warn({ chargerId }, 'refused: unknown station');
  return 'refused';
}
