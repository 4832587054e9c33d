import type { SampledValue } from './generated/types.ts';

/**
 * The vz.charger.SampledValue fields of a plain reading that was read: nothing signed, nothing wrong (the nullable
 * signed-data fields at their defaults). Spread it into a sample: `{ measurand, value, unit, ..., ...unsignedReading }`.
 */
export const unsignedReading = {
  signedData: null,
  signedFormat: null,
  signingMethod: null,
  encodingMethod: null,
  publicKey: null,
  readError: null,
} as const satisfies Pick<
  SampledValue,
  'signedData' | 'signedFormat' | 'signingMethod' | 'encodingMethod' | 'publicKey' | 'readError'
>;
