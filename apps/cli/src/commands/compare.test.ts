import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_SITE_IDS, getBuiltInSite } from '@karst/climate';
import { computeBudget } from '@karst/energy';
import { describe, expect, it } from 'vitest';
import { assertWellFormedXml, karst, karstJson, tempDir } from '../test-util.js';
import type { CompareSite, CompareWinners } from './compare.js';

interface CompareJson {
  plan: Record<string, unknown>;
  sites: CompareSite[];
  winners: CompareWinners;
}

const FIVE = ['guiyang', 'beijing', 'shanghai', 'guangzhou', 'singapore'];

describe('karst compare', () => {
  it('runs the same plan at each site, ranked by facility energy, as computeBudget does', async () => {
    const json = await karstJson<CompareJson>(['compare', '--sites', FIVE.join(','), '--racks', '600']);
    expect(json.sites.map((site) => site.id).sort()).toEqual([...FIVE].sort());
    expect(json.sites.map((site) => site.rank)).toEqual([1, 2, 3, 4, 5]);
    const energies = json.sites.map((site) => site.facilityEnergyMwh);
    expect(energies).toEqual([...energies].sort((a, b) => a - b));
    for (const site of json.sites) {
      const expected = computeBudget({ site: site.id, itPlan: { racks: 600, kwPerRack: 10 } });
      expect(site.pue).toBe(expected.annual.pue);
      expect(site.cost).toBe(expected.annual.cost);
      expect(site.maxRacks).toBe(expected.headroom.maxRacks);
      expect(site.currency).toBe(expected.site.currency);
    }
    expect(json.winners.facilityEnergy).toBe(json.sites[0]!.id);
    const lowestPue = [...json.sites].sort((a, b) => a.pue - b.pue)[0]!;
    expect(json.winners.pue).toBe(lowestPue.id);
    const mostRacks = [...json.sites].sort((a, b) => b.maxRacks - a.maxRacks)[0]!;
    expect(json.winners.maxRacks).toBe(mostRacks.id);
  });

  it('marks a site whose figures are not physical and gives the plan warning', async () => {
    const json = await karstJson<CompareJson>([
      'compare',
      '--sites',
      'guiyang,beijing',
      '--power-cap-kw',
      '3000',
    ]);
    for (const site of json.sites) {
      const expected = computeBudget({ site: site.id, gridConnection: { capKw: 3000 } });
      expect(site.planWarnings).toEqual(expected.planWarnings);
      expect(site.planWarnings.map((warning) => warning.kind)).toEqual(['transformer-overloaded']);
    }
    const { stdout } = await karst(['compare', '--sites', 'guiyang,beijing', '--power-cap-kw', '3000']);
    expect(stdout).toMatch(/\nPUE +1\.\d{3}! +1\.\d{3}! /);
    // One line for the kind, naming the sites (found by a new user: three near-identical paragraphs).
    expect(stdout).toMatch(
      /\nplan warning at beijing, guiyang \(2 of 2 sites\), first at beijing \(PUE marked !\): the transformer, rated 3,000 kW/,
    );
    expect(stdout.match(/plan warning/g)).toHaveLength(1);
    const fits = await karst(['compare', '--sites', 'guiyang,beijing']);
    expect(fits.stdout).not.toContain('plan warning');
    expect(fits.stdout).not.toMatch(/\d!/);
  });

  it('adds --site-file profiles to the default sites, as its help says (found by a new user)', async () => {
    const dir = tempDir();
    // A site profile file as `karst weather import` writes one: here Shanghai's, under a new id, and
    // Guiyang's under its own (which stands in for the built-in Guiyang).
    writeFileSync(
      join(dir, 'mine.json'),
      JSON.stringify({ ...getBuiltInSite('shanghai'), id: 'my-site', name: 'My site' }),
    );
    writeFileSync(
      join(dir, 'gy.json'),
      JSON.stringify({ ...getBuiltInSite('guiyang'), name: 'Guiyang (file)' }),
    );
    const added = await karstJson<CompareJson>(['compare', '--site-file', 'mine.json'], dir);
    expect(added.sites.map((site) => site.id).sort()).toEqual(['beijing', 'guiyang', 'my-site', 'singapore']);
    const replaced = await karstJson<CompareJson>(['compare', '--site-file', 'gy.json'], dir);
    expect(replaced.sites.map((site) => `${site.id}:${site.name}`).sort()).toEqual([
      'beijing:Beijing',
      'guiyang:Guiyang (file)',
      'singapore:Singapore (Changi)',
    ]);
    // The file's weather warnings are shown as budget --site-file shows them, and two sites of one name
    // are told apart by id (found by a new user: "2. Guiyang, 3. Guiyang", warnings dropped).
    const epwProfile = { ...getBuiltInSite('guiyang'), id: 'gy-file' };
    epwProfile.climate = {
      ...epwProfile.climate,
      weatherWarnings: [
        {
          kind: 'relative-humidity-clamped',
          field: 'relativeHumidityPct',
          count: 5,
          firstLine: 265,
          message: 'EPW line 265 (relative humidity): 5 h above 100 %, clamped to 100 %',
        },
      ],
    } as never;
    writeFileSync(join(dir, 'gy-file.json'), JSON.stringify(epwProfile));
    const text = await karst(['compare', '--site-file', 'gy-file.json'], { cwd: dir });
    expect(text.stderr).toBe('');
    expect(text.stdout).toMatch(
      /Guiyang \(gy-file\).*Guiyang \(guiyang\)|Guiyang \(guiyang\).*Guiyang \(gy-file\)/,
    );
    expect(text.stdout).toContain(
      '\nweather warning at gy-file: EPW line 265 (relative humidity): 5 h above 100 %',
    );
    // --sites still says exactly which built-in sites take part.
    const only = await karstJson<CompareJson>(
      ['compare', '--sites', 'beijing', '--site-file', 'mine.json'],
      dir,
    );
    expect(only.sites.map((site) => site.id).sort()).toEqual(['beijing', 'my-site']);
  });

  it('compares cost only within one currency', async () => {
    const mixed = await karstJson<CompareJson>(['compare', '--sites', 'guiyang,beijing,singapore']);
    expect(mixed.winners.cost).toBeNull();
    expect(mixed.winners.costByCurrency).toEqual({ CNY: 'guiyang', SGD: 'singapore' });
    const text = await karst(['compare', '--sites', 'guiyang,beijing,singapore']);
    expect(text.stdout).toContain('Costs are in CNY, SGD: compared only within one currency');
    expect(text.stdout).toContain('singapore (only SGD)');

    const yuan = await karstJson<CompareJson>(['compare', '--sites', 'guiyang,beijing,shanghai']);
    expect(yuan.winners.cost).toBe('guiyang');
    expect((await karst(['compare', '--sites', 'guiyang,beijing'])).stdout).not.toContain(
      'compared only within',
    );
  });

  it('prints a side-by-side table with the winner of each row', async () => {
    const { code, stdout } = await karst(['compare', '--sites', FIVE.join(',')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Compare: 500 racks x 10 kW/);
    const header = stdout.split('\n')[2]!;
    for (const id of FIVE) expect(header).toContain(id);
    expect(stdout).toMatch(/PUE +1\.\d{3} .* beijing\n/);
    expect(stdout).toMatch(/Racks that fit .* guiyang\n/);
    expect(stdout).toContain('Ranked by facility energy: 1. Beijing, 2. Guiyang');
  });

  it('writes CSV rows and the site comparison chart', async () => {
    const dir = tempDir();
    const { stdout } = await karst(
      ['compare', '--sites', 'guiyang,ashburn', '--csv', '--chart', 'sites.svg'],
      {
        cwd: dir,
      },
    );
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]!.startsWith('rank,id,name,country')).toBe(true);
    const svg = readFileSync(join(dir, 'sites.svg'), 'utf8');
    expect(assertWellFormedXml(svg)).toBe('svg');
    expect(svg).toContain('data-chart="site-comparison"');
    expect(svg).toContain('data-site="ashburn"');
  });

  it('defaults to three sites and accepts every built-in site', async () => {
    const json = await karstJson<CompareJson>(['compare']);
    expect(json.sites).toHaveLength(3);
    const all = await karstJson<CompareJson>(['compare', '--sites', BUILT_IN_SITE_IDS.join(',')]);
    expect(all.sites).toHaveLength(BUILT_IN_SITE_IDS.length);
  });

  it.each([
    [['--sites', 'guiyang,atlantis'], '--sites atlantis: unknown site'],
    [['--sites', 'guiyang,guiyang'], '--sites: guiyang is named twice'],
    [['--sites', ','], '--sites: name at least one site'],
    [['--site', 'guiyang'], "unknown option '--site'"],
  ])('bad input %j exits 2', async (args, message) => {
    const { code, stderr } = await karst(['compare', ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
