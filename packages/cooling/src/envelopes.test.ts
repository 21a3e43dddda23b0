import { describe, expect, it } from 'vitest';
import { ENVELOPES, maxDryBulbAtAltitudeC, supplyDewPointLimitsC } from './envelopes.js';

describe('ASHRAE envelopes (TC 9.9 Thermal Guidelines, 5th ed., Table 2.1)', () => {
  it('holds the published dry-bulb ranges', () => {
    expect([ENVELOPES.recommended.minDryBulbC, ENVELOPES.recommended.maxDryBulbC]).toEqual([18, 27]);
    expect([ENVELOPES.A1.minDryBulbC, ENVELOPES.A1.maxDryBulbC]).toEqual([15, 32]);
    expect([ENVELOPES.A2.minDryBulbC, ENVELOPES.A2.maxDryBulbC]).toEqual([10, 35]);
    expect([ENVELOPES.A3.minDryBulbC, ENVELOPES.A3.maxDryBulbC]).toEqual([5, 40]);
    expect([ENVELOPES.A4.minDryBulbC, ENVELOPES.A4.maxDryBulbC]).toEqual([5, 45]);
  });

  it('derates at Guiyang (1,224 m) by the footnote rule, 324 m above 900 m', () => {
    // A1: 32 - 324/300 = 30.92; A2: 35 - 1.08 = 33.92; A3: 40 - 324/175 = 38.148571; A4: 45 - 324/125 = 42.408.
    expect(maxDryBulbAtAltitudeC(ENVELOPES.A1, 1224)).toBeCloseTo(30.92, 10);
    expect(maxDryBulbAtAltitudeC(ENVELOPES.A2, 1224)).toBeCloseTo(33.92, 10);
    expect(maxDryBulbAtAltitudeC(ENVELOPES.A3, 1224)).toBeCloseTo(38.148571, 6);
    expect(maxDryBulbAtAltitudeC(ENVELOPES.A4, 1224)).toBeCloseTo(42.408, 10);
    // Recommended: the derated A1 maximum (30.92) is still above 27, so 27 holds.
    expect(maxDryBulbAtAltitudeC(ENVELOPES.recommended, 1224)).toBe(27);
  });

  it('does not derate at or below 900 m, and the recommended maximum yields above 2,400 m', () => {
    expect(maxDryBulbAtAltitudeC(ENVELOPES.A1, 900)).toBe(32);
    expect(maxDryBulbAtAltitudeC(ENVELOPES.A4, 0)).toBe(45);
    expect(maxDryBulbAtAltitudeC(ENVELOPES.recommended, 2400)).toBeCloseTo(27, 10);
    // 2,700 m: 32 - 1,800 / 300 = 26.
    expect(maxDryBulbAtAltitudeC(ENVELOPES.recommended, 2700)).toBeCloseTo(26, 10);
  });

  it('turns the moisture limits into a dew point band at the supply temperature', () => {
    // Recommended at 24 °C: 70 % RH is a 18.3 °C dew point, so the 15 °C dew point limit binds; no RH floor.
    const recommended = supplyDewPointLimitsC(ENVELOPES.recommended, 24);
    expect(recommended.maxDewPointC).toBe(15);
    expect(recommended.minDewPointC).toBe(-9);
    // A1 at 24 °C: 8 % RH is pw = 0.08 x 2,985 Pa = 238.8 Pa, a frost point of about -10.9 °C (above -12).
    const a1 = supplyDewPointLimitsC(ENVELOPES.A1, 24);
    expect(a1.minDewPointC).toBeCloseTo(-10.9, 1);
    expect(a1.maxDewPointC).toBe(17);
  });

  it('rejects a non-finite elevation', () => {
    expect(() => maxDryBulbAtAltitudeC(ENVELOPES.A1, Number.NaN)).toThrow(/elevationM/);
  });
});
