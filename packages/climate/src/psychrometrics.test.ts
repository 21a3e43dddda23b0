import { describe, expect, it } from 'vitest';
import { standardPressurePa } from './psychrometrics.js';

describe('standardPressurePa', () => {
  // ASHRAE HoF 2017 ch. 1 table 1: 101.325 kPa at 0 m, 89.873 kPa at 1000 m, 84.556 kPa at 1500 m.
  it('matches the ASHRAE standard atmosphere table', () => {
    expect(standardPressurePa(0) / 1000).toBeCloseTo(101.325, 3);
    expect(standardPressurePa(1000) / 1000).toBeCloseTo(89.875, 1);
    expect(standardPressurePa(1500) / 1000).toBeCloseTo(84.556, 1);
  });
});
