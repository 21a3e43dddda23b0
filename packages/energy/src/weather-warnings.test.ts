import { profileFromEpw } from '@karst/climate';
import { readEpw } from '@karst/climate/node';
import {
  fieldCaseSuite,
  sharedWeatherAvailable,
  sharedWeatherPath,
  weatherFieldCasePath,
  weatherFieldCasesAvailable,
} from '@karst/test-support';
import { describe, expect, it } from 'vitest';
import { computeBudget } from './compute-budget.js';

const GUIYANG = 'CHN_Guizhou.Guiyang.578160_CSWD.epw';

describe('weatherWarnings of a budget', () => {
  it('is empty for a built-in site', () => {
    expect(computeBudget({ site: 'guiyang' }).weatherWarnings).toEqual([]);
  });

  describe.runIf(weatherFieldCasesAvailable && sharedWeatherAvailable)(
    fieldCaseSuite('sea-level pressure in the station-pressure column (field case 14b)'),
    () => {
      it('carries the weather file warnings, and the standard pressure gives back the real file figures', async () => {
        const path = weatherFieldCasePath('seaLevelPressure');
        const [real, seaLevel, standard] = await Promise.all([
          readEpw(sharedWeatherPath(GUIYANG)),
          readEpw(path),
          readEpw(path, { pressure: 'standard' }),
        ]);
        const budgetOf = (epw: typeof real) =>
          computeBudget({ site: 'guiyang' }, { weather: epw.hourly, weatherWarnings: epw.warnings });
        const [realBudget, seaLevelBudget, standardBudget] = [real, seaLevel, standard].map(budgetOf);
        expect(seaLevelBudget!.weatherWarnings).toEqual(seaLevel.warnings);
        expect(seaLevelBudget!.weatherWarnings.map((w) => w.kind)).toContain('station-pressure-suspect');
        // Issue 16: the real file gives PUE 1.190, sea-level pressure 1.179 (denser air, less fan power);
        // with part-load fans (issue 15) 1.141 and 1.136: the fans are a smaller share, so is the error.
        expect(realBudget!.annual.pue).toBeCloseTo(1.141, 3);
        expect(seaLevelBudget!.annual.pue).toBeCloseTo(1.136, 3);
        expect(seaLevelBudget!.annual.pue).toBeLessThan(realBudget!.annual.pue);
        // With the standard pressure at 1,223.8 m (87,461 Pa; the real column averages 89,208 Pa, 2 % more)
        // the PUE is back within 0.002 of the real file's.
        expect(Math.abs(standardBudget!.annual.pue - realBudget!.annual.pue)).toBeLessThan(0.002);
      });

      it('carries an imported profile’s warnings into every budget at that site', async () => {
        const epw = await readEpw(weatherFieldCasePath('seaLevelPressure'));
        const site = profileFromEpw(epw, {
          id: 'guiyang-sea-level',
          power: {
            tariff: { currency: 'CNY', energyPricePerKwh: 0.35, source: 'test' },
            gridCarbon: { locationKgCo2ePerKwh: 0.5, year: 2022, source: 'test' },
          },
        });
        expect(computeBudget({ site }).weatherWarnings).toEqual(epw.warnings);
      });
    },
  );
});
