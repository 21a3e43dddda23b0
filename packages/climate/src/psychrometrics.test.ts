import { describe, expect, it } from 'vitest';
import {
  dewPointFromHumidityRatioC,
  dewPointFromRelativeHumidityC,
  dewPointFromVaporPressureC,
  dewPointFromWetBulbC,
  enthalpyKjPerKg,
  humidityRatioFromDewPoint,
  humidityRatioFromWetBulb,
  humidityRatioKgPerKg,
  moistAirDensityKgPerM3,
  relativeHumidityPct,
  SEA_LEVEL_PRESSURE_PA,
  saturationPressurePa,
  saturationPressureSlopePaPerK,
  standardPressurePa,
  wetBulbC,
} from './psychrometrics.js';

// "HoF 2017" below is ASHRAE Handbook of Fundamentals 2017 (SI), chapter 1 "Psychrometrics". Table values
// were cross-checked against PsychroLib's SI test suite (psychrometrics/psychrolib,
// tests/test_psychrolib_si.py), which transcribes the same tables and Example 1.

/** HoF 2017 ch. 1 eq. 33 (t* >= 0) / eq. 35 (t* < 0): humidity ratio from dry bulb and wet bulb. */
function referenceHumidityRatioFromWetBulb(
  dryBulbC: number,
  wetBulbTempC: number,
  pressurePa: number,
  iced = wetBulbTempC < 0,
): number {
  const satRatio = humidityRatioKgPerKg(saturationPressurePa(wetBulbTempC), pressurePa);
  if (!iced) {
    return (
      ((2501 - 2.326 * wetBulbTempC) * satRatio - 1.006 * (dryBulbC - wetBulbTempC)) /
      (2501 + 1.86 * dryBulbC - 4.186 * wetBulbTempC)
    );
  }
  return (
    ((2830 - 0.24 * wetBulbTempC) * satRatio - 1.006 * (dryBulbC - wetBulbTempC)) /
    (2830 + 1.86 * dryBulbC - 2.1 * wetBulbTempC)
  );
}

describe('standardPressurePa', () => {
  it('matches the HoF 2017 ch. 1 Table 1 standard atmosphere to 1 Pa', () => {
    // Table 1 lists kPa to three decimals; eq. 3 reproduces each entry to within its rounding.
    expect(SEA_LEVEL_PRESSURE_PA).toBe(101_325); // Table 1, 0 m: 101.325 kPa
    expect(standardPressurePa(0)).toBeCloseTo(101_325, 6); // Table 1, 0 m
    expect(Math.abs(standardPressurePa(-500) - 107_478)).toBeLessThan(1); // Table 1, -500 m: 107.478 kPa
    expect(Math.abs(standardPressurePa(1000) - 89_875)).toBeLessThan(1); // Table 1, 1000 m: 89.875 kPa
    expect(Math.abs(standardPressurePa(1500) - 84_556)).toBeLessThan(1); // Table 1, 1500 m: 84.556 kPa
    expect(Math.abs(standardPressurePa(2000) - 79_495)).toBeLessThan(1); // Table 1, 2000 m: 79.495 kPa
    expect(Math.abs(standardPressurePa(4000) - 61_640)).toBeLessThan(1); // Table 1, 4000 m: 61.640 kPa
  });
});

describe('saturationPressureSlopePaPerK', () => {
  // HoF 2017 Table 3 has no slope column, so the reference is the fit's own central difference (±1 mK)
  // on each branch, and a slope read off the table's neighbours of 20 °C.
  for (const tempC of [-40, -5, -0.01, 0, 5, 20, 45, 100]) {
    it(`matches the fit's central difference at ${tempC} °C`, () => {
      const deltaK = 1e-3;
      const numeric =
        (saturationPressurePa(tempC + deltaK) - saturationPressurePa(tempC - deltaK)) / (2 * deltaK);
      const analytic = saturationPressureSlopePaPerK(tempC);
      if (Math.abs(tempC) > deltaK) expect(Math.abs(analytic / numeric - 1)).toBeLessThan(1e-6);
      expect(analytic).toBeGreaterThan(0);
    });
  }
  it('is about 145 Pa/K at 20 °C (HoF 2017 Table 3: 2.1978 kPa at 19 °C, 2.4878 at 21 °C)', () => {
    expect(saturationPressureSlopePaPerK(20)).toBeCloseTo((2487.8 - 2197.8) / 2, -1);
  });
  it('refuses a temperature outside -100..200 °C, naming it', () => {
    expect(() => saturationPressureSlopePaPerK(250)).toThrow(/tempC/);
  });
});

describe('saturationPressurePa', () => {
  // HoF 2017 ch. 1 Table 3 (IAPWS-based) vs the Hyland-Wexler fits eq. 5/6: the chapter notes the
  // equations may not agree exactly with the table; they stay within 300 ppm over these points.
  const relTolerance = 3e-4;
  const table3 = [
    [-20, 0.10326], // Table 3, -20 °C over ice
    [-5, 0.40174], // Table 3, -5 °C over ice
    [0, 0.61121], // Table 3, 0 °C over liquid water
    [5, 0.8726], // Table 3, 5 °C
    [20, 2.3393], // Table 3, 20 °C
    [25, 3.1699], // Table 3, 25 °C
    [45, 9.5935], // Table 3, 45 °C
    [50, 12.3513], // Table 3, 50 °C
    [100, 101.418], // Table 3, 100 °C
    [150, 476.1014], // Table 3, 150 °C
  ] as const;
  for (const [tempC, tableKpa] of table3) {
    it(`is within 300 ppm of Table 3 at ${tempC} °C (${tableKpa} kPa)`, () => {
      const kpa = saturationPressurePa(tempC) / 1000;
      expect(Math.abs(kpa / tableKpa - 1)).toBeLessThan(relTolerance);
    });
  }

  it('switches from ice (eq. 5) to water (eq. 6) at 0 °C, ice being lower just below freezing', () => {
    // Both fits meet near the triple point; the ice curve ends ~0.06 Pa below the water curve at 0 °C.
    const iceJustBelowPa = saturationPressurePa(-1e-9);
    const waterAtZeroPa = saturationPressurePa(0);
    expect(iceJustBelowPa).toBeLessThan(waterAtZeroPa);
    expect(waterAtZeroPa - iceJustBelowPa).toBeLessThan(0.1);
  });

  it('is finite and increasing across its -100..200 °C range', () => {
    let previousPa = 0;
    for (let tempC = -100; tempC <= 200; tempC += 0.5) {
      const pa = saturationPressurePa(tempC);
      expect(pa).toBeGreaterThan(previousPa);
      previousPa = pa;
    }
  });
});

describe('humidity ratio', () => {
  it('follows eq. 20, W = 0.621945 pw / (p - pw)', () => {
    // Hand calculation: 0.621945 * 3169.7 / (95461 - 3169.7) = 0.0213604 (25 °C saturation at 500 m).
    expect(humidityRatioKgPerKg(3169.7, 95_461)).toBeCloseTo(0.0213604, 7);
    expect(humidityRatioKgPerKg(0, SEA_LEVEL_PRESSURE_PA)).toBe(0);
  });

  it('gives saturation W close to HoF 2017 Table 2 at 101.325 kPa', () => {
    // Table 2, 25 °C: Ws = 0.020173. Eq. 20 with eq. 6 gives 0.020081; the table includes the
    // enhancement factor (non-ideal mixing) that the perfect-gas equations omit, hence 0.5%.
    expect(Math.abs(humidityRatioFromDewPoint(25, SEA_LEVEL_PRESSURE_PA) / 0.020173 - 1)).toBeLessThan(0.005);
    // Table 2, 5 °C: Ws = 0.005425.
    expect(Math.abs(humidityRatioFromDewPoint(5, SEA_LEVEL_PRESSURE_PA) / 0.005425 - 1)).toBeLessThan(0.005);
    // Table 2, -20 °C: Ws = 0.0006373 (over ice).
    expect(Math.abs(humidityRatioFromDewPoint(-20, SEA_LEVEL_PRESSURE_PA) / 0.0006373 - 1)).toBeLessThan(
      0.005,
    );
  });

  it('rises as pressure falls for the same dew point', () => {
    // Same vapour pressure, less dry air to carry it: W ∝ pw / (p - pw).
    expect(humidityRatioFromDewPoint(20, 88_000)).toBeGreaterThan(humidityRatioFromDewPoint(20, 101_325));
  });
});

describe('dew point', () => {
  it('inverts saturationPressurePa to 1e-6 °C from -100 to 200 °C', () => {
    for (const dewC of [-100, -60, -20, -5, -0.5, -1e-6, 0, 1e-6, 0.5, 7.4336, 20, 25, 45, 93, 150, 200]) {
      const roundTripC = dewPointFromVaporPressureC(saturationPressurePa(dewC));
      expect(Math.abs(roundTripC - dewC)).toBeLessThan(1e-6);
    }
  });

  it('maps vapour pressures in the 0 °C gap between the ice and water curves to 0 °C', () => {
    const midGapPa = 0.5 * (saturationPressurePa(-1e-12) + saturationPressurePa(0));
    expect(dewPointFromVaporPressureC(midGapPa)).toBe(0);
  });

  it('round-trips through humidity ratio at sea level and at 60 kPa', () => {
    for (const pressurePa of [SEA_LEVEL_PRESSURE_PA, 88_000, 60_000]) {
      for (const dewC of [-40, -10, 0.3, 12, 28]) {
        const humidityRatio = humidityRatioFromDewPoint(dewC, pressurePa);
        expect(Math.abs(dewPointFromHumidityRatioC(humidityRatio, pressurePa) - dewC)).toBeLessThan(1e-6);
      }
    }
  });

  it('round-trips through relative humidity', () => {
    for (const [dryBulbC, rhPct] of [
      [-15, 70],
      [10, 5],
      [25, 50],
      [40, 100],
    ] as const) {
      const dewC = dewPointFromRelativeHumidityC(dryBulbC, rhPct);
      expect(relativeHumidityPct(dryBulbC, dewC)).toBeCloseTo(rhPct, 6);
    }
    // RH 100% means the dew point is the dry bulb.
    expect(dewPointFromRelativeHumidityC(18, 100)).toBeCloseTo(18, 6);
  });

  it('gives the familiar 25 °C / 50% RH chart point', () => {
    // Hand calculation: pw = 0.5 * pws(25 °C) = 0.5 * 3169.2 = 1584.6 Pa = pws(13.86 °C) by eq. 6.
    expect(dewPointFromRelativeHumidityC(25, 50)).toBeCloseTo(13.864, 3);
  });
});

describe('HoF 2017 ch. 1 Example 1: 40 °C dry bulb, 20 °C thermodynamic wet bulb, 101.325 kPa', () => {
  // The example's printed answers (as transcribed by PsychroLib): W ≈ 0.0065 kg/kg, td ≈ 7 °C,
  // φ ≈ 14%, v ≈ 0.896 m³/kg, h ≈ 56.7 kJ/kg. Evaluated with eq. 5/6 + eq. 20 instead of the
  // example's Table 2 lookups, the same steps give (hand calculation):
  //   pws(20 °C) = 2338.80 Pa, Ws* = 0.621945 * 2338.80 / (101325 - 2338.80) = 0.0146951 (eq. 21)
  //   W  = ((2501 - 2.326 * 20) * 0.0146951 - 1.006 * 20) / (2501 + 1.86 * 40 - 4.186 * 20) = 0.0064008 (eq. 33)
  //   pw = 101325 * 0.0064008 / (0.621945 + 0.0064008) = 1032.17 Pa -> td = 7.434 °C (eq. 36 inverted)
  //   φ  = 1032.17 / pws(40 °C) = 1032.17 / 7383.46 = 13.98 %
  //   h  = 1.006 * 40 + 0.0064008 * (2501 + 1.86 * 40) = 56.725 kJ/kg (eq. 30)
  //   v  = 0.287042 * 313.15 * (1 + 1.607858 * 0.0064008) / 101.325 = 0.89625 m³/kg (eq. 26)
  const pressurePa = SEA_LEVEL_PRESSURE_PA;
  const humidityRatio = referenceHumidityRatioFromWetBulb(40, 20, pressurePa);
  const dewC = dewPointFromHumidityRatioC(humidityRatio, pressurePa);

  it('humidity ratio', () => {
    expect(humidityRatio).toBeCloseTo(0.0064008, 6); // hand calculation above
    expect(Math.abs(humidityRatio - 0.0065)).toBeLessThanOrEqual(1e-4); // Example 1 printed value
  });

  it('dew point', () => {
    expect(dewC).toBeCloseTo(7.434, 3); // hand calculation above
    expect(Math.abs(dewC - 7)).toBeLessThan(0.5); // Example 1 printed value, rounded to whole °C
  });

  it('relative humidity', () => {
    const rhPct = relativeHumidityPct(40, dewC);
    expect(rhPct).toBeCloseTo(13.98, 2); // hand calculation above
    expect(Math.abs(rhPct - 14)).toBeLessThan(1); // Example 1 printed value
  });

  it('enthalpy', () => {
    const hKjPerKg = enthalpyKjPerKg(40, humidityRatio);
    expect(hKjPerKg).toBeCloseTo(56.725, 3); // hand calculation above
    expect(Math.abs(hKjPerKg - 56.7)).toBeLessThan(0.1); // Example 1 printed value
  });

  it('density from the specific volume', () => {
    // density = (1 + W) / v = 1.0064008 / 0.89625 = 1.12290 kg/m³; Example 1 v = 0.896 -> 1.1232.
    const densityKgPerM3 = moistAirDensityKgPerM3(40, humidityRatio, pressurePa);
    expect(densityKgPerM3).toBeCloseTo(1.1229, 4);
    expect(Math.abs(densityKgPerM3 / ((1 + 0.0065) / 0.896) - 1)).toBeLessThan(0.002);
  });

  it('wetBulbC recovers the 20 °C wet bulb from the derived dew point', () => {
    expect(Math.abs(wetBulbC(40, dewC, pressurePa) - 20)).toBeLessThan(0.001);
  });
});

describe('enthalpyKjPerKg and moistAirDensityKgPerM3', () => {
  it('dry air matches HoF 2017 Table 2 at 25 °C', () => {
    // Table 2, 25 °C: h_da = 25.148 kJ/kg (eq. 30 gives 1.006 * 25 = 25.150).
    expect(Math.abs(enthalpyKjPerKg(25, 0) - 25.148)).toBeLessThan(0.01);
    // Table 2, 25 °C: v_da = 0.8443 m³/kg, so dry-air density 1 / 0.8443 = 1.1844 kg/m³.
    expect(Math.abs(moistAirDensityKgPerM3(25, 0, SEA_LEVEL_PRESSURE_PA) * 0.8443 - 1)).toBeLessThan(1e-3);
  });

  it('saturated air matches HoF 2017 Table 2 enthalpy at 25 °C within the enhancement-factor gap', () => {
    // Table 2, 25 °C: h_s = 76.504 kJ/kg. Eq. 30 with eq. 20 Ws = 0.020081 gives 76.307 (0.26% low).
    const saturatedHumidityRatio = humidityRatioFromDewPoint(25, SEA_LEVEL_PRESSURE_PA);
    expect(Math.abs(enthalpyKjPerKg(25, saturatedHumidityRatio) / 76.504 - 1)).toBeLessThan(0.005);
  });

  it('matches hand calculations at 30 °C, W = 0.02, 500 m standard pressure', () => {
    // h = 1.006 * 30 + 0.02 * (2501 + 1.86 * 30) = 81.316 kJ/kg (eq. 30)
    expect(enthalpyKjPerKg(30, 0.02)).toBeCloseTo(81.316, 6);
    // v = 0.287042 * 303.15 * (1 + 1.607858 * 0.02) / 95.461 = 0.940855 m³/kg (eq. 26),
    // density = 1.02 / 0.940855 = 1.084120 kg/m³
    expect(moistAirDensityKgPerM3(30, 0.02, 95_461)).toBeCloseTo(1.08412, 5);
  });

  it('humid air is less dense than dry air at the same temperature and pressure', () => {
    // Water vapour (18 g/mol) displaces heavier dry air (28.97 g/mol).
    expect(moistAirDensityKgPerM3(30, 0.02, SEA_LEVEL_PRESSURE_PA)).toBeLessThan(
      moistAirDensityKgPerM3(30, 0, SEA_LEVEL_PRESSURE_PA),
    );
  });
});

describe('wetBulbC', () => {
  it('matches values from a direct bisection on eq. 33/35 with eq. 5/6', () => {
    // Expected values: bisection (200 halvings) of eq. 33/35 between dew point and dry bulb, written
    // independently of the module. Hand check of the first: pws(22.939) = 2800.08 Pa, Ws* = 0.0176757,
    // W(eq. 33) = ((2501 - 2.326 * 22.939) * 0.0176757 - 1.006 * 7.061) / (2501 + 55.8 - 96.02) = 0.0146947,
    // equal to W at the 20 °C dew point, 0.0146951.
    const cases = [
      [30, 20, 101_325, 22.9392],
      [25, 13.864, 101_325, 17.8893], // 25 °C / 50% RH; the psychrometric chart reads 17.9 °C
      [45, 25, 101_325, 29.6642],
      [45, 25, 60_000, 28.1023],
      [5, -5, 101_325, 1.049],
      [2, -3, 101_325, -0.1848], // iced wick, eq. 35
      [-20, -25, 101_325, -20.5929],
      [-10, -20, 60_000, -12.8625],
    ] as const;
    for (const [dryBulbC, dewC, pressurePa, expectedC] of cases) {
      expect(Math.abs(wetBulbC(dryBulbC, dewC, pressurePa) - expectedC)).toBeLessThan(0.002);
    }
  });

  it('solves eq. 33/35 to 0.001 °C across -20..45 °C and 60..101.325 kPa', () => {
    // The root of eq. 33/35 lies within ±0.001 °C of the answer when W(eq. 33/35) brackets the actual W.
    for (const pressurePa of [60_000, 75_000, 88_000, SEA_LEVEL_PRESSURE_PA]) {
      for (let dryBulbC = -20; dryBulbC <= 45; dryBulbC += 2.5) {
        for (const depressionC of [0, 0.3, 2, 8, 20, 40]) {
          const dewC = dryBulbC - depressionC;
          const resultC = wetBulbC(dryBulbC, dewC, pressurePa);
          expect(resultC).toBeGreaterThanOrEqual(dewC - 1e-9);
          expect(resultC).toBeLessThanOrEqual(dryBulbC + 1e-9);
          if (depressionC === 0) {
            expect(resultC).toBe(dryBulbC);
            continue;
          }
          const humidityRatio = humidityRatioFromDewPoint(dewC, pressurePa);
          // Evaluate both sides on the branch (eq. 33 water or eq. 35 ice) the answer lies on.
          const iced = resultC < 0;
          const lowC = Math.max(dewC, resultC - 0.001, iced ? -Infinity : 0);
          const highC = Math.min(dryBulbC, resultC + 0.001, iced ? -Number.MIN_VALUE : Infinity);
          const below = referenceHumidityRatioFromWetBulb(dryBulbC, lowC, pressurePa, iced);
          const above = referenceHumidityRatioFromWetBulb(dryBulbC, highC, pressurePa, iced);
          expect(below).toBeLessThanOrEqual(humidityRatio);
          expect(above).toBeGreaterThanOrEqual(humidityRatio);
        }
      }
    }
  });

  it("is slightly lower at Guiyang's ~88 kPa station pressure than at sea level", () => {
    // Lower pressure raises W for the same dew point and shrinks the psychrometer constant, so the wet
    // bulb sits closer to the dew point. Hand check at 88 kPa: W(td 20 °C) = 0.0169809; at t* = 22.663,
    // pws = 2753.62 Pa, Ws* = 0.0200900, eq. 33 gives W = 0.0169806.
    const seaLevelC = wetBulbC(30, 20, SEA_LEVEL_PRESSURE_PA);
    const guiyangC = wetBulbC(30, 20, 88_000);
    expect(guiyangC).toBeLessThan(seaLevelC);
    expect(guiyangC).toBeCloseTo(22.663, 2);
    expect(seaLevelC - guiyangC).toBeCloseTo(0.276, 2);
  });

  it('picks the water-surface root (eq. 33) where eq. 33 and eq. 35 both have one', () => {
    // At 15 °C, dew point -22 °C, 60 kPa: W = 0.00088334. Eq. 33 at t* = 0 gives W = 0.00036325 and
    // eq. 35 at t* = 0⁻ gives 0.00105767, so W lies in both ranges: a wet wick settles at 0.5999 °C, an
    // iced one at -0.1992 °C (direct bisection on each branch). The module documents the water root.
    const resultC = wetBulbC(15, -22, 60_000);
    expect(Math.abs(resultC - 0.5999)).toBeLessThan(0.001);
    const humidityRatio = humidityRatioFromDewPoint(-22, 60_000);
    expect(referenceHumidityRatioFromWetBulb(15, resultC, 60_000)).toBeCloseTo(humidityRatio, 7);
    expect(referenceHumidityRatioFromWetBulb(15, -0.1992, 60_000)).toBeCloseTo(humidityRatio, 6);
  });

  it('treats a dew point above the dry bulb as saturated air at the dry bulb', () => {
    expect(wetBulbC(20, 20.4, SEA_LEVEL_PRESSURE_PA)).toBe(20);
    expect(wetBulbC(-5, -4, SEA_LEVEL_PRESSURE_PA)).toBe(-5);
  });
});

describe('input validation', () => {
  it('throws RangeError naming the argument for non-finite numbers', () => {
    expect(() => saturationPressurePa(Number.NaN)).toThrow(/tempC.*NaN/);
    expect(() => saturationPressurePa(250)).toThrow(RangeError);
    expect(() => humidityRatioKgPerKg(Number.NaN, 101_325)).toThrow(/vaporPressurePa/);
    expect(() => humidityRatioFromDewPoint(Number.POSITIVE_INFINITY, 101_325)).toThrow(/dewPointC.*Infinity/);
    expect(() => relativeHumidityPct(Number.NaN, 10)).toThrow(/dryBulbC/);
    expect(() => relativeHumidityPct(20, Number.NaN)).toThrow(/dewPointC/);
    expect(() => dewPointFromVaporPressureC(Number.NaN)).toThrow(/vaporPressurePa/);
    expect(() => dewPointFromHumidityRatioC(Number.NaN, 101_325)).toThrow(/humidityRatio/);
    expect(() => dewPointFromRelativeHumidityC(Number.NaN, 50)).toThrow(/dryBulbC/);
    expect(() => wetBulbC(Number.NaN, 10, 101_325)).toThrow(/dryBulbC.*NaN/);
    expect(() => wetBulbC(20, Number.NaN, 101_325)).toThrow(/dewPointC.*NaN/);
    expect(() => wetBulbC(20, 10, Number.NaN)).toThrow(/pressurePa.*NaN/);
    expect(() => enthalpyKjPerKg(Number.NEGATIVE_INFINITY, 0.01)).toThrow(/dryBulbC/);
    expect(() => moistAirDensityKgPerM3(20, Number.NaN, 101_325)).toThrow(/humidityRatio/);
  });

  it('throws RangeError for non-positive pressure', () => {
    expect(() => humidityRatioKgPerKg(1000, 0)).toThrow(/pressurePa.*0/);
    expect(() => humidityRatioFromDewPoint(10, -5)).toThrow(/pressurePa.*-5/);
    expect(() => dewPointFromHumidityRatioC(0.01, 0)).toThrow(/pressurePa/);
    expect(() => wetBulbC(20, 10, 0)).toThrow(/pressurePa/);
    expect(() => moistAirDensityKgPerM3(20, 0.01, -1)).toThrow(/pressurePa/);
  });

  it('throws RangeError for negative humidity ratio', () => {
    expect(() => enthalpyKjPerKg(20, -0.001)).toThrow(/humidityRatio.*-0\.001/);
    expect(() => moistAirDensityKgPerM3(20, -0.001, 101_325)).toThrow(/humidityRatio/);
    expect(() => dewPointFromHumidityRatioC(-0.001, 101_325)).toThrow(/humidityRatio/);
    // W = 0 is valid air but has no dew point above -100 °C.
    expect(() => dewPointFromHumidityRatioC(0, 101_325)).toThrow(/humidityRatio/);
  });

  it('throws RangeError for relative humidity outside (0, 100]', () => {
    expect(() => dewPointFromRelativeHumidityC(20, 0)).toThrow(/relativeHumidityPct.*0/);
    expect(() => dewPointFromRelativeHumidityC(20, 100.5)).toThrow(/relativeHumidityPct.*100\.5/);
    expect(() => dewPointFromRelativeHumidityC(20, Number.NaN)).toThrow(/relativeHumidityPct/);
  });

  it('throws rather than returning NaN when water would boil', () => {
    expect(() => humidityRatioKgPerKg(101_325, 101_325)).toThrow(/vaporPressurePa/);
    expect(() => wetBulbC(99, 50, 60_000)).toThrow(/dryBulbC.*boiling/);
  });
});

describe('humidityRatioFromWetBulb and dewPointFromWetBulbC', () => {
  it('reproduces ASHRAE HoF 2017 ch. 1 Example 1 (40 C dry bulb, 20 C wet bulb, 101.325 kPa)', () => {
    // Example 1 gives W = 0.0065 kg/kg and a dew point near 7 C; eq. 33 worked by hand:
    // Ws*(20 C) = 0.621945 x 2.3393 / (101.325 - 2.3393) = 0.014698;
    // W = ((2501 - 2.326 x 20) x 0.014698 - 1.006 x 20) / (2501 + 1.86 x 40 - 4.186 x 20) = 0.006401.
    expect(humidityRatioFromWetBulb(40, 20, 101_325)).toBeCloseTo(0.006401, 5);
    expect(dewPointFromWetBulbC(40, 20, 101_325)).toBeCloseTo(7.43, 1);
  });

  it('inverts wetBulbC at Guiyang station pressure and below freezing', () => {
    for (const [dryBulbC, dewPointC, pressurePa] of [
      [30.3, 18, 88_000],
      [-5, -12, 88_000],
      [25, 10, 60_000],
    ] as const) {
      const wb = wetBulbC(dryBulbC, dewPointC, pressurePa);
      expect(dewPointFromWetBulbC(dryBulbC, wb, pressurePa)).toBeCloseTo(dewPointC, 2);
    }
  });

  it('rejects a wet bulb above the dry bulb, naming both', () => {
    expect(() => humidityRatioFromWetBulb(20, 25, 101_325)).toThrow(/wetBulbC 25 is above dryBulbC 20/);
  });
});
