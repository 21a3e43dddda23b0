import { describe, expect, it } from 'vitest';
import { deriveConditions } from '../conditions.js';
import type { HourlyWeather } from '../series.js';
import { climateStats } from './climate-stats.js';

function weatherOf(rows: { month: number; dryBulbC: number; dewPointC: number }[]): HourlyWeather {
  const hours = rows.length;
  return {
    hours,
    month: Uint8Array.from(rows, (row) => row.month),
    day: new Uint8Array(hours).fill(1),
    hourOfDay: Uint8Array.from(rows, (_, i) => i % 24),
    dryBulbC: Float64Array.from(rows, (row) => row.dryBulbC),
    dewPointC: Float64Array.from(rows, (row) => row.dewPointC),
    relativeHumidityPct: new Float64Array(hours).fill(50),
    pressurePa: new Float64Array(hours).fill(101_325),
    windSpeedMps: new Float64Array(hours),
  };
}

describe('climateStats', () => {
  const stats = climateStats(
    deriveConditions(
      weatherOf([
        { month: 1, dryBulbC: 10, dewPointC: 0 },
        { month: 1, dryBulbC: 18, dewPointC: 10 },
        { month: 7, dryBulbC: 27, dewPointC: 16 },
        { month: 7, dryBulbC: 30, dewPointC: 25 },
      ]),
    ),
  );

  it('counts hours at or below each threshold, inclusive', () => {
    expect(stats.hourCounts.dryBulbAtMost18C).toBe(2);
    expect(stats.hourCounts.dryBulbAtMost24C).toBe(2);
    expect(stats.hourCounts.dryBulbAtMost27C).toBe(3);
    expect(stats.hourCounts.dewPointAtMost15C).toBe(2);
    // 27 C with dew point 16 fails the joint test on dew point.
    expect(stats.hourCounts.dryBulbAtMost27CAndDewPointAtMost15C).toBe(2);
  });

  it('gives monthly means and extremes, skipping months without hours', () => {
    expect(stats.months.map((month) => [month.month, month.meanDryBulbC])).toEqual([
      [1, 14],
      [7, 28.5],
    ]);
    expect(stats.annualMeanDryBulbC).toBe(21.25);
    expect(stats.extremes.maxDryBulbC).toBe(30);
    expect(stats.extremes.minDryBulbC).toBe(10);
    expect(stats.extremes.maxDewPointC).toBe(25);
    // Wet bulb at 30 C / dew point 25 C, sea level: between the two, near 26 C (psychrometric chart).
    expect(stats.extremes.maxWetBulbC).toBeGreaterThan(25);
    expect(stats.extremes.maxWetBulbC).toBeLessThan(27);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(stats))).toEqual(stats);
  });
});
