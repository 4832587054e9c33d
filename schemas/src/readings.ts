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

/**
 * The two samples of a plain meter reading at the outlet: the energy register (Wh) and the power (W), unsigned, in
 * the default location and context. What a plug reports, and what samples and benchmarks feed.
 */
export function energyAndPowerSamples(energyRegisterWh: number, powerW: number): SampledValue[] {
  const plain = { phase: null, location: null, context: null, ...unsignedReading };
  return [
    { measurand: 'ENERGY_ACTIVE_IMPORT_REGISTER', value: energyRegisterWh, unit: 'WH', ...plain },
    { measurand: 'POWER_ACTIVE_IMPORT', value: powerW, unit: 'W', ...plain },
  ];
}
