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

describe('ASHRAE envelopes: the moisture limits and derating rules of Table 2.1', () => {
  it('holds every published limit (TC 9.9, Thermal Guidelines 5th ed. 2021, Table 2.1 and footnotes)', () => {
    // [min DP °C, max DP °C, min RH %, max RH %, derating start m, m per K]
    const published = {
      recommended: [-9, 15, 0, 70, 900, 300],
      A1: [-12, 17, 8, 80, 900, 300],
      A2: [-12, 21, 8, 80, 900, 300],
      A3: [-12, 24, 8, 85, 900, 175],
      A4: [-12, 24, 8, 90, 900, 125],
    };
    for (const [id, limits] of Object.entries(published)) {
      const envelope = ENVELOPES[id as keyof typeof ENVELOPES];
      expect(envelope.id).toBe(id);
      expect([
        envelope.minDewPointC,
        envelope.maxDewPointC,
        envelope.minRelativeHumidityPct,
        envelope.maxRelativeHumidityPct,
        envelope.deratingStartM,
        envelope.deratingMPerK,
      ]).toEqual(limits);
    }
    // The allowable maximum each derates from: A1's 32 °C for the recommended range (see envelopes.ts).
    expect(Object.values(ENVELOPES).map((envelope) => envelope.deratedMaxDryBulbC)).toEqual([
      32, 32, 35, 40, 45,
    ]);
  });

  it('derates from 900 m exactly: 1 m higher takes 1/300 K off A1; an infinite elevation is refused', () => {
    expect(maxDryBulbAtAltitudeC(ENVELOPES.A1, 901)).toBeCloseTo(32 - 1 / 300, 12);
    expect(maxDryBulbAtAltitudeC(ENVELOPES.A1, -400)).toBe(32);
    expect(() => maxDryBulbAtAltitudeC(ENVELOPES.A1, Number.POSITIVE_INFINITY)).toThrow(
      'elevationM must be a finite number, got Infinity',
    );
  });

  it('binds the RH limits where they are tighter than the dew point limits', () => {
    // A2 at 18 °C: 80 % RH is pw = 0.8 x 2,064 Pa = 1,651 Pa, a dew point of 14.5 °C (below 21 °C);
    // 8 % RH is 165 Pa, a frost point of about -15 °C, so the -12 °C dew point binds below.
    const a2 = supplyDewPointLimitsC(ENVELOPES.A2, 18);
    expect(a2.maxDewPointC).toBeCloseTo(14.5, 1);
    expect(a2.minDewPointC).toBe(-12);
  });
});
