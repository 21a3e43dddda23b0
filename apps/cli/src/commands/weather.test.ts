import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  climateStats,
  deriveConditions,
  getBuiltInSite,
  siteProfileSchema,
  synthesizeYear,
} from '@karst/climate';
import { readEpw } from '@karst/climate/node';
import { computeBudget } from '@karst/energy';
import { realWeatherSuite, sharedWeatherAvailable, sharedWeatherPath } from '@karst/test-support';
import { describe, expect, it } from 'vitest';
import { karst, karstJson, tempDir } from '../test-util.js';
import { siteIdFromName, type WeatherImportJson, type WeatherStatsJson } from './weather.js';

const GUIYANG_EPW = 'CHN_Guizhou.Guiyang.578160_CSWD.epw';

describe('karst weather stats', () => {
  it.each(['guiyang', 'singapore', 'ashburn'])('summarizes the synthesized year of %s', async (id) => {
    const json = await karstJson<WeatherStatsJson>(['weather', 'stats', '--site', id]);
    const expected = climateStats(deriveConditions(synthesizeYear(getBuiltInSite(id))));
    expect(json.hourCounts).toEqual(expected.hourCounts);
    expect(json.months).toEqual(expected.months);
    expect(json.extremes).toEqual(expected.extremes);
    expect(json.source).toMatchObject({ kind: 'site', id, siteFile: null });
    expect(json.warnings).toEqual([]);
  });

  it('defaults to Guiyang and prints readable tables', async () => {
    const { code, stdout } = await karst(['weather', 'stats']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Weather: Guiyang \(guiyang, CHN, 1,224 m\)/);
    expect(stdout).toMatch(/DB <= 18 °C +4,971 +56\.7/);
    expect(stdout).toContain('Mean WB (°C)');
    expect(stdout).toContain('Dry bulb exceeded 0.4 % of hours');
  });

  it.each([
    [['missing.epw'], 'karst: missing.epw: cannot read: no such file'],
    [['--site', 'atlantis'], 'karst: --site atlantis: unknown site'],
    [
      ['x.epw', '--site', 'guiyang'],
      'karst: x.epw: give an EPW file, --site or --site-file, not more than one',
    ],
  ])('bad input %j exits 2', async (args, message) => {
    const { code, stderr } = await karst(['weather', 'stats', ...args], { cwd: tempDir() });
    expect(code).toBe(2);
    expect(stderr.startsWith(message)).toBe(true);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('karst weather import', () => {
  it('makes site ids from location names', () => {
    expect(siteIdFromName('Guiyang', '578160')).toBe('guiyang');
    expect(siteIdFromName('SINGAPORE (CHANGI)', '486980')).toBe('singapore-changi');
    expect(siteIdFromName('123 Field', '999')).toBe('site-999');
  });

  it('needs --out and a file', async () => {
    expect((await karst(['weather', 'import', 'x.epw'])).stderr).toBe(
      "karst: required option '--out <file>' not specified\n",
    );
    expect((await karst(['weather', 'import', '--out', 'x.json'])).stderr).toBe(
      "karst: missing required argument 'file'\n",
    );
  });
});

describe.skipIf(!sharedWeatherAvailable)(realWeatherSuite('karst weather on the real EPW files'), () => {
  const guiyang = sharedWeatherPath(GUIYANG_EPW);

  it('summarizes an EPW file as climateStats does, with its repairs', async () => {
    const json = await karstJson<WeatherStatsJson>(['weather', 'stats', guiyang]);
    const epw = await readEpw(guiyang);
    const expected = climateStats(deriveConditions(epw.hourly));
    expect(json.hourCounts).toEqual(expected.hourCounts);
    expect(json.hourCounts.dryBulbAtMost18C).toBe(4971);
    expect(json.extremes).toEqual(expected.extremes);
    expect(json.source).toMatchObject({ kind: 'epw', path: guiyang, wmoId: '578160', country: 'CHN' });
    expect(json.warnings.map((warning) => warning.kind)).toEqual([
      'relative-humidity-clamped',
      'dew-point-clamped',
    ]);
  });

  it.each(['SGP_Singapore.486980_IWEC.epw', 'USA_VA_Sterling-Washington.Dulles.Intl.AP.724030_TMY3.epw'])(
    'reads %s',
    async (file) => {
      const { code, stdout } = await karst(['weather', 'stats', sharedWeatherPath(file)]);
      expect(code).toBe(0);
      expect(stdout).toContain('8,760 hours');
    },
  );

  it('imports a site profile that works with --site-file in every command', async () => {
    const dir = tempDir();
    const imported = await karstJson<WeatherImportJson>(
      ['weather', 'import', guiyang, '--out', 'gy.json', '--id', 'guiyang-epw'],
      dir,
    );
    expect(imported.id).toBe('guiyang-epw');
    expect(imported.powerFacts).toEqual({ tariff: 'built-in:guiyang', gridCarbon: 'built-in:guiyang' });
    const profile = siteProfileSchema.parse(JSON.parse(readFileSync(join(dir, 'gy.json'), 'utf8')));
    expect(profile).toEqual(imported.profile);
    expect(profile.power).toEqual(getBuiltInSite('guiyang').power);

    const budget = await karstJson<{ annual: { pue: number }; site: { id: string } }>(
      ['budget', '--site-file', 'gy.json'],
      dir,
    );
    expect(budget.site.id).toBe('guiyang-epw');
    expect(budget.annual.pue).toBe(computeBudget({ site: profile }).annual.pue);
    // The profile is measured from the same file as the built-in one: the budgets nearly agree.
    expect(budget.annual.pue).toBeCloseTo(computeBudget({}).annual.pue, 2);

    const compare = await karstJson<{ sites: { id: string }[] }>(
      ['compare', '--sites', 'guiyang', '--site-file', 'gy.json'],
      dir,
    );
    expect(compare.sites.map((site) => site.id).sort()).toEqual(['guiyang', 'guiyang-epw']);
    const sweep = await karstJson<{ site: { id: string }; rows: unknown[] }>(
      ['sweep', '--site-file', 'gy.json', '--racks', '500', '--cooling', 'mechanical'],
      dir,
    );
    expect(sweep.site.id).toBe('guiyang-epw');
    const stats = await karstJson<WeatherStatsJson>(['weather', 'stats', '--site-file', 'gy.json'], dir);
    expect(stats.source).toMatchObject({ kind: 'site', id: 'guiyang-epw', siteFile: 'gy.json' });
    expect(stats.hourCounts.dryBulbAtMost18C).toBe(4971);
  });

  it('takes power facts from flags, and says so', async () => {
    const dir = tempDir();
    const { code, stdout } = await karst(
      [
        'weather',
        'import',
        sharedWeatherPath('USA_VA_Sterling-Washington.Dulles.Intl.AP.724030_TMY3.epw'),
        '--out',
        'dulles.json',
        '--tariff-per-kwh',
        '0.07',
        '--currency',
        'usd',
        '--grid-kg-per-kwh',
        '0.31',
        '--grid-year',
        '2023',
      ],
      { cwd: dir },
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Wrote dulles\.json: site "[a-z-]+"/);
    expect(stdout).toContain('Use it with: karst budget --site-file dulles.json');
    const profile = siteProfileSchema.parse(JSON.parse(readFileSync(join(dir, 'dulles.json'), 'utf8')));
    expect(profile.power.tariff).toMatchObject({ currency: 'USD', energyPricePerKwh: 0.07 });
    expect(profile.power.gridCarbon).toMatchObject({ locationKgCo2ePerKwh: 0.31, year: 2023 });
  });

  it('refuses a file from a country without a built-in site unless the power flags are given', async () => {
    const dir = tempDir();
    const lines = readFileSync(guiyang, 'utf8').split('\n');
    const location = lines[0]!.split(',');
    location[1] = 'Lyon';
    location[3] = 'FRA';
    location[5] = '074810';
    lines[0] = location.join(',');
    writeFileSync(join(dir, 'lyon.epw'), lines.join('\n'));
    const refused = await karst(['weather', 'import', 'lyon.epw', '--out', 'lyon.json'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'karst: lyon.epw: no built-in site in FRA to take power facts from; give --tariff-per-kwh, --currency, --grid-kg-per-kwh\n',
    );
    const partial = await karst(
      [
        'weather',
        'import',
        'lyon.epw',
        '--out',
        'lyon.json',
        '--tariff-per-kwh',
        '0.2',
        '--grid-kg-per-kwh',
        '0.05',
      ],
      { cwd: dir },
    );
    expect(partial.stderr).toBe(
      'karst: lyon.epw: no built-in site in FRA to take power facts from; give --currency\n',
    );
    const ok = await karst(
      [
        'weather',
        'import',
        'lyon.epw',
        '--out',
        'lyon.json',
        '--tariff-per-kwh',
        '0.2',
        '--currency',
        'EUR',
        '--grid-kg-per-kwh',
        '0.05',
      ],
      { cwd: dir },
    );
    expect(ok.code).toBe(0);
    const budget = await karstJson<{ site: { id: string; currency: string } }>(
      ['budget', '--site-file', 'lyon.json'],
      dir,
    );
    expect(budget.site).toMatchObject({ id: 'lyon', currency: 'EUR' });
  });

  it('names the flag behind a bad field', async () => {
    const { code, stderr } = await karst(
      ['weather', 'import', guiyang, '--out', 'x.json', '--id', 'Not OK'],
      {
        cwd: tempDir(),
      },
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/^karst: .*--id: a lowercase id such as guiyang\n$/);
  });
});
