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
  return divideByWeights(amount, basisPoints);
}

/**
 * Divides `amount` (>= 0) into parts proportional to whole weights (>= 0, not all 0) by the same largest-remainder
 * rule as divideByBasisPoints: floor(amount x weight / total weight) each, then one unit each to the largest
 * remainders, ties to the earlier part. The parts always sum to `amount`.
 */
export function divideByWeights(amount: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`amount ${amount} is not a whole amount >= 0`);
  if (weights.some((weight) => !Number.isSafeInteger(weight) || weight < 0))
    throw new RangeError(`weights ${weights.join(', ')} are not whole numbers >= 0`);
  const total = BigInt(weights.reduce((sum, weight) => sum + weight, 0));
  if (total === 0n) throw new RangeError('weights sum to 0');
  const exact = weights.map((weight) => BigInt(amount) * BigInt(weight));
  const parts = exact.map((value) => Number(value / total));
  const remainders = exact.map((value, index) => ({ index, remainder: value % total }));
  let missing = amount - parts.reduce((sum, part) => sum + part, 0);
  // Largest remainder first; the sort is stable, so equal remainders keep their order (ties to the earlier part).
  remainders.sort((a, b) => (a.remainder === b.remainder ? 0 : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (missing === 0) break;
    parts[index] = (parts[index] ?? 0) + 1;
    missing -= 1;
  }
  return parts;
}
