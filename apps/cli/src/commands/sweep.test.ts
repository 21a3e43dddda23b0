import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeBudget } from '@karst/energy';
import { describe, expect, it } from 'vitest';
import { assertWellFormedXml, karst, karstJson, tempDir } from '../test-util.js';
import { parseRacksRange, type SweepRow } from './sweep.js';

interface SweepJson {
  racks: number[];
  cooling: string[];
  rows: SweepRow[];
  largestWithinCap: Record<string, SweepRow | null>;
  site: { id: string };
}

describe('parseRacksRange', () => {
  it('reads ranges, lists and single numbers', () => {
    expect(parseRacksRange('100..500:100')).toEqual([100, 200, 300, 400, 500]);
    expect(parseRacksRange('100..450:100')).toEqual([100, 200, 300, 400]);
    expect(parseRacksRange('3..5')).toEqual([3, 4, 5]);
    expect(parseRacksRange('500,100,100')).toEqual([100, 500]);
    expect(parseRacksRange('700')).toEqual([700]);
  });

  it.each([
    ['500..100:100', 'the end must not be below the start'],
    ['0..100:10', 'the start must be a positive whole number'],
    ['100..200:0', 'the step must be a positive whole number'],
    ['1..100000000:1', 'more than 20000 values'],
    ['ten', 'expected START..END:STEP'],
  ])('refuses %s', (text, message) => {
    expect(() => parseRacksRange(text)).toThrow(message);
  });
});

describe('karst sweep', () => {
  it('computes the grid as computeBudget does and finds the largest plan within the cap', async () => {
    const json = await karstJson<SweepJson>([
      'sweep',
      '--racks',
      '500..900:100',
      '--cooling',
      'indirect-evaporative,mechanical',
    ]);
    expect(json.rows).toHaveLength(10);
    expect(json.racks).toEqual([500, 600, 700, 800, 900]);
    for (const row of json.rows) {
      const expected = computeBudget({
        itPlan: { racks: row.racks, kwPerRack: 10 },
        cooling: { type: row.cooling },
      });
      expect(row.pue).toBe(expected.annual.pue);
      expect(row.withinCap).toBe(expected.headroom.withinCap);
    }
    for (const design of json.cooling) {
      const fits = json.rows.filter((row) => row.cooling === design && row.withinCap).map((row) => row.racks);
      expect(json.largestWithinCap[design]?.racks).toBe(Math.max(...fits));
    }
    expect(json.largestWithinCap['indirect-evaporative']?.racks).toBe(700);
  });

  it('says the largest plan per design in the readable table', async () => {
    const { code, stdout, stderr } = await karst([
      'sweep',
      '--racks',
      '600..800:100',
      '--cooling',
      'free-air',
    ]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('Cost (CNY)');
    expect(stdout).toMatch(
      /Largest plan within the 6,000 kW cap, per design:\n {2}free-air {2}600 racks \(PUE/,
    );
  });

  it('marks the plans whose figures are not physical and says why, in the table, the JSON and the CSV', async () => {
    // Found by a new user: `budget --racks 2000` warned that the transformer ran at 2.48x its rating, and
    // the same plan in a sweep printed its PUE as if nothing were wrong.
    const args = ['sweep', '--racks', '500,1000', '--cooling', 'indirect-evaporative'];
    const json = await karstJson<SweepJson>(args);
    for (const row of json.rows) {
      const expected = computeBudget({ itPlan: { racks: row.racks, kwPerRack: 10 } });
      expect(row.planWarnings).toEqual(expected.planWarnings.map((warning) => warning.kind));
    }
    expect(json.rows.map((row) => row.planWarnings)).toEqual([[], ['transformer-overloaded']]);
    const { stdout } = await karst(args);
    expect(stdout).toMatch(/indirect-evaporative +500 +3,000 +1\.\d{3} /);
    expect(stdout).toMatch(/indirect-evaporative +1,000 +6,000 +1\.\d{3}! /);
    expect(stdout).toMatch(
      /\nplan warning \(1 of 2 plans, PUE marked !\): first at 1,000 racks, indirect-evaporative: the transformer, rated 6,000 kW/,
    );
    const csv = await karst([...args, '--csv']);
    expect(csv.stdout.split('\n')[0]).toMatch(/,planWarnings$/);
    expect(csv.stdout.split('\n')[2]).toMatch(/,transformer-overloaded$/);
    expect(csv.stderr).toContain('plan warning (1 of 2 plans');
    // --json: the rows' kinds, each kind's message once, and the line on stderr (found by a new user).
    const withJson = await karst([...args, '--json']);
    const parsed = JSON.parse(withJson.stdout) as { planWarnings: { kind: string; message: string }[] };
    expect(parsed.planWarnings.map((warning) => warning.kind)).toEqual(['transformer-overloaded']);
    expect(withJson.stderr).toContain('plan warning (1 of 2 plans');
  });

  it('reports a design none of whose plans fit', async () => {
    const { stdout } = await karst(['sweep', '--racks', '2000', '--cooling', 'mechanical']);
    expect(stdout).toContain('mechanical  none of the grid fits');
  });

  it('draws a progress bar on a terminal only', async () => {
    const args = ['sweep', '--racks', '100..400:100', '--cooling', 'free-air,mechanical', '--csv'];
    const tty = await karst(args, { isTTY: true });
    expect(tty.code).toBe(0);
    // cli-progress: each redraw from column 1, the last at 8/8, then the line cleared before the summary.
    expect(tty.stderr).toContain('\x1b[1Gsweep [');
    expect(tty.stderr).toContain('sweep [##############################] 8/8');
    expect(tty.stderr).toContain('\x1b[2KLargest plan within');
    const piped = await karst(args, { isTTY: false });
    expect(piped.stderr).not.toContain('sweep [');
    expect(piped.stdout).toBe(tty.stdout);
    // The CSV stays machine-readable: the summary goes to stderr.
    const lines = piped.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(9);
    expect(lines[0]).toBe(
      'racks,cooling,plannedPeakItPowerKw,pue,itEnergyMwh,facilityEnergyMwh,cost,currency,carbonLocationBasedTCo2e,' +
        'carbonMarketBasedTCo2e,waterM3,peakFacilityPowerKw,capKw,marginKw,withinCap,hoursOverCap,maxRacks,planWarnings',
    );
    expect(piped.stderr).toContain('Largest plan within the 6,000 kW cap');
  });

  it('draws each design as a line over the swept racks, with the grid cap', async () => {
    const dir = tempDir();
    const result = await karst(
      ['sweep', '--racks', '900,500,700', '--cooling', 'free-air,mechanical', '--chart', 'sweep.svg'],
      { cwd: dir },
    );
    expect(result.code).toBe(0);
    const svg = readFileSync(join(dir, 'sweep.svg'), 'utf8');
    expect(assertWellFormedXml(svg)).toBe('svg');
    expect(svg).toContain('data-chart="sweep"');
    expect(svg).toContain('Peak facility power over racks at Guiyang');
    // One marker per plan, racks ascending along each design's line, at its peak facility power.
    const json = await karstJson<SweepJson>(['sweep', '--racks', '500,700,900', '--cooling', 'free-air']);
    const markers = [...svg.matchAll(/data-series="sweep:free-air" data-x="(\d+)" data-y="([\d.]+)"/g)];
    expect(markers.map((m) => Number(m[1]))).toEqual([500, 700, 900]);
    expect(markers.map((m) => Number(m[2]))).toEqual(json.rows.map((row) => row.peakFacilityPowerKw));
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).toContain('data-series="reference" data-value="6000"');
    expect(svg).toContain('Racks (10 kW design each)');
    expect(svg).toContain('Peak facility power (kW)');
    const pue = await karst(['sweep', '--racks', '500,900', '--chart', 'pue.svg', '--chart-type', 'pue'], {
      cwd: dir,
    });
    expect(pue.code).toBe(0);
    expect(readFileSync(join(dir, 'pue.svg'), 'utf8')).toContain('Annual PUE (facility / IT energy)');
  });

  it('applies the other plan flags and site to every plan', async () => {
    const json = await karstJson<SweepJson>([
      'sweep',
      '--racks',
      '400',
      '--cooling',
      'chilled-water-wse',
      '--site',
      'singapore',
      '--power-cap-kw',
      '4000',
    ]);
    const expected = computeBudget({
      site: 'singapore',
      itPlan: { racks: 400, kwPerRack: 10 },
      cooling: { type: 'chilled-water-wse' },
      gridConnection: { capKw: 4000 },
    });
    expect(json.site.id).toBe('singapore');
    expect(json.rows[0]!.pue).toBe(expected.annual.pue);
    expect(json.rows[0]!.currency).toBe('SGD');
  });

  it.each([
    [['--racks', '900..100:100'], '--racks 900..100:100: the end must not be below the start'],
    [
      ['--cooling', 'free-air,ice'],
      '--cooling free-air,ice: unknown cooling design "ice"; cooling designs are',
    ],
    [
      ['--cooling', 'mechanicl'],
      '--cooling mechanicl: unknown cooling design "mechanicl" (did you mean mechanical?)',
    ],
    [
      ['--racks', '100', '--kw-per-rack', '0'],
      '--kw-per-rack 0: must be above 0 and at most 500 kW per rack',
    ],
  ])('bad input %j exits 2', async (args, message) => {
    const { code, stderr } = await karst(['sweep', ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
