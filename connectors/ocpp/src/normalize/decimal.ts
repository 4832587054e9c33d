/**
 * A decimal as OCPP sends it: optional sign, digits with an optional point, optional exponent. OCPP 1.6 §7.45 only
 * says "decimal"; chargers also send JSON number syntax (`1.5e3`, `1E3`, `-0.5e-1`), which 2.0.1 uses outright.
 */
const decimalPattern = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** The largest safe integer has 16 digits: a point further right than this can only give a number too large. */
const maxIntegerDigits = 16;

/**
 * Scales a decimal reading to an integer of a smaller unit without going through a float (docs/design.md: no floats in
 * anything summed): `scaleDecimal('12.3456', 3)` is 12346 (kWh to Wh), `scaleDecimal('1.5e3', 0)` is 1500. The one
 * rounding rule of meter values, the one `vz.charger.SampledValue.value` documents: to the nearest integer, halves
 * away from zero (half up for the non-negative readings meters give). Written by hand because it is a dozen lines and
 * a decimal library would be a dependency for one function.
 */
export function scaleDecimal(value: string | number, powerOfTen: number): number {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const match = decimalPattern.exec(text);
  if (match === null || (match[2] === '' && (match[3] ?? '') === ''))
    throw new RangeError(`not a decimal number: ${JSON.stringify(value)}`);
  const negative = match[1] === '-';
  const digits = `${match[2] ?? ''}${match[3] ?? ''}`.replace(/^0+(?=\d)/, '');
  const leadingZeros = `${match[2] ?? ''}${match[3] ?? ''}`.length - digits.length;
  const exponent = match[4] === undefined ? 0 : Number(match[4]);
  if (!Number.isSafeInteger(exponent)) throw new RangeError(`${JSON.stringify(value)}: exponent out of range`);
  // Where the point falls in `digits` once scaled: left of it is the integer, the digit right of it rounds.
  const pointAt = (match[2] ?? '').length - leadingZeros + exponent + powerOfTen;
  let integer: bigint;
  if (/^0*$/.test(digits)) {
    integer = 0n;
  } else if (pointAt - digits.length > maxIntegerDigits) {
    throw new RangeError(`${JSON.stringify(value)} × 10^${powerOfTen} is too large`);
  } else if (pointAt >= digits.length) {
    integer = BigInt(`${digits}${'0'.repeat(pointAt - digits.length)}`);
  } else if (pointAt <= 0) {
    integer = BigInt(pointAt === 0 && (digits[0] ?? '0') >= '5' ? 1 : 0);
  } else {
    integer = BigInt(digits.slice(0, pointAt)) + BigInt((digits[pointAt] ?? '0') >= '5' ? 1 : 0);
  }
  const result = Number(negative ? -integer : integer);
  if (!Number.isSafeInteger(result)) throw new RangeError(`${JSON.stringify(value)} × 10^${powerOfTen} is too large`);
  return result === 0 ? 0 : result;
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  // String(value) is the shortest text that reads back as the same double (1e-7, 1.5e+21, 0.30000000000000004):
  // exactly what the JSON said whenever the JSON was itself that short, which scaleDecimal then reads exactly.
  return String(value);
}
