// The weather field cases of ../shared/field-cases/weather: each an edit of a shared weather file that
// reproduces a kind of trouble reported publicly. Each test asserts the figure, warning or error.
import {
  fieldCaseSuite,
  sharedWeatherAvailable,
  sharedWeatherPath,
  weatherFieldCasePath,
  weatherFieldCasesAvailable,
} from '@karst/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { siteIdFromName } from '../sites/site-id.js';
import { readEpw } from './read.js';
import type { EpwWeather } from './schema.js';

const available = weatherFieldCasesAvailable && sharedWeatherAvailable;
const BEIJING = 'CHN_Beijing.Beijing.545110_CSWD.epw';

const kinds = (weather: EpwWeather) => weather.warnings.map((warning) => warning.kind);
const warning = (weather: EpwWeather, kind: string) => weather.warnings.find((w) => w.kind === kind);

describe.runIf(available)(fieldCaseSuite('EPW field cases'), () => {
  let beijing: EpwWeather;
  beforeAll(async () => {
    beijing = await readEpw(sharedWeatherPath(BEIJING));
  }, 60_000); // one real file parsed on a busy shared machine

  it('11a: reads the ASHRAE 2021 layout by its source text, with the same figures as the 2009 line', async () => {
    const weather = await readEpw(weatherFieldCasePath('ashrae2021Design'));
    expect(kinds(weather)).not.toContain('design-conditions-unreadable');
    const design = weather.designConditions!;
    expect(design.source).toBe(
      '2021 ASHRAE Handbook -- Fundamentals - Chapter 14 Climatic Design Information',
    );
    // The case carries the Beijing 2009 figures in the 2021 layout: the 16th heating field is new, the
    // extreme maximum wet bulb (31 C) moved from Extremes to the end of Cooling.
    expect(design.heating).toEqual(beijing.designConditions!.heating);
    expect(design.cooling).toEqual(beijing.designConditions!.cooling);
    expect(design.extremes).toEqual(beijing.designConditions!.extremes);
    expect(design.extremes!.maxWetBulbC).toBe(31);
    expect(design.cooling!.dryBulb0_4).toEqual({ dryBulbC: 34.9, meanCoincidentWetBulbC: 22.2 });
  });

  it('14b: warns that the station pressure is sea-level pressure at 1,224 m, and offers the standard pressure', async () => {
    const path = weatherFieldCasePath('seaLevelPressure');
    const weather = await readEpw(path);
    const suspect = warning(weather, 'station-pressure-suspect');
    // Standard pressure at 1,223.8 m, ASHRAE HoF 2017 ch. 1 eq. 3: 101325 (1 - 2.25577e-5 x 1223.8)^5.2559
    // = 87,461 Pa; the column holds 101,325 Pa, 15.9 % above.
    expect(suspect?.message).toBe(
      "EPW line 9 (station pressure): the mean 101,325 Pa is 15.9 % above the standard pressure at the LOCATION elevation 1,223.8 m, 87,461 Pa (more than 5 % off); it looks like sea-level pressure; check the elevation, or use the standard pressure (pressure: 'standard'; karst: --standard-pressure)",
    );
    const standard = await readEpw(path, { pressure: 'standard' });
    expect(standard.hourly.pressurePa[0]).toBeCloseTo(101325 * (1 - 2.25577e-5 * 1223.8) ** 5.2559, 6);
    expect(kinds(standard)).toContain('standard-pressure-used');
    expect(kinds(standard)).not.toContain('station-pressure-suspect');
    // The real Guiyang file's station pressure is 2.0 % above standard: no warning.
    const guiyang = await readEpw(sharedWeatherPath('CHN_Guizhou.Guiyang.578160_CSWD.epw'));
    expect(kinds(guiyang)).not.toContain('station-pressure-suspect');
  });

  it('13c: names the swapped day separately from the rounding clamps, and swaps it back', async () => {
    const weather = await readEpw(weatherFieldCasePath('dryBulbDewPointSwapped'));
    const swap = warning(weather, 'dry-bulb-dew-point-swap-suspected');
    // July 15, lines 4689-4712: dew point 4.3 to 11.4 K above the dry bulb in the file.
    expect([swap?.count, swap?.firstLine]).toEqual([24, 4689]);
    expect(swap?.message).toMatch(/by up to 11\.4 K/);
    // The rounding clamps are the unedited file's: 12 h by up to 0.2 K.
    expect(warning(weather, 'dew-point-clamped')).toEqual(warning(beijing, 'dew-point-clamped'));
    // Swapped back, the series are the unedited file's, hour for hour.
    expect(weather.hourly.dryBulbC).toEqual(beijing.hourly.dryBulbC);
    expect(weather.hourly.dewPointC).toEqual(beijing.hourly.dewPointC);
  });

  it('05c: relative humidity all missing is derived from dry bulb and dew point; the file is usable', async () => {
    const weather = await readEpw(weatherFieldCasePath('humidityAllMissing'));
    const derived = warning(weather, 'relative-humidity-derived');
    expect([derived?.count, derived?.firstLine]).toEqual([8760, 9]);
    expect(weather.hourly.dewPointC).toEqual(beijing.hourly.dewPointC);
    // Against the column the case removed (whole percent in the file): within 1.5 % RH on average.
    let sum = 0;
    for (let i = 0; i < 8760; i++)
      sum += Math.abs(weather.hourly.relativeHumidityPct[i]! - beijing.hourly.relativeHumidityPct[i]!);
    expect(sum / 8760).toBeLessThan(1.5);
  });

  it('05d: a 12-hour wind gap is filled with a warning; maxGapHours 12 makes it an ordinary fill', async () => {
    const path = weatherFieldCasePath('windGap12h');
    const weather = await readEpw(path);
    const gap = warning(weather, 'long-gap-filled');
    expect([gap?.field, gap?.count, gap?.firstLine]).toEqual(['windSpeedMps', 12, 2439]);
    const lenient = await readEpw(path, { maxGapHours: 12 });
    expect(warning(lenient, 'missing-filled')?.count).toBe(12);
    expect(kinds(lenient)).not.toContain('long-gap-filled');
  });

  it('05a: short gaps in every column are filled and counted per column', async () => {
    const weather = await readEpw(weatherFieldCasePath('missingShortGaps'));
    expect(
      weather.warnings.filter((w) => w.kind === 'missing-filled').map((w) => [w.field, w.count, w.firstLine]),
    ).toEqual([
      ['dryBulbC', 4, 9],
      ['dewPointC', 3, 234],
      ['relativeHumidityPct', 2, 1477],
      ['pressurePa', 4, 4821],
      ['windSpeedMps', 6, 6657],
    ]);
  });

  it('07d: comma-only lines after December 31 are ignored with a warning', async () => {
    const weather = await readEpw(weatherFieldCasePath('excelCommaLines'));
    const shanghai = await readEpw(sharedWeatherPath('CHN_Shanghai.Shanghai.583620_CSWD.epw'));
    const trailing = warning(weather, 'trailing-lines-ignored');
    expect([trailing?.count, trailing?.firstLine]).toEqual([3, 8769]);
    expect(weather.hourly.dryBulbC).toEqual(shanghai.hourly.dryBulbC);
  });

  it('08a: a latin-1 file is decoded with a warning, and its id is transliterated', async () => {
    const weather = await readEpw(weatherFieldCasePath('latin1Name'));
    expect(weather.location.name).toBe('Ürümqi');
    expect(weather.warnings[0]?.kind).toBe('decoded-as-latin1');
    expect(siteIdFromName(weather.location.name, weather.location.wmoId)).toBe('urumqi');
  });

  it('01: February 29 is dropped when the header says the leap year is not observed', async () => {
    const weather = await readEpw(weatherFieldCasePath('leapDayHeaderNo'));
    const dulles = await readEpw(
      sharedWeatherPath('USA_VA_Sterling-Washington.Dulles.Intl.AP.724030_TMY3.epw'),
    );
    expect([weather.hourly.hours, weather.isLeapYear]).toEqual([8760, false]);
    const dropped = warning(weather, 'leap-day-dropped');
    // 8 header lines, then January and February 1-28 (59 days x 24 rows): February 29 starts at line 1425.
    expect([dropped?.count, dropped?.firstLine]).toEqual([24, 1425]);
    expect(weather.hourly.dryBulbC).toEqual(dulles.hourly.dryBulbC);
  });
});
