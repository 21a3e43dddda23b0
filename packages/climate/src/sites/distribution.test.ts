import { describe, expect, it } from 'vitest';
import { distributionOf, valueAtProbability, withinBinExponentForMean } from './distribution.js';

describe('distributionOf', () => {
  it('counts the share of values at or below each whole degree, from one degree below the minimum', () => {
    // Values 20.0, 20.5, 21.0, 23.0: at or below 19 -> 0, 20 -> 1/4, 21 -> 3/4, 22 -> 3/4, 23 -> 4/4.
    expect(distributionOf([21, 20, 23, 20.5])).toEqual({
      startC: 19,
      cumulativeFraction: [0, 0.25, 0.75, 0.75, 1],
    });
  });
});

describe('valueAtProbability', () => {
  const distribution = { startC: 19, cumulativeFraction: [0, 0.25, 0.75, 0.75, 1] };

  it('maps a probability at or below F(t) to a value at or below t', () => {
    expect(valueAtProbability(distribution, 0.25)).toBe(20);
    expect(valueAtProbability(distribution, 0.75)).toBe(21);
    expect(valueAtProbability(distribution, 1)).toBe(23);
  });

  it('places values linearly inside a bin, skipping empty bins', () => {
    // p = 0.5 is halfway through the (20, 21] bin, which holds 0.25..0.75.
    expect(valueAtProbability(distribution, 0.5)).toBeCloseTo(20.5, 12);
    // p = 0.875 is halfway through (22, 23]; the (21, 22] bin is empty.
    expect(valueAtProbability(distribution, 0.875)).toBeCloseTo(22.5, 12);
  });

  it('moves values toward the top of their bin with an exponent below 1', () => {
    // Linear position 0.5 in (20, 21] with exponent 0.5: 20 + 0.5^0.5 = 20.7071.
    expect(valueAtProbability(distribution, 0.5, 0.5)).toBeCloseTo(20.7071, 4);
  });
});

describe('withinBinExponentForMean', () => {
  it('is 1 when values are spread evenly inside their bins', () => {
    // Uniform on (10, 12]: the even spread already has the mean 11.
    const distribution = { startC: 10, cumulativeFraction: [0, 0.5, 1] };
    expect(withinBinExponentForMean(distribution, 1000, 11)).toBeCloseTo(1, 2);
  });

  it('pushes values to the top of the bin for records rounded to whole degrees', () => {
    // All hours exactly 27.0: bin (26, 27]; the mean 27 needs positions near the top (small exponent).
    const distribution = distributionOf(new Array(720).fill(27));
    const exponent = withinBinExponentForMean(distribution, 720, 27);
    let sum = 0;
    for (let r = 0; r < 720; r++) sum += valueAtProbability(distribution, (r + 0.5) / 720, exponent);
    expect(sum / 720).toBeGreaterThan(26.95);
  });
});
