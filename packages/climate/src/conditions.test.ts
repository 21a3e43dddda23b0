import { describe, expect, it } from 'vitest';
import { deriveConditions } from './conditions.js';
import {
  enthalpyKjPerKg,
  humidityRatioFromDewPoint,
  moistAirDensityKgPerM3,
  SEA_LEVEL_PRESSURE_PA,
  wetBulbC,
} from './psychrometrics.js';
import type { HourlyWeather } from './series.js';
import { ValidationError } from './validation.js';

function weatherOf(rows: ReadonlyArray<readonly [dryBulbC: number, dewPointC: number, pressurePa: number]>) {
  const hours = rows.length;
  const weather: HourlyWeather = {
    hours,
    month: new Uint8Array(hours).fill(1),
    day: new Uint8Array(hours).fill(1),
    hourOfDay: Uint8Array.from({ length: hours }, (_, i) => i % 24),
    dryBulbC: Float64Array.from(rows, (row) => row[0]),
    dewPointC: Float64Array.from(rows, (row) => row[1]),
    relativeHumidityPct: new Float64Array(hours).fill(50),
    pressurePa: Float64Array.from(rows, (row) => row[2]),
    windSpeedMps: new Float64Array(hours).fill(3),
  };
  return weather;
}

describe('deriveConditions', () => {
  const rows = [
    [40, 7.4336, SEA_LEVEL_PRESSURE_PA], // HoF 2017 ch. 1 Example 1 state (wet bulb 20 °C)
    [30, 20, 88_000], // Guiyang-like station pressure
    [-12, -18, 95_000],
    [2, -3, SEA_LEVEL_PRESSURE_PA],
  ] as const;
  const weather = weatherOf(rows);
  const conditions = deriveConditions(weather);

  it('keeps the weather series and adds four series of the same length', () => {
    expect(conditions.hours).toBe(rows.length);
    expect(conditions.dryBulbC).toBe(weather.dryBulbC);
    expect(conditions.windSpeedMps).toBe(weather.windSpeedMps);
    for (const series of [
      conditions.wetBulbC,
      conditions.humidityRatioKgPerKg,
      conditions.enthalpyKjPerKg,
      conditions.airDensityKgPerM3,
    ]) {
      expect(series).toBeInstanceOf(Float64Array);
      expect(series.length).toBe(rows.length);
    }
  });

  it('matches the scalar functions hour by hour', () => {
    rows.forEach(([dryBulbC, dewPointC, pressurePa], hour) => {
      const humidityRatio = humidityRatioFromDewPoint(dewPointC, pressurePa);
      expect(conditions.wetBulbC[hour]).toBe(wetBulbC(dryBulbC, dewPointC, pressurePa));
      expect(conditions.humidityRatioKgPerKg[hour]).toBe(humidityRatio);
      expect(conditions.enthalpyKjPerKg[hour]).toBe(enthalpyKjPerKg(dryBulbC, humidityRatio));
      expect(conditions.airDensityKgPerM3[hour]).toBe(
        moistAirDensityKgPerM3(dryBulbC, humidityRatio, pressurePa),
      );
    });
  });

  it('reproduces HoF 2017 ch. 1 Example 1 in the first hour', () => {
    // Example 1: 40 °C dry bulb, 20 °C wet bulb, 101.325 kPa -> W ≈ 0.0065 (0.0064008 by eq. 33 with
    // eq. 5/6), h ≈ 56.7 kJ/kg, v ≈ 0.896 m³/kg. The dew point 7.4336 °C is that W's dew point.
    expect(Math.abs(conditions.wetBulbC[0]! - 20)).toBeLessThan(0.001);
    expect(conditions.humidityRatioKgPerKg[0]).toBeCloseTo(0.0064008, 6);
    expect(Math.abs(conditions.enthalpyKjPerKg[0]! - 56.7)).toBeLessThan(0.1);
    // density = (1 + W) / v = 1.0064 / 0.89625 = 1.1229 kg/m³
    expect(conditions.airDensityKgPerM3[0]).toBeCloseTo(1.1229, 4);
  });

  it('clamps a dew point above the dry bulb to saturation at the dry bulb', () => {
    const clamped = deriveConditions(weatherOf([[20, 20.6, SEA_LEVEL_PRESSURE_PA]]));
    expect(clamped.wetBulbC[0]).toBe(20);
    expect(clamped.humidityRatioKgPerKg[0]).toBe(humidityRatioFromDewPoint(20, SEA_LEVEL_PRESSURE_PA));
  });

  it('handles an empty series', () => {
    const empty = deriveConditions(weatherOf([]));
    expect(empty.hours).toBe(0);
    expect(empty.wetBulbC.length).toBe(0);
  });

  it('throws ValidationError naming the hour and argument for a bad value', () => {
    const bad = weatherOf([
      [20, 10, SEA_LEVEL_PRESSURE_PA],
      [21, 11, SEA_LEVEL_PRESSURE_PA],
      [22, Number.NaN, SEA_LEVEL_PRESSURE_PA],
    ]);
    expect(() => deriveConditions(bad)).toThrow(ValidationError);
    expect(() => deriveConditions(bad)).toThrow(/hour 2: .*dewPointC.*NaN/);
    expect(() => deriveConditions(weatherOf([[20, 10, 0]]))).toThrow(/hour 0: .*pressurePa/);
  });

  it('throws ValidationError when a series is shorter than hours', () => {
    const short: HourlyWeather = { ...weatherOf([[20, 10, SEA_LEVEL_PRESSURE_PA]]), hours: 2 };
    expect(() => deriveConditions(short)).toThrow(/invalid weather:\n {2}dryBulbC: has 1 values/);
  });
});
