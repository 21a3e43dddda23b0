// Issue 16: `weather stats`, `weather import` and `budget --weather` read the same file the same way and
// show the same warnings, in their text output and in --json; a budget at an imported site carries them.
import { join } from 'node:path';
import type { EpwWarning } from '@karst/climate';
import {
  fieldCaseSuite,
  sharedWeatherAvailable,
  sharedWeatherPath,
  type WeatherFieldCase,
  weatherFieldCasePath,
  weatherFieldCases,
  weatherFieldCasesAvailable,
} from '@karst/test-support';
import { describe, expect, it } from 'vitest';
import { karst, karstJson, tempDir } from '../test-util.js';
import type { WeatherImportJson, WeatherStatsJson } from './weather.js';

const CASES = Object.keys(weatherFieldCases) as WeatherFieldCase[];

describe.runIf(weatherFieldCasesAvailable && sharedWeatherAvailable)(
  fieldCaseSuite('karst on the weather field cases'),
  () => {
    const dir = tempDir();

    it.each(CASES)(
      '%s: weather stats, weather import and budget --weather agree on every warning',
      async (name) => {
        const path = weatherFieldCasePath(name);
        const stats = await karstJson<WeatherStatsJson>(['weather', 'stats', path]);
        const imported = await karstJson<WeatherImportJson>([
          'weather',
          'import',
          path,
          '--out',
          join(dir, `${name}.json`),
        ]);
        const budget = await karstJson<{ weatherWarnings: EpwWarning[] }>(['budget', '--weather', path]);
        expect(stats.warnings.length).toBeGreaterThan(0);
        expect(imported.warnings).toEqual(stats.warnings);
        expect(budget.weatherWarnings).toEqual(stats.warnings);
        // The imported profile keeps them, so a budget at that site carries them too.
        expect(imported.profile.climate.weatherWarnings).toEqual(stats.warnings);
        const atSite = await karstJson<{ weatherWarnings: EpwWarning[] }>([
          'budget',
          '--site-file',
          join(dir, `${name}.json`),
        ]);
        expect(atSite.weatherWarnings).toEqual(stats.warnings);
      },
    );

    it('prints the same warning lines in the text output of all three commands', async () => {
      const path = weatherFieldCasePath('missingShortGaps');
      const stats = await karstJson<WeatherStatsJson>(['weather', 'stats', path]);
      const lines = stats.warnings.map((warning) => `weather warning: ${warning.message}`);
      expect(lines[0]).toBe(
        'weather warning: EPW line 9 (dry bulb): 4 h missing (99.9), filled by linear interpolation (runs of at most 6 h)',
      );
      const outputs = [
        await karst(['weather', 'stats', path]),
        await karst(['weather', 'import', path, '--out', join(dir, 'text.json')]),
        await karst(['budget', '--weather', path]),
      ];
      for (const output of outputs) {
        expect(output.code).toBe(0);
        expect(output.stdout.split('\n').filter((line) => line.startsWith('weather warning: '))).toEqual(
          lines,
        );
      }
      // A sweep over one weather file lists them once, on stderr.
      const sweep = await karst([
        'sweep',
        '--weather',
        path,
        '--racks',
        '400..500:100',
        '--cooling',
        'mechanical',
      ]);
      expect(sweep.code).toBe(0);
      expect(sweep.stderr.split('\n').filter((line) => line.startsWith('weather warning: '))).toEqual(lines);
      // With --csv the CSV stays clean and the warnings go to stderr.
      const csv = await karst(['budget', '--weather', path, '--csv']);
      expect(csv.stdout).not.toContain('weather warning');
      expect(csv.stderr.split('\n').filter((line) => line.startsWith('weather warning: '))).toEqual(lines);
    });

    it('11a: a 2021 design-conditions file is usable, and its profile takes the header figures', async () => {
      const path = weatherFieldCasePath('ashrae2021Design');
      expect((await karst(['budget', '--weather', path])).code).toBe(0);
      const imported = await karstJson<WeatherImportJson>([
        'weather',
        'import',
        path,
        '--out',
        join(dir, '11a.json'),
      ]);
      expect(imported.profile.designConditions).toMatchObject({
        cooling04DryBulbC: 34.9,
        cooling04CoincidentWetBulbC: 22.2,
        extremeAnnualMaxDryBulbC: 38,
        heating996DryBulbC: -10.8,
      });
      expect(imported.profile.designConditions.source).toMatch(/^2021 ASHRAE Handbook/);
    });

    it('14b: --standard-pressure replaces sea-level pressure; the PUE is back to the real file’s', async () => {
      const path = weatherFieldCasePath('seaLevelPressure');
      const real = await karstJson<{ annual: { pue: number } }>([
        'budget',
        '--weather',
        sharedWeatherPath('CHN_Guizhou.Guiyang.578160_CSWD.epw'),
      ]);
      const seaLevel = await karstJson<{ annual: { pue: number }; weatherWarnings: EpwWarning[] }>([
        'budget',
        '--weather',
        path,
      ]);
      const standard = await karstJson<{ annual: { pue: number }; weatherWarnings: EpwWarning[] }>([
        'budget',
        '--weather',
        path,
        '--standard-pressure',
      ]);
      // Issue 16: PUE 1.190 with the real file, 1.179 with sea-level pressure; with part-load fans
      // (issue 15) 1.141 and 1.136.
      expect(seaLevel.annual.pue).toBeCloseTo(1.136, 3);
      expect(seaLevel.annual.pue).toBeLessThan(real.annual.pue);
      expect(seaLevel.weatherWarnings.map((w) => w.kind)).toContain('station-pressure-suspect');
      expect(Math.abs(standard.annual.pue - real.annual.pue)).toBeLessThan(0.002);
      expect(standard.weatherWarnings.map((w) => w.kind)).toContain('standard-pressure-used');
    });

    it('05d: --max-gap-hours sets the gap limit, and is checked', async () => {
      const path = weatherFieldCasePath('windGap12h');
      const lenient = await karstJson<WeatherStatsJson>(['weather', 'stats', path, '--max-gap-hours', '12']);
      expect(lenient.warnings.map((w) => w.kind)).not.toContain('long-gap-filled');
      const dryBulbGap = weatherFieldCasePath('missingShortGaps');
      const strict = await karst(['budget', '--weather', dryBulbGap, '--max-gap-hours', '2']);
      expect(strict.code).toBe(2);
      expect(strict.stderr).toMatch(
        /EPW line 234, field 7 \(dry bulb\): 3 consecutive hours missing \(99\.9\), more than maxGapHours 2/,
      );
      const invalid = await karst(['weather', 'stats', path, '--max-gap-hours', '-1']);
      expect([invalid.code, invalid.stderr]).toEqual([
        2,
        'karst: --max-gap-hours -1: Too small: expected number to be >=0\n',
      ]);
    });

    it('08a: a latin-1 name gets a transliterated id', async () => {
      const imported = await karstJson<WeatherImportJson>([
        'weather',
        'import',
        weatherFieldCasePath('latin1Name'),
        '--out',
        join(dir, '08a.json'),
      ]);
      expect([imported.id, imported.name]).toEqual(['urumqi', 'Ürümqi']);
    });
  },
);
