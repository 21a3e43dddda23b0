import { readEpw } from '@karst/climate/node';
import {
  realWeatherSuite,
  sharedWeatherAvailable,
  sharedWeatherFiles,
  sharedWeatherPath,
} from '@karst/test-support';
import { describe, expect, it } from 'vitest';
import { deriveConditions } from '../conditions.js';
import { getBuiltInSite } from '../sites/builtin/index.js';
import { profileFromEpw } from '../sites/profile-from-epw.js';
import { siteProfileSchema } from '../sites/profile-schema.js';
import { climateStats, HOUR_COUNT_LABELS, type HourCounts } from '../stats/climate-stats.js';
import { synthesizeYear } from './synthesize-year.js';

const anyPower = getBuiltInSite('guiyang').power;

describe('synthesizeYear', () => {
  it('is deterministic: same profile, same series', () => {
    const profile = getBuiltInSite('guiyang');
    const first = synthesizeYear(profile);
    const second = synthesizeYear(structuredClone(profile));
    expect(second.dryBulbC).toEqual(first.dryBulbC);
    expect(second.dewPointC).toEqual(first.dewPointC);
  });

  it('builds 8,760 hours of a calendar year with no dew point above dry bulb and no NaN', () => {
    const year = synthesizeYear(getBuiltInSite('singapore'));
    expect(year.hours).toBe(8760);
    expect([year.month[0], year.day[0], year.hourOfDay[0]]).toEqual([1, 1, 0]);
    expect([year.month[8759], year.day[8759], year.hourOfDay[8759]]).toEqual([12, 31, 23]);
    for (let i = 0; i < year.hours; i++) {
      expect(year.dewPointC[i]!).toBeLessThanOrEqual(year.dryBulbC[i]!);
      expect(Number.isFinite(year.relativeHumidityPct[i]!)).toBe(true);
    }
  });

  it('names the path of a bad profile', () => {
    const profile = structuredClone(getBuiltInSite('guiyang')) as { climate: { months: unknown[] } };
    profile.climate.months = profile.climate.months.slice(0, 11);
    expect(() => synthesizeYear(profile as never)).toThrow(/climate.*months/s);
  });
});

// The tolerance: each annual hour count within 5% of the file's count or 200 hours, whichever
// is larger; each monthly mean dry bulb within 0.3 C.
function countTolerance(fileCount: number): number {
  return Math.max(0.05 * fileCount, 200);
}

describe.skipIf(!sharedWeatherAvailable)(realWeatherSuite('synthesis against the real files'), () => {
  for (const file of sharedWeatherFiles) {
    it(`${file.siteId}: a profile derived from ${file.fileName} reproduces its hours`, async () => {
      const epw = await readEpw(sharedWeatherPath(file.fileName));
      const profile = profileFromEpw(epw, { id: file.siteId, power: anyPower });
      const real = climateStats(deriveConditions(epw.hourly));
      const synthetic = climateStats(deriveConditions(synthesizeYear(profile)));

      const rows = (Object.keys(HOUR_COUNT_LABELS) as (keyof HourCounts)[]).map((key) => ({
        threshold: HOUR_COUNT_LABELS[key],
        file: real.hourCounts[key],
        synthesized: synthetic.hourCounts[key],
        difference: synthetic.hourCounts[key] - real.hourCounts[key],
        tolerance: Math.round(countTolerance(real.hourCounts[key])),
      }));
      const worstMonthC = Math.max(
        ...real.months.map((month, i) => Math.abs(month.meanDryBulbC - synthetic.months[i]!.meanDryBulbC)),
      );
      console.log(
        `${file.siteId} (${file.fileName}): worst monthly mean dry bulb error ${worstMonthC.toFixed(2)} C`,
      );
      console.table(rows);

      for (const row of rows)
        expect(Math.abs(row.difference), row.threshold).toBeLessThanOrEqual(row.tolerance);
      expect(worstMonthC).toBeLessThanOrEqual(0.3);
    });
  }

  it('the built-in profiles are the ones the files give (the generated data is current)', async () => {
    for (const file of sharedWeatherFiles) {
      const epw = await readEpw(sharedWeatherPath(file.fileName));
      const derived = profileFromEpw(epw, { id: file.siteId, power: anyPower });
      const builtIn = siteProfileSchema.parse(getBuiltInSite(file.siteId));
      expect(builtIn.climate.months, file.siteId).toEqual(derived.climate.months);
      expect(builtIn.location, file.siteId).toEqual(derived.location);
    }
  });
});
