/**
 * Scales a decimal reading to an integer of a smaller unit without going through a float (DESIGN.md: no floats in
 * anything summed): `scaleDecimal('12.3456', 3)` is 12346 (kWh to Wh). Rounds half away from zero, the rule the
 * charger-event schema documents for meter values. Written by hand because it is a dozen lines and a decimal library
 * would be a dependency for one function.
 */
export function scaleDecimal(value: string | number, powerOfTen: number): number {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (match === null || (match[2] === '' && (match[3] ?? '') === ''))
    throw new RangeError(`not a decimal number: ${JSON.stringify(value)}`);
  const negative = match[1] === '-';
  const digits = `${match[2] ?? ''}${match[3] ?? ''}`;
  const pointAt = (match[2] ?? '').length + powerOfTen;
  let integer: bigint;
  if (pointAt >= digits.length) {
    integer = BigInt(`${digits}${'0'.repeat(pointAt - digits.length)}` || '0');
  } else if (pointAt <= 0) {
    integer = BigInt(pointAt === 0 && (digits[0] ?? '0') >= '5' ? 1 : 0);
  } else {
    integer = BigInt(digits.slice(0, pointAt) || '0') + BigInt((digits[pointAt] ?? '0') >= '5' ? 1 : 0);
  }
  const result = Number(negative ? -integer : integer);
  if (!Number.isSafeInteger(result)) throw new RangeError(`${JSON.stringify(value)} × 10^${powerOfTen} is too large`);
  return result === 0 ? 0 : result;
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  // JSON numbers may arrive in exponent form (1e-7); toFixed(20) spells them out without exponent for |x| < 1e21.
  const text = Math.abs(value) < 1e21 ? value.toFixed(20) : BigInt(value).toString();
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
