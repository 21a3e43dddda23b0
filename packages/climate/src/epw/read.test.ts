import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  sharedWeatherAvailable,
  sharedWeatherFiles,
  sharedWeatherPath,
  sharedWeatherSkipReason,
} from '@karst/test-support';
import { describe, expect, it } from 'vitest';
import { EpwParseError, EpwReadError } from './errors.js';
import { readEpw } from './read.js';
import type { EpwDesignConditions, EpwWeather } from './schema.js';
import { lineOfHour, syntheticEpw } from './synthetic.test-util.js';

const title = sharedWeatherAvailable
  ? 'readEpw on the real weather files'
  : `SKIPPED: ${sharedWeatherSkipReason}`;

function mean(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

function warningCount(weather: EpwWeather, kind: string): number {
  return weather.warnings
    .filter((warning) => warning.kind === kind)
    .reduce((sum, warning) => sum + warning.count, 0);
}

/**
 * The design-condition rows of a .stat file as `block.name -> value`, using the column headings the
 * weather converter prints above each row, so the EPW field order is checked against named columns.
 */
function statDesignConditions(statPath: string): Map<string, number> {
  const values = new Map<string, number>();
  let names: string[] = [];
  for (const line of readFileSync(statPath, 'latin1').split(/\r?\n/)) {
    const cells = line.split('\t').map((cell) => cell.trim());
    const label = cells[1];
    if (label === 'Design Stat') names = cells.slice(2);
    if (label === 'Heating' || label === 'Cooling' || label === 'Extremes') {
      cells.slice(2).forEach((cell, j) => {
        values.set(`${label}.${names[j]}`, Number(cell));
      });
    }
  }
  return values;
}

/** Where each .stat column lands in EpwDesignConditions. */
const STAT_COLUMNS: [string, (design: EpwDesignConditions) => number | undefined][] = [
  ['Heating.ColdestMonth', (d) => d.heating?.coldestMonth],
  ['Heating.DB996', (d) => d.heating?.dryBulb99_6C],
  ['Heating.DB990', (d) => d.heating?.dryBulb99C],
  ['Heating.DP996', (d) => d.heating?.humidification99_6.dewPointC],
  ['Heating.HR_DP990', (d) => d.heating?.humidification99.humidityRatioGPerKg],
  ['Heating.WD_DB996', (d) => d.heating?.prevailingWindDirection99_6Deg],
  ['Cooling.HottestMonth', (d) => d.cooling?.hottestMonth],
  ['Cooling.DBR', (d) => d.cooling?.meanDailyRangeC],
  ['Cooling.DB004', (d) => d.cooling?.dryBulb0_4.dryBulbC],
  ['Cooling.WB_DB004', (d) => d.cooling?.dryBulb0_4.meanCoincidentWetBulbC],
  ['Cooling.DB010', (d) => d.cooling?.dryBulb1.dryBulbC],
  ['Cooling.WB_DB020', (d) => d.cooling?.dryBulb2.meanCoincidentWetBulbC],
  ['Cooling.WB004', (d) => d.cooling?.evaporation0_4.wetBulbC],
  ['Cooling.DB_WB004', (d) => d.cooling?.evaporation0_4.meanCoincidentDryBulbC],
  ['Cooling.WB010', (d) => d.cooling?.evaporation1.wetBulbC],
  ['Cooling.DB_WB020', (d) => d.cooling?.evaporation2.meanCoincidentDryBulbC],
  ['Cooling.WS_DB004', (d) => d.cooling?.meanCoincidentWindSpeed0_4Mps],
  ['Cooling.DP004', (d) => d.cooling?.dehumidification0_4.dewPointC],
  ['Cooling.HR_DP004', (d) => d.cooling?.dehumidification0_4.humidityRatioGPerKg],
  ['Cooling.DB_DP020', (d) => d.cooling?.dehumidification2.meanCoincidentDryBulbC],
  ['Cooling.EN004', (d) => d.cooling?.enthalpy0_4.enthalpyKjPerKg],
  ['Cooling.DB_EN020', (d) => d.cooling?.enthalpy2.meanCoincidentDryBulbC],
  ['Extremes.WS010', (d) => d.extremes?.windSpeed1Mps],
  ['Extremes.WBmax', (d) => d.extremes?.maxWetBulbC],
  ['Extremes.DBmin_mean', (d) => d.extremes?.meanAnnualMinDryBulbC],
  ['Extremes.DBmax_mean', (d) => d.extremes?.meanAnnualMaxDryBulbC],
  ['Extremes.DBmax_stddev', (d) => d.extremes?.stdDevAnnualMaxDryBulbC],
  ['Extremes.DBmin20years', (d) => d.extremes?.returnPeriods[2]?.minDryBulbC],
  ['Extremes.DBmax50years', (d) => d.extremes?.returnPeriods[3]?.maxDryBulbC],
];

describe.skipIf(!sharedWeatherAvailable)(title, () => {
  const parsed = new Map<string, EpwWeather>();
  const load = async (fileName: string): Promise<EpwWeather> => {
    const cached = parsed.get(fileName);
    if (cached !== undefined) return cached;
    const weather = await readEpw(sharedWeatherPath(fileName));
    parsed.set(fileName, weather);
    return weather;
  };
  const guiyang = 'CHN_Guizhou.Guiyang.578160_CSWD.epw';
  const dulles = 'USA_VA_Sterling-Washington.Dulles.Intl.AP.724030_TMY3.epw';

  it('reads all six files: 8,760 finite hours, no leap day, metadata matching the README', async () => {
    const table = [];
    for (const file of sharedWeatherFiles) {
      const weather = await load(file.fileName);
      const { hourly } = weather;
      expect(hourly.hours).toBe(8760);
      expect(weather.isLeapYear).toBe(false);
      expect(weather.location.elevationM).toBe(file.elevationM);
      expect(weather.location.source.startsWith(file.source)).toBe(true);
      expect(weather.designConditions?.cooling).not.toBeNull();
      for (const series of [
        hourly.dryBulbC,
        hourly.dewPointC,
        hourly.relativeHumidityPct,
        hourly.pressurePa,
        hourly.windSpeedMps,
      ]) {
        expect(series.length).toBe(8760);
        expect(series.every(Number.isFinite)).toBe(true);
      }
      expect(hourly.relativeHumidityPct.every((rh) => rh >= 0 && rh <= 100)).toBe(true);
      expect(hourly.dewPointC.every((dp, i) => dp <= hourly.dryBulbC[i]!)).toBe(true);
      table.push({
        site: file.siteId,
        source: weather.location.source,
        rows: hourly.hours,
        leap: weather.isLeapYear,
        filled: warningCount(weather, 'missing-filled'),
        rhClamped: warningCount(weather, 'relative-humidity-clamped'),
        dpClamped: warningCount(weather, 'dew-point-clamped'),
        meanDbC: Number(mean(hourly.dryBulbC).toFixed(2)),
        minDbC: Math.min(...hourly.dryBulbC),
        maxDbC: Math.max(...hourly.dryBulbC),
        meanPressureKPa: Number((mean(hourly.pressurePa) / 1000).toFixed(1)),
        coolingDb04C: weather.designConditions?.cooling?.dryBulb0_4.dryBulbC,
      });
    }
    console.table(table);
  });

  it('reads the Guiyang location and exactly the repairs the README lists (RH 101 in 5 h, DP > DB in 10 h)', async () => {
    const weather = await load(guiyang);
    expect(weather.location).toEqual({
      name: 'Guiyang',
      region: 'Guizhou',
      country: 'CHN',
      source: 'CSWD',
      wmoId: '578160',
      latitudeDeg: 26.58,
      longitudeDeg: 106.73,
      timeZoneHours: 8,
      elevationM: 1223.8,
    });
    expect(weather.warnings.map(({ kind, field, count }) => ({ kind, field, count }))).toEqual([
      { kind: 'relative-humidity-clamped', field: 'relativeHumidityPct', count: 5 },
      { kind: 'dew-point-clamped', field: 'dewPointC', count: 10 },
    ]);
    // At 1,224 m the station pressure sits near 88 kPa, not sea level.
    expect(mean(weather.hourly.pressurePa)).toBeGreaterThan(86_000);
    expect(mean(weather.hourly.pressurePa)).toBeLessThan(90_000);
  });

  it('reads the Dulles design conditions (0.4 % cooling 34.1 C DB / 23.9 C MCWB)', async () => {
    const design = (await load(dulles)).designConditions;
    expect(design?.source).toBe('Climate Design Data 2009 ASHRAE Handbook');
    expect(design?.cooling?.dryBulb0_4).toEqual({ dryBulbC: 34.1, meanCoincidentWetBulbC: 23.9 });
    expect(design?.cooling?.evaporation0_4).toEqual({ wetBulbC: 25.4, meanCoincidentDryBulbC: 31.6 });
    expect(design?.heating?.dryBulb99_6C).toBe(-11.8);
    expect(design?.extremes?.meanAnnualMaxDryBulbC).toBe(36.2);
  });

  it('agrees with the named columns of the .stat files beside the EPWs', async () => {
    let checked = 0;
    for (const file of sharedWeatherFiles) {
      const statPath = sharedWeatherPath(file.fileName.replace(/\.epw$/, '.stat'));
      if (!existsSync(statPath)) continue;
      const stat = statDesignConditions(statPath);
      const design = (await load(file.fileName)).designConditions!;
      for (const [column, get] of STAT_COLUMNS) {
        expect(stat.has(column), `${file.fileName}: ${column}`).toBe(true);
        expect(get(design), `${file.fileName}: ${column}`).toBe(stat.get(column));
      }
      checked++;
    }
    expect(checked).toBe(5);
  });

  it('reads IWEC minute 60 and TMY3 mixed years', async () => {
    expect((await load('SGP_Singapore.486980_IWEC.epw')).location.wmoId).toBe('486980');
    expect((await load(dulles)).hourly.hours).toBe(8760);
  });
});

describe('readEpw file handling', () => {
  it('names the path when the file cannot be read', async () => {
    const path = join(tmpdir(), 'karst-no-such-file.epw');
    const error = await readEpw(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EpwReadError);
    expect((error as EpwReadError).message).toContain(path);
    expect((error as EpwReadError).code).toBe('ENOENT');
  });

  it('puts the path in front of a parse error and keeps line and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'karst-epw-'));
    try {
      const path = join(dir, 'broken.epw');
      const broken = syntheticEpw({
        row: (i, fields) => {
          if (i === 3) fields[6] = 'abc';
        },
      });
      writeFileSync(path, broken);
      const error = await readEpw(path).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(EpwParseError);
      expect((error as EpwParseError).message).toBe(
        `${path}: EPW line 12, field 7 (dry bulb): "abc" is not a number`,
      );
      expect([(error as EpwParseError).line, (error as EpwParseError).field]).toEqual([
        lineOfHour(3),
        'dryBulbC',
      ]);
      writeFileSync(path, syntheticEpw());
      expect((await readEpw(path, { maxGapHours: 2 })).hourly.hours).toBe(8760);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
