import { describe, expect, it } from '@jest/globals';
import { scaleDecimal } from './decimal.ts';

describe('scaleDecimal', () => {
  it.each([
    ['12.3456', 3, 12346],
    ['12.3454', 3, 12345],
    ['-1.5', 0, -2],
    ['0.0005', 3, 1],
    ['0.0004', 3, 0],
    ['1500', 0, 1500],
    ['7', 3, 7000],
    ['.5', 1, 5],
    ['230.1', 3, 230100],
  ] as const)('%s × 10^%i = %i', (value, power, expected) => {
    expect(scaleDecimal(value, power)).toBe(expected);
  });

  it('takes JSON numbers, in exponent form too, without float error', () => {
    expect(scaleDecimal(0.1 + 0.2, 3)).toBe(300);
    expect(scaleDecimal(1e-7, 9)).toBe(100);
    expect(scaleDecimal(12.3456, 3)).toBe(12346);
  });

  it('refuses what is not a number', () => {
    expect(() => scaleDecimal('12,5', 3)).toThrow(/not a decimal/);
    expect(() => scaleDecimal('', 3)).toThrow(/not a decimal/);
    expect(() => scaleDecimal(Number.NaN, 3)).toThrow(/not a finite/);
  });
});
