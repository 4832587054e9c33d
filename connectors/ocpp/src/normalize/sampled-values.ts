import type { Measurand, MeasurandUnit, SampledValue } from '@vz/schemas';
import { unsignedReading } from '@vz/schemas';
import { scaleDecimal } from './decimal.ts';
import { ocmfRegisterReading, readSignedPayload } from './signed-data.ts';

/** A reading as both protocol versions give it: OCPP 1.6 §7.45 SampledValue, OCPP 2.0.1 §2.50 SampledValueType. */
export interface Reading {
  readonly value: string | number;
  readonly measurand?: string | undefined;
  readonly unit?: string | undefined;
  /** OCPP 2.0.1 UnitOfMeasureType.multiplier: the value is value × 10^multiplier of `unit`. */
  readonly multiplier?: number | undefined;
  readonly phase?: string | undefined;
  readonly location?: string | undefined;
  readonly context?: string | undefined;
}

/** Unit of the schema and the power of ten from the OCPP unit to it (kWh → Wh is 3, A → mA is 3). */
const unitConversions: Record<string, { readonly unit: MeasurandUnit; readonly powerOfTen: number }> = {
  Wh: { unit: 'WH', powerOfTen: 0 },
  kWh: { unit: 'WH', powerOfTen: 3 },
  varh: { unit: 'VARH', powerOfTen: 0 },
  kvarh: { unit: 'VARH', powerOfTen: 3 },
  W: { unit: 'W', powerOfTen: 0 },
  kW: { unit: 'W', powerOfTen: 3 },
  VA: { unit: 'VA', powerOfTen: 0 },
  kVA: { unit: 'VA', powerOfTen: 3 },
  var: { unit: 'VAR', powerOfTen: 0 },
  kvar: { unit: 'VAR', powerOfTen: 3 },
  A: { unit: 'MILLIAMPERE', powerOfTen: 3 },
  V: { unit: 'MILLIVOLT', powerOfTen: 3 },
  Hz: { unit: 'MILLIHERTZ', powerOfTen: 3 },
  Celsius: { unit: 'MILLIDEGREE_CELSIUS', powerOfTen: 3 },
  Celcius: { unit: 'MILLIDEGREE_CELSIUS', powerOfTen: 3 }, // sic: the OCPP 1.6 schema spells it so
  Percent: { unit: 'PERMILLE', powerOfTen: 1 },
  RPM: { unit: 'RPM', powerOfTen: 0 },
};

/** OCPP's default unit per measurand when a sample names none (1.6 §7.45: "Wh" unless stated otherwise). */
function defaultUnit(measurand: string): string {
  if (measurand.startsWith('Power.Factor')) return '';
  if (measurand.startsWith('Energy.Reactive')) return 'varh';
  if (measurand.startsWith('Power.Reactive')) return 'var';
  if (measurand.startsWith('Power')) return 'W';
  if (measurand.startsWith('Current')) return 'A';
  if (measurand === 'Voltage') return 'V';
  if (measurand === 'Frequency') return 'Hz';
  if (measurand === 'SoC') return 'Percent';
  if (measurand === 'Temperature') return 'Celsius';
  if (measurand === 'RPM') return 'RPM';
  return 'Wh';
}

const knownMeasurands = new Set<string>([
  'ENERGY_ACTIVE_IMPORT_REGISTER',
  'ENERGY_ACTIVE_EXPORT_REGISTER',
  'ENERGY_REACTIVE_IMPORT_REGISTER',
  'ENERGY_REACTIVE_EXPORT_REGISTER',
  'ENERGY_ACTIVE_IMPORT_INTERVAL',
  'ENERGY_ACTIVE_EXPORT_INTERVAL',
  'ENERGY_REACTIVE_IMPORT_INTERVAL',
  'ENERGY_REACTIVE_EXPORT_INTERVAL',
  'POWER_ACTIVE_IMPORT',
  'POWER_ACTIVE_EXPORT',
  'POWER_REACTIVE_IMPORT',
  'POWER_REACTIVE_EXPORT',
  'POWER_OFFERED',
  'POWER_FACTOR',
  'CURRENT_IMPORT',
  'CURRENT_EXPORT',
  'CURRENT_OFFERED',
  'VOLTAGE',
  'FREQUENCY',
  'TEMPERATURE',
  'SOC',
  'RPM',
]);

/** `Energy.Active.Import.Register` → `ENERGY_ACTIVE_IMPORT_REGISTER`; a measurand we do not know is UNKNOWN. */
export function measurandOf(name: string): Measurand {
  const symbol = name.replaceAll('.', '_').toUpperCase();
  return (knownMeasurands.has(symbol) ? symbol : 'UNKNOWN') as Measurand;
}

/** The signed part of a reading: OCPP 1.6 SignedData (the value itself) or 2.0.1 SignedMeterValueType (§2.49). */
export interface SignedReading {
  readonly signedMeterData: string;
  /** OCPP 1.6: the signed data is all there is, the number is read from it; 2.0.1 gives the number in `value`. */
  readonly valueInSignedData: boolean;
  readonly signingMethod?: string | undefined;
  readonly encodingMethod?: string | undefined;
  readonly publicKey?: string | undefined;
}

/**
 * One OCPP reading as the schema's integer SampledValue: energy in Wh, power in W, current in mA, voltage in mV,
 * temperature in thousandths of a degree Celsius, state of charge in permille. Kelvin and Fahrenheit are converted.
 * Never throws: a value that cannot be read is kept with `readError` (value 0, unit UNKNOWN), so one bad sample never
 * costs the message it came in (a StopTransaction still ends its transaction). OCPP 1.6 `format: "SignedData"`
 * (§7.45 ValueFormat) means `value` is the signed data: kept verbatim, and for OCMF the register reading is taken
 * from it. OCPP 2.0.1 gives the number beside the signed data, so `value` is read and the signed data only kept.
 */
export function sampledValueOf(reading: Reading, signed?: SignedReading): SampledValue {
  const measurandName = reading.measurand ?? 'Energy.Active.Import.Register';
  const base = {
    measurand: measurandOf(measurandName),
    phase: reading.phase ?? null,
    location: reading.location ?? null,
    context: reading.context ?? null,
  };
  const unreadable = (readError: string) => ({ value: 0, unit: 'UNKNOWN' as const, readError });
  if (signed === undefined) {
    try {
      return { ...base, ...unsignedReading, ...convert(reading, measurandName) };
    } catch (error) {
      return { ...base, ...unsignedReading, ...unreadable((error as Error).message) };
    }
  }
  const payload = readSignedPayload(signed.signedMeterData);
  const signedFields = {
    signedData: signed.signedMeterData,
    signedFormat: payload.format ?? null,
    signingMethod: signed.signingMethod ?? null,
    encodingMethod: signed.encodingMethod ?? null,
    publicKey: signed.publicKey ?? null,
    readError: null,
  };
  const numberFrom = (): Reading | { error: string } => {
    if (!signed.valueInSignedData) return reading;
    if (payload.format === undefined) return { error: 'signed data in a format not read here (not OCMF)' };
    if ('error' in payload) return { error: payload.error };
    const register = ocmfRegisterReading(payload.record, measurandName);
    if ('error' in register) return register;
    return { ...reading, value: register.value, unit: register.unit, multiplier: 0 };
  };
  const source = numberFrom();
  if ('error' in source) return { ...base, ...signedFields, ...unreadable(source.error) };
  try {
    return { ...base, ...signedFields, ...convert(source, measurandName) };
  } catch (error) {
    return { ...base, ...signedFields, ...unreadable((error as Error).message) };
  }
}

/** The value in the schema's unit; throws RangeError when it is not a number. */
function convert(reading: Reading, measurandName: string): { value: number; unit: MeasurandUnit } {
  const unitName = reading.unit ?? defaultUnit(measurandName);
  const multiplier = reading.multiplier ?? 0;
  if (unitName === 'K' || unitName === 'Fahrenheit') {
    const thousandths = scaleDecimal(reading.value, 3 + multiplier);
    const celsius = unitName === 'K' ? thousandths - 273_150 : Math.round(((thousandths - 32_000) * 5) / 9);
    return { value: celsius, unit: 'MILLIDEGREE_CELSIUS' };
  }
  const conversion = unitConversions[unitName];
  if (conversion === undefined) {
    // A power factor or an unknown unit: kept in thousandths so nothing is lost, marked UNKNOWN.
    return { value: scaleDecimal(reading.value, 3 + multiplier), unit: 'UNKNOWN' };
  }
  return { value: scaleDecimal(reading.value, conversion.powerOfTen + multiplier), unit: conversion.unit };
}
