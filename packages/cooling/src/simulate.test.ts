import { humidityRatioFromDewPoint, type OutdoorConditions } from '@karst/climate';
import { describe, expect, it } from 'vitest';
import { coolingDesignSchema } from './design.js';
import { ValidationError } from './index.js';
import { COOLING_MODES } from './modes.js';
import { createCoolingSeries } from './series.js';
import { coolingAtConditions, simulateCooling } from './simulate.js';
import { validationMessages } from './validation.test-util.js';

/** A small hand-written weather series; only the fields the cooling model reads are meaningful. */
function weather(
  rows: readonly (readonly [dryBulbC: number, dewPointC: number, wetBulbC: number])[],
  pressurePa = 88_000,
) {
  const hours = rows.length;
  const column = (k: 0 | 1 | 2) => Float64Array.from(rows, (row) => row[k]);
  const conditions: OutdoorConditions = {
    hours,
    month: new Uint8Array(hours).fill(1),
    day: new Uint8Array(hours).fill(1),
    hourOfDay: Uint8Array.from(rows, (_, i) => i % 24),
    dryBulbC: column(0),
    dewPointC: column(1),
    relativeHumidityPct: new Float64Array(hours).fill(50),
    pressurePa: new Float64Array(hours).fill(pressurePa),
    windSpeedMps: new Float64Array(hours),
    wetBulbC: column(2),
    // As deriveConditions gives it: W at the dew point (clamped to the dry bulb) and the station pressure.
    humidityRatioKgPerKg: Float64Array.from(rows, ([dry, dew]) =>
      humidityRatioFromDewPoint(Math.min(dew, dry), pressurePa),
    ),
    enthalpyKjPerKg: new Float64Array(hours).fill(40),
    airDensityKgPerM3: new Float64Array(hours).fill(1.03),
  };
  return conditions;
}

const rows = [
  [-5, -12, -7],
  [10, 4, 7],
  [24, 11.5, 16],
  [30, 19, 22],
  [36, 27, 28.5],
] as const;

describe('simulateCooling', () => {
  it('matches coolingAtConditions hour by hour, for every design', () => {
    const conditions = weather(rows);
    for (const type of ['free-air', 'indirect-evaporative', 'chilled-water-wse', 'mechanical'] as const) {
      const design = coolingDesignSchema.parse({ type });
      const loads = Float64Array.from([800, 900, 1000, 1100, 1200]);
      const series = simulateCooling(design, conditions, loads, { elevationM: 1224 });
      rows.forEach(([dryBulbC, dewPointC, wetBulbC], i) => {
        const hour = coolingAtConditions(
          design,
          { dryBulbC, dewPointC, wetBulbC, pressurePa: 88_000 },
          loads[i]!,
          {
            elevationM: 1224,
          },
        );
        expect(COOLING_MODES[series.mode[i]!]).toBe(hour.mode);
        expect(series.mechanicalFraction[i]).toBe(hour.mechanicalFraction);
        expect(series.coolingPowerKw[i]).toBe(hour.coolingPowerKw);
        expect(series.waterLiters[i]).toBe(hour.waterLiters);
        expect(series.supplyAirC[i]).toBe(hour.supplyAirC);
        expect(series.withinEnvelope[i] === 1).toBe(hour.withinEnvelope);
      });
    }
  });

  it('walks the indirect evaporative modes from cold to hot', () => {
    const series = simulateCooling(
      coolingDesignSchema.parse({ type: 'indirect-evaporative' }),
      weather(rows),
      1000,
    );
    expect(Array.from(series.mode, (m) => COOLING_MODES[m])).toEqual([
      'indirect-dry',
      'indirect-dry',
      'indirect-evaporative',
      'indirect-evaporative-partial',
      'indirect-evaporative-partial',
    ]);
  });

  it('writes into given buffers and takes a constant load', () => {
    const into = createCoolingSeries(rows.length);
    const design = coolingDesignSchema.parse({ type: 'chilled-water-wse' });
    const series = simulateCooling(design, weather(rows), 1000, { into });
    expect(series).toBe(into);
    expect(into.coolingPowerKw.every((kw) => kw > 0)).toBe(true);
  });

  it('takes the elevation from the mean pressure when none is given', () => {
    // 87,459 Pa is the standard pressure at 1,224 m; A1 derates there to 30.92 °C, so a 31 °C setpoint
    // is out of envelope, while at sea level it is inside.
    const design = coolingDesignSchema.parse({ type: 'mechanical', envelope: 'A1', supplyAirSetpointC: 31 });
    expect(simulateCooling(design, weather(rows, 87_459), 1000).withinEnvelope[0]).toBe(0);
    expect(simulateCooling(design, weather(rows, 101_325), 1000).withinEnvelope[0]).toBe(1);
  });

  it('rejects bad inputs with the field and hour named', () => {
    const design = coolingDesignSchema.parse({ type: 'free-air' });
    expect(() => simulateCooling(design, weather(rows), new Float64Array(3))).toThrow(
      /heatLoadKw: must have 5 hours/,
    );
    expect(() => simulateCooling(design, weather(rows), -1)).toThrow(
      /heatLoadKw: must be a finite number >= 0/,
    );
    const broken = weather(rows);
    broken.dryBulbC[2] = Number.NaN;
    expect(() => simulateCooling(design, broken, 1000)).toThrow(/hour 2: dryBulbC NaN/);
    expect(() => simulateCooling(design, broken, 1000)).toThrow(ValidationError);
    expect(() => simulateCooling(design, weather(rows), 1000, { into: createCoolingSeries(2) })).toThrow(
      /into/,
    );
  });
});

describe('simulateCooling and coolingAtConditions input guards', () => {
  const design = coolingDesignSchema.parse({ type: 'free-air' });
  /** The one issue of the ValidationError that `run` throws, as `path: message`. */
  function issueOf(run: () => unknown): string {
    return validationMessages(run, 'cooling input');
  }

  it('names the weather column that is shorter than dryBulbC', () => {
    for (const column of ['dewPointC', 'wetBulbC', 'pressurePa', 'humidityRatioKgPerKg'] as const) {
      const short = { ...weather(rows), [column]: new Float64Array(4) };
      expect(issueOf(() => simulateCooling(design, short, 1000))).toBe(
        'conditions: dewPointC, wetBulbC, pressurePa and humidityRatioKgPerKg must have 5 hours like dryBulbC',
      );
    }
  });

  it('refuses a constant load that is not finite and >= 0, naming the value', () => {
    expect(issueOf(() => simulateCooling(design, weather(rows), Number.POSITIVE_INFINITY))).toBe(
      'heatLoadKw: must be a finite number >= 0, got Infinity',
    );
    expect(issueOf(() => simulateCooling(design, weather(rows), Number.NaN))).toBe(
      'heatLoadKw: must be a finite number >= 0, got NaN',
    );
    expect(issueOf(() => simulateCooling(design, weather(rows), new Float64Array(6)))).toBe(
      'heatLoadKw: must have 5 hours like the weather, got 6',
    );
    // 0 kW is a load (an idle hall), not an error.
    expect(simulateCooling(design, weather(rows), 0).coolingPowerKw).toHaveLength(5);
  });

  it('names the hour whose load or weather is not finite, or whose pressure is not positive', () => {
    const loads = new Float64Array(5).fill(1000);
    loads[3] = -1;
    expect(issueOf(() => simulateCooling(design, weather(rows), loads))).toBe(
      'hour 3: dryBulbC 30, dewPointC 19, wetBulbC 22 and pressurePa 88000 must be finite (pressure > 0) ' +
        'and heatLoadKw -1 finite and >= 0',
    );
    loads[3] = Number.POSITIVE_INFINITY;
    expect(issueOf(() => simulateCooling(design, weather(rows), loads))).toMatch(
      /^hour 3: .*heatLoadKw Infinity/,
    );
    for (const [column, value] of [
      ['dewPointC', Number.NaN],
      ['wetBulbC', Number.NEGATIVE_INFINITY],
      ['pressurePa', 0],
      ['pressurePa', Number.POSITIVE_INFINITY],
    ] as const) {
      const broken = weather(rows);
      broken[column][1] = value;
      // The elevation is given: from the mean pressure a bad pressure would stop earlier, in elevationFromPressureM.
      expect(issueOf(() => simulateCooling(design, broken, 1000, { elevationM: 1224 }))).toMatch(
        new RegExp(`^hour 1: .*${column} ${value}`),
      );
    }
  });

  it('names each output buffer too short for the weather', () => {
    for (const buffer of ['mode', 'coolingPowerKw', 'withinEnvelope'] as const) {
      const into = {
        ...createCoolingSeries(5),
        [buffer]: buffer === 'coolingPowerKw' ? new Float64Array(4) : new Uint8Array(4),
      };
      expect(issueOf(() => simulateCooling(design, weather(rows), 1000, { into }))).toBe(
        'into: buffers must hold 5 hours',
      );
    }
  });

  it('checks one hour the same way, naming it "hour"', () => {
    const hour = { dryBulbC: 10, dewPointC: 4, wetBulbC: 7, pressurePa: 88_000 };
    expect(issueOf(() => coolingAtConditions(design, hour, -5))).toBe(
      'heatLoadKw: must be a finite number >= 0, got -5',
    );
    expect(issueOf(() => coolingAtConditions(design, { ...hour, pressurePa: -1 }, 1000))).toBe(
      'hour: dryBulbC 10, dewPointC 4, wetBulbC 7 and pressurePa -1 must be finite (pressure > 0) and ' +
        'heatLoadKw 1000 finite and >= 0',
    );
  });
});

describe('simulateCooling at the ends of the series', () => {
  const design = coolingDesignSchema.parse({ type: 'free-air' });

  it('names the first hour "hour 0"', () => {
    const broken = weather(rows);
    broken.dryBulbC[0] = Number.NaN;
    expect(() => simulateCooling(design, broken, 1000)).toThrow(/ {2}hour 0: dryBulbC NaN/);
  });

  it('gives an empty series for an empty weather series (the elevation of 101,325 Pa, sea level)', () => {
    const out = simulateCooling(design, weather([]), 1000);
    expect(out.coolingPowerKw).toHaveLength(0);
    expect(out.mode).toHaveLength(0);
  });
});
