import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { divideByBasisPoints, divideByWeights, divideRoundHalfUp, scaleRoundHalfUp } from './money.ts';

describe('rounding', () => {
  it.each([
    [432_075, 1_000, 432],
    [432_500, 1_000, 433],
    [-432_500, 1_000, -433],
    [105, 10, 11],
    [0, 7, 0],
  ])('%i / %i rounds half up (away from zero) to %i', (numerator, denominator, expected) => {
    expect(divideRoundHalfUp(numerator, denominator)).toBe(expected);
  });

  it('keeps every unit of products beyond float precision', () => {
    // 4 503 599 627 370 497 x 3 = 13 510 798 882 111 491 is beyond 2^53; as a BigInt it halves to …745.5, rounded up.
    expect(scaleRoundHalfUp(4_503_599_627_370_497, 3, 2)).toBe(6_755_399_441_055_746);
  });
});

describe('divideByBasisPoints (vz.billing.Settlement rounding rule)', () => {
  it('gives the remainder units to the largest remainders, ties to the earlier part', () => {
    expect(divideByBasisPoints(1_368, [9_300, 200, 500])).toEqual([1_272, 27, 69]);
    expect(divideByBasisPoints(1, [5_000, 5_000])).toEqual([1, 0]);
    expect(divideByBasisPoints(2, [3_334, 3_333, 3_333])).toEqual([1, 1, 0]);
  });

  it('refuses shares that do not sum to 10000 and negative or fractional amounts', () => {
    expect(() => divideByBasisPoints(100, [5_000, 4_000])).toThrow(/sum to 9000/);
    expect(() => divideByBasisPoints(-1, [10_000])).toThrow(RangeError);
    expect(() => divideByBasisPoints(1.5, [10_000])).toThrow(RangeError);
  });

  const shares = fc
    .array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 12 })
    .filter((cuts) => cuts.length > 0)
    .map((cuts) => {
      // n cut points in [0, 10000] give n + 1 shares summing to exactly 10000.
      const sorted = [0, ...[...cuts].sort((a, b) => a - b), 10_000];
      return sorted.slice(1).map((point, index) => point - (sorted[index] ?? 0));
    });

  it('always sums to the amount, never negative, each part within one unit of its exact share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), shares, (amount, basisPoints) => {
        const parts = divideByBasisPoints(amount, basisPoints);
        expect(parts.reduce((sum, part) => sum + part, 0)).toBe(amount);
        parts.forEach((part, index) => {
          const exact = (amount * (basisPoints[index] ?? 0)) / 10_000;
          expect(part).toBeGreaterThanOrEqual(0);
          expect(Math.abs(part - exact)).toBeLessThan(1 + 1e-6);
        });
      }),
    );
  });
});

describe('divideByWeights', () => {
  it('divides by any whole weights with the same largest-remainder rule', () => {
    // 20 000 Wh over 1 and 89 minutes: 222.2 and 19 777.8 → 222 and 19 778.
    expect(divideByWeights(20_000, [60_000, 5_340_000])).toEqual([222, 19_778]);
    expect(divideByWeights(1, [1, 1])).toEqual([1, 0]);
    expect(divideByWeights(5, [0, 3])).toEqual([0, 5]);
    expect(() => divideByWeights(5, [0, 0])).toThrow(/sum to 0/);
  });

  it('always sums to the amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 8 }).filter((w) => w.some((x) => x > 0)),
        (amount, weights) => {
          expect(divideByWeights(amount, weights).reduce((sum, part) => sum + part, 0)).toBe(amount);
        },
      ),
    );
  });
});
