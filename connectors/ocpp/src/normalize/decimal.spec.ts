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
    ['4.0005', 3, 4001], // a float gives 4000.4999999999995
    ['1.5e3', 0, 1500],
    ['1E3', 3, 1000000],
    ['-0.5e-1', 3, -50],
    ['-0.5e-1', 0, 0],
    ['+2.5E+0', 0, 3],
    ['1.e2', 0, 100],
    ['0.0e99999999', 3, 0],
    ['12345e-3', 0, 12],
    ['5e-1', 0, 1],
    ['5e-999999999', 3, 0],
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
    expect(() => scaleDecimal('1e', 3)).toThrow(/not a decimal/);
    expect(() => scaleDecimal('e3', 3)).toThrow(/not a decimal/);
    expect(() => scaleDecimal('0x10', 3)).toThrow(/not a decimal/);
    expect(() => scaleDecimal('Infinity', 3)).toThrow(/not a decimal/);
  });

  it('refuses what does not fit a safe integer without building it', () => {
    expect(() => scaleDecimal('1e999999999', 3)).toThrow(/too large/);
    expect(() => scaleDecimal('9007199254740993', 0)).toThrow(/too large/);
    expect(scaleDecimal(1.5e21, -18)).toBe(1500);
  });
});
