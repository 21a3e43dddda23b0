import { seededRandom as random } from '@karst/test-support';
import { describe, expect, it } from 'vitest';
import { grouped, num } from './numbers.js';

function intl(value: number, minDigits: number, maxDigits: number): string {
  return new Intl.NumberFormat('en-US', {
    minimumFractionDigits: minDigits,
    maximumFractionDigits: maxDigits,
  }).format(value);
}

describe('grouped', () => {
  // The oracle is Intl.NumberFormat itself, which the CLI used before (and which costs ~15 ms to load).
  it('writes what Intl.NumberFormat en-US writes, at the edges', () => {
    const edges = [
      0,
      -0,
      1,
      -1,
      0.5,
      1.5,
      2.5,
      -0.5,
      -2.5,
      0.125,
      1.005,
      1.015,
      2.675,
      -1.005,
      0.0004,
      0.0005,
      0.0006,
      0.00006,
      9.9995,
      99.9996,
      999.5,
      999_999.5,
      1e21,
      1.5e-7,
      -0.004,
      123_456_789.125,
      2 ** 53 + 2,
      1.0000000000000002,
      12_345_678_901_234_567_000,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      5e-324,
      6000,
      6000.5,
      1_141.0004999,
    ];
    for (const value of edges)
      for (const [min, max] of [
        [0, 0],
        [1, 1],
        [2, 2],
        [3, 3],
        [0, 3],
      ] as const)
        expect(grouped(value, min, max), `${value} at ${min}..${max}`).toBe(intl(value, min, max));
  });

  it('writes what Intl.NumberFormat en-US writes, for 40,000 random values of every magnitude', () => {
    const next = random(17);
    const mismatches: string[] = [];
    for (let i = 0; i < 40_000; i++) {
      const magnitude = 10 ** Math.floor(next() * 24 - 8);
      // Half the values are exact decimal halves at some digit (the ties rounding decides), half any double.
      const value =
        i % 2 === 0
          ? ((Math.floor(next() * 1e6) + 0.5) / 10 ** Math.floor(next() * 5)) * (next() < 0.5 ? -1 : 1)
          : (next() - 0.3) * magnitude;
      const max = i % 4;
      const min = i % 8 < 4 ? max : 0;
      if (grouped(value, min, max) !== intl(value, min, max))
        mismatches.push(`${value} ${min}..${max}: ${grouped(value, min, max)} vs ${intl(value, min, max)}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('writes Infinity and NaN as String() does', () => {
    expect(grouped(Number.POSITIVE_INFINITY, 0, 0)).toBe('Infinity');
    expect(grouped(Number.NaN, 2, 2)).toBe('NaN');
  });
});

describe('num', () => {
  it('never prints a negative zero', () => {
    expect(num(-0.0004, 3)).toBe('0.000');
    expect(num(-0.4)).toBe('0');
    expect(num(-0.6)).toBe('-1');
    expect(num(-1_234.5678, 2)).toBe('-1,234.57');
  });
});
