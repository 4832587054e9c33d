import { InputError } from '@vz/core';

/**
 * Signed meter values: the payload a charger's meter signed, as OCPP 1.6 §7.45 (`format: "SignedData"`, the value is
 * the signed data) and OCPP 2.0.1 §2.49 SignedMeterValueType (`signedMeterData`) carry it. The one format read here is
 * OCMF, the Open Charge Metering Format of S.A.F.E. e.V. that German calibration law (Eichrecht) chargers use:
 * `OCMF|{payload JSON}|{signature JSON}`, sent as that text or Base64 or hex of it. The signature is not verified
 * here (the driver verifies it with the meter's public key, e.g. in the S.A.F.E. transparency software); the payload
 * is kept verbatim for that, and its register reading is taken. Parsed by hand: it is a split and a JSON.parse, and
 * the OCMF packages on npm are pre-1.0 and bring signature verification and date libraries along.
 */

/** One reading of an OCMF record (OCMF table 7), its fields inherited from the reading before as the spec says. */
export interface OcmfReading {
  /** `RV` exactly as written in the signed text (OCMF forbids rewriting the number, so no float is involved). */
  readonly value: string | undefined;
  /** `RI`: OBIS code of the quantity, e.g. `1-b:1.8.0` (active energy import register). */
  readonly obis: string | undefined;
  /** `RU`: kWh, Wh, mOhm, uOhm (OCMF table 20). */
  readonly unit: string | undefined;
  /** `ST`: meter status, `G` when the meter worked correctly (OCMF table 10). */
  readonly status: string | undefined;
  /** `EF`: error flags; `E` means the energy is no longer usable for billing. */
  readonly errorFlags: string | undefined;
  /** `TM`: time and synchronization state, e.g. `2018-07-24T13:22:04,000+0200 S`. */
  readonly time: string | undefined;
  /** `TX`: reason of the reading: B begin, C charging, E/L/R/A/P end of the transaction, … */
  readonly transaction: string | undefined;
}

export interface OcmfRecord {
  readonly readings: readonly OcmfReading[];
}

export type SignedPayload =
  | { readonly format: 'OCMF'; readonly record: OcmfRecord }
  | { readonly format: 'OCMF'; readonly error: string }
  | { readonly format: undefined };

const ocmfHeader = 'OCMF|';

/**
 * What a signed payload is: OCMF as text, Base64 or hex (the 2.0.1 signedMeterData is Base64 by the OCA application
 * note; OCMF §"Embedding in OCPP" calls 1.6 SignedData hex), or a format not read here.
 */
export function readSignedPayload(signedData: string): SignedPayload {
  const text = ocmfText(signedData.trim());
  if (text === undefined) return { format: undefined };
  try {
    return { format: 'OCMF', record: parseOcmf(text) };
  } catch (error) {
    return { format: 'OCMF', error: `OCMF not readable: ${(error as Error).message}` };
  }
}

function ocmfText(data: string): string | undefined {
  if (data.startsWith(ocmfHeader)) return data;
  // Hex first: every hex string is Base64 alphabet too, but decodes to the header only as hex.
  if (/^(?:[0-9a-fA-F]{2})+$/.test(data)) {
    const decoded = Buffer.from(data, 'hex').toString('utf8');
    if (decoded.startsWith(ocmfHeader)) return decoded;
  }
  const base64 = data.replace(/\s+/g, ''); // MIME Base64 breaks lines
  if (/^[A-Za-z0-9+/\-_]+={0,2}$/.test(base64)) {
    const decoded = Buffer.from(base64, 'base64').toString('utf8');
    if (decoded.startsWith(ocmfHeader)) return decoded;
  }
  return undefined;
}

/** JSON.parse with each number's source text (Node's JSON.parse source text access), so RV stays exact. */
type SourceReviver = (key: string, value: unknown, context?: { source?: string }) => unknown;

function parseOcmf(text: string): OcmfRecord {
  const sections = text.split('|');
  if (sections.length < 3) throw new InputError('expected OCMF|<payload>|<signature>');
  const payloadText = sections[1] ?? '';
  const reviver: SourceReviver = (_key, value, context) =>
    typeof value === 'number' && context?.source !== undefined ? { number: context.source } : value;
  const payload = JSON.parse(payloadText, reviver as Parameters<typeof JSON.parse>[1]) as unknown;
  if (typeof payload !== 'object' || payload === null) throw new InputError('the payload section is not a JSON object');
  const rawReadings = (payload as Record<string, unknown>)['RD'];
  if (!Array.isArray(rawReadings)) throw new InputError('no readings (RD)');
  const readings: OcmfReading[] = [];
  let previous: OcmfReading | undefined;
  for (const raw of rawReadings as unknown[]) {
    const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const field = (name: string, inherited: string | undefined): string | undefined => {
      const value = fields[name];
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value); // a runtime without source text access
      if (typeof value === 'object' && value !== null && 'number' in value) return String(value.number);
      // OCMF table 7: "fields that have an identical value to the previous reading are omitted".
      return value === undefined ? inherited : undefined;
    };
    const reading: OcmfReading = {
      value: field('RV', undefined),
      obis: field('RI', previous?.obis),
      unit: field('RU', previous?.unit),
      status: field('ST', previous?.status),
      errorFlags: field('EF', previous?.errorFlags),
      time: field('TM', previous?.time),
      transaction: field('TX', previous?.transaction),
    };
    readings.push(reading);
    previous = reading;
  }
  return { readings };
}

/** OCPP measurands of the registers, by OBIS value group C (IEC 62056-6-1: 1 +A, 2 −A, 3 +R, 4 −R). */
const registerMeasurands: Record<string, string> = {
  '1': 'Energy.Active.Import.Register',
  '2': 'Energy.Active.Export.Register',
  '3': 'Energy.Reactive.Import.Register',
  '4': 'Energy.Reactive.Export.Register',
};

/**
 * The OCPP measurand of an OBIS code, for the total registers `C.8.0` (`1-b:1.8.0`, `1-0:1.8.0*255`, `1.8.0`);
 * undefined for anything else (tariff registers `1.8.1`, instantaneous values).
 */
export function measurandOfObis(obis: string): string | undefined {
  const match = /^(?:[^:]*:)?(\d+)\.(\d+)\.(\d+)(?:[*.&]\d+)?$/.exec(obis.trim());
  if (match === null || Number(match[2]) !== 8 || Number(match[3]) !== 0) return undefined;
  return registerMeasurands[String(Number(match[1]))];
}

/**
 * The reading of one measurand in an OCMF record: the last reading of it (a record with begin and end readings is
 * read at its end, the reading a StopTransaction needs). A reading without RI counts as the active energy import
 * register, the quantity OCMF exists to sign. Refused with a reason when the meter flagged it unusable.
 */
export function ocmfRegisterReading(
  record: OcmfRecord,
  measurand: string,
): { readonly value: string; readonly unit: string } | { readonly error: string } {
  const reading = record.readings.findLast(
    (candidate) =>
      candidate.value !== undefined &&
      (candidate.obis === undefined
        ? measurand === 'Energy.Active.Import.Register'
        : measurandOfObis(candidate.obis) === measurand),
  );
  if (reading?.value === undefined) return { error: `OCMF has no reading of ${measurand}` };
  if (reading.status !== undefined && reading.status !== 'G')
    return { error: `OCMF reading has meter status ${reading.status}, not G (OK)` };
  if (reading.errorFlags?.includes('E') === true) return { error: 'OCMF reading flags its energy unusable (EF E)' };
  if (reading.unit !== 'kWh' && reading.unit !== 'Wh')
    return { error: `OCMF reading unit ${reading.unit ?? '(none)'} is not kWh or Wh` };
  return { value: reading.value, unit: reading.unit };
}
