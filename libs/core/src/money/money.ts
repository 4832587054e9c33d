/**
 * Integer money arithmetic (minor units). BigInt inside so that products such as Wh x price per kWh never lose a
 * unit to float precision, whatever the session; results are safe integers again.
 */

function roundHalfUp(n: bigint, d: bigint): number {
  const magnitude = ((n < 0n ? -n : n) * 2n + d) / (2n * d);
  return Number(n < 0n ? -magnitude : magnitude);
}

/** numerator / denominator rounded half away from zero (half up for positive amounts), denominator > 0. */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  return roundHalfUp(BigInt(numerator), BigInt(denominator));
}

/** a x b / denominator, rounded half away from zero; the product stays a BigInt, never a float. */
export function scaleRoundHalfUp(a: number, b: number, denominator: number): number {
  return roundHalfUp(BigInt(a) * BigInt(b), BigInt(denominator));
}

/**
 * Divides `amount` (>= 0) into parts proportional to basis points summing to 10 000: each part gets
 * floor(amount x bp / 10 000), then one unit each goes to the parts with the largest remainders, ties to the earlier
 * part, until the parts sum to `amount` (the rounding rule of vz.billing.Settlement).
 */
export function divideByBasisPoints(amount: number, basisPoints: readonly number[]): number[] {
  const total = basisPoints.reduce((sum, bp) => sum + bp, 0);
  if (total !== 10_000) throw new RangeError(`basis points sum to ${total}, not 10000`);
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`amount ${amount} is not a whole amount >= 0`);
  const exact = basisPoints.map((bp) => BigInt(amount) * BigInt(bp));
  const parts = exact.map((value) => Number(value / 10_000n));
  const remainders = exact.map((value, index) => ({ index, remainder: Number(value % 10_000n) }));
  let missing = amount - parts.reduce((sum, part) => sum + part, 0);
  // Largest remainder first; the sort is stable, so equal remainders keep their order (ties to the earlier part).
  for (const { index } of [...remainders].sort((a, b) => b.remainder - a.remainder)) {
    if (missing === 0) break;
    parts[index] = (parts[index] ?? 0) + 1;
    missing -= 1;
  }
  return parts;
}
