import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEpw } from '@karst/climate/node';
import { type Budget, computeBudget, type PlanInput } from '@karst/energy';
import { realWeatherSuite, sharedWeatherAvailable, sharedWeatherPath } from '@karst/test-support';
import { describe, expect, it } from 'vitest';
import { assertWellFormedXml, karst, karstJson, tempDir } from '../test-util.js';

type BudgetJson = Budget & { plan: Record<string, unknown>; inputs: Record<string, string | null> };

describe('karst budget', () => {
  it('prints the default plan as the package computes it', async () => {
    const json = await karstJson<BudgetJson>(['budget']);
    const expected = computeBudget({});
    expect(json.annual.pue).toBe(expected.annual.pue);
    expect(json.annual).toEqual(expected.annual);
    expect(json.months).toEqual(expected.months);
    expect(json.headroom).toEqual(expected.headroom);
    expect(json.modeHours).toEqual(expected.modeHours);
    expect(json.designDay).toEqual(expected.designDay);
    expect(json.site.id).toBe('guiyang');
    expect(json.plan.site).toBe('guiyang');
    expect(json.inputs).toEqual({ planFile: null, siteFile: null, weatherFile: null });
    expect(Object.keys(json)).toEqual([
      'plan',
      'inputs',
      'site',
      'weatherWarnings',
      'planWarnings',
      'coolingDesign',
      'annual',
      'months',
      'modeHours',
      'carbonFactors',
      'worstHour',
      'designDay',
      'headroom',
    ]);
  });

  it('starts from a preset with --preset, the flags on top', async () => {
    const json = await karstJson<BudgetJson>(['budget', '--preset', 'legacy-enterprise', '--racks', '120']);
    const expected = computeBudget({ preset: 'legacy-enterprise', itPlan: { racks: 120 } });
    expect(json.annual).toEqual(expected.annual);
    expect(json.coolingDesign).toBe('chilled-water-wse');
    expect(json.plan).toMatchObject({ preset: 'legacy-enterprise', itPlan: { racks: 120, kwPerRack: 5 } });
    // --cooling with another design drops the preset's cooling parameters, keeping the rest of it.
    const mechanical = await karstJson<BudgetJson>([
      'budget',
      '--preset',
      'legacy-enterprise',
      '--cooling',
      'mechanical',
    ]);
    expect(mechanical.coolingDesign).toBe('mechanical');
    expect(mechanical.plan).toMatchObject({ powerChain: { distributionLossFraction: 0.025 } });
    const unknown = await karst(['budget', '--preset', 'igloo']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('legacy-enterprise');
  });

  it('maps every plan flag onto the plan', async () => {
    const json = await karstJson<BudgetJson>([
      'budget',
      '--site',
      'beijing',
      '--racks',
      '800',
      '--kw-per-rack',
      '12',
      '--utilization',
      '0.7',
      '--cooling',
      'chilled-water-wse',
      '--supply-air-c',
      '25',
      '--envelope',
      'A1',
      '--power-cap-kw',
      '9000',
      '--tariff',
      '0.42',
      '--hydro-share',
      '0.6',
      '--certificate-share',
      '0.2',
    ]);
    const expected = computeBudget({
      site: 'beijing',
      itPlan: { racks: 800, kwPerRack: 12, utilization: 0.7 },
      cooling: { type: 'chilled-water-wse', supplyAirSetpointC: 25, envelope: 'A1' },
      gridConnection: { capKw: 9000 },
      tariff: { source: 'test', currency: 'CNY', energyPricePerKwh: 0.42 },
      carbon: { hydroContractShare: 0.6, greenCertificateShare: 0.2 },
    });
    expect(json.annual).toEqual(expected.annual);
    expect(json.headroom).toEqual(expected.headroom);
    expect(json.carbonFactors).toEqual(expected.carbonFactors);
    expect(json.site.currency).toBe('CNY');
  });

  it('reads a plan file, JSON or YAML, and lets flags override it', async () => {
    const dir = tempDir();
    const plan: PlanInput = {
      site: 'shanghai',
      itPlan: { racks: 300, kwPerRack: 15 },
      cooling: { type: 'mechanical' },
    };
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
    writeFileSync(
      join(dir, 'plan.yaml'),
      'site: shanghai\nitPlan:\n  racks: 300\n  kwPerRack: 15\ncooling:\n  type: mechanical\n',
    );
    const fromJson = await karstJson<BudgetJson>(['budget', '--plan', 'plan.json'], dir);
    const fromYaml = await karstJson<BudgetJson>(['budget', '--plan', 'plan.yaml'], dir);
    expect(fromJson.annual.pue).toBe(computeBudget(plan).annual.pue);
    expect(fromYaml.annual).toEqual(fromJson.annual);
    expect(fromJson.inputs.planFile).toBe('plan.json');

    const overridden = await karstJson<BudgetJson>(['budget', '--plan', 'plan.yaml', '--racks', '200'], dir);
    expect(overridden.annual.pue).toBe(
      computeBudget({ ...plan, itPlan: { racks: 200, kwPerRack: 15 } }).annual.pue,
    );
    // Switching the design keeps only the fields every design shares.
    const switched = await karstJson<BudgetJson>(
      ['budget', '--plan', 'plan.yaml', '--cooling', 'free-air'],
      dir,
    );
    expect(switched.coolingDesign).toBe('free-air');
  });

  it('prints readable tables with units in the headers', async () => {
    const { code, stdout, stderr } = await karst(['budget']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const section of ['Annual', 'Monthly', 'Hours per cooling mode', 'Energy', 'Peaks and headroom'])
      expect(stdout).toContain(`\n${section}\n`);
    expect(stdout).toContain('Facility (MWh)');
    expect(stdout).toContain('Cost (CNY)');
    // The figures are the package's (the model's calibration moves them; this test checks the table).
    const expected = computeBudget({});
    expect(stdout).toMatch(new RegExp(`PUE +${expected.annual.pue.toFixed(3).replace('.', '\\.')}`));
    expect(stdout).toContain('Design day');
    expect(stdout).toMatch(
      new RegExp(`Racks that fit +${new Intl.NumberFormat('en-US').format(expected.headroom.maxRacks)}`),
    );
  });

  it('prints the monthly rows as CSV', async () => {
    const { code, stdout } = await karst(['budget', '--csv']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(13);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 3)).toEqual(['month', 'hours', 'itEnergyMwh']);
    const july = lines[7]!.split(',');
    expect(Number(july[header.indexOf('pue')])).toBe(computeBudget({}).months[6]!.pue);
  });

  it('writes the PUE and mode-hours charts as standalone SVG files', async () => {
    const dir = tempDir();
    const pue = await karst(['budget', '--chart', 'pue.svg'], { cwd: dir });
    expect(pue.code).toBe(0);
    expect(pue.stdout).toContain('Chart written to pue.svg');
    const svg = readFileSync(join(dir, 'pue.svg'), 'utf8');
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"')).toBe(true);
    expect(assertWellFormedXml(svg)).toBe('svg');
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('data-chart="monthly-pue"');
    expect(svg.match(/data-series="pue"/g)).toHaveLength(12);

    await karst(['budget', '--chart', 'modes.svg', '--chart-type', 'mode-hours', '--json'], { cwd: dir });
    const modes = readFileSync(join(dir, 'modes.svg'), 'utf8');
    expect(assertWellFormedXml(modes)).toBe('svg');
    expect(modes).toContain('data-chart="mode-hours"');
    // A standalone chart says what it is, where and for which plan.
    expect(svg).toContain('>PUE by month at Guiyang</text>');
    expect(svg).toContain('Guiyang (guiyang), synthesized typical year.');
    expect(svg).toContain('500 racks x 10 kW at 60 % utilization');
    expect(modes).toContain('>Cooling mode hours by month at Guiyang</text>');
  });

  it('writes a real PNG image for --chart FILE.png', async () => {
    const dir = tempDir();
    const result = await karst(['budget', '--chart', 'pue.PNG'], { cwd: dir });
    expect(result.code).toBe(0);
    const png = readFileSync(join(dir, 'pue.PNG'));
    // PNG signature, then the IHDR chunk: width and height in pixels, big-endian (ISO/IEC 15948, 5.2, 11.2.2).
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect(png.length).toBeGreaterThan(10_000);
    // The chart's 560-unit-wide viewBox drawn at 2 px per unit.
    expect(png.readUInt32BE(16)).toBe(1120);
    expect(png.readUInt32BE(20)).toBeGreaterThan(600);
  });

  it.each(['chart.pdf', 'chart', 'chart.svg.txt'])(
    'refuses --chart %s before computing, naming the formats it writes',
    async (file) => {
      const dir = tempDir();
      const result = await karst(['budget', '--chart', file], { cwd: dir });
      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr: expect.stringMatching(
          new RegExp(
            `^karst: --chart ${file.replace('.', '\\.')}: (unsupported extension \\.\\w+|no extension): use FILE\\.svg or FILE\\.png\\n$`,
          ),
        ),
      });
      expect(existsSync(join(dir, file))).toBe(false);
    },
  );

  it.each([
    ['0.6', 0.6],
    ['60%', 0.6],
    ['60 %', 0.6],
    ['72.5%', 0.725],
  ])('takes --utilization %s as a share of design power (%d)', async (value, share) => {
    const json = await karstJson<BudgetJson>(['budget', '--utilization', value]);
    expect(json.plan.itPlan).toMatchObject({ utilization: share });
  });

  it('exits 1 with --fail-over-budget only when the plan is over its cap', async () => {
    const over = await karst(['budget', '--racks', '900', '--fail-over-budget']);
    expect(over.code).toBe(1);
    expect(over.stdout).toContain('OVER CAP');
    expect(over.stderr).toMatch(
      /^karst: over budget: peak [\d,]+ kW exceeds the 6,000 kW cap by [\d,]+ kW .*racks fit\n$/,
    );
    const overJson = await karst(['budget', '--racks', '900', '--fail-over-budget', '--json']);
    expect(overJson.code).toBe(1);
    expect(JSON.parse(overJson.stdout).headroom.withinCap).toBe(false);
    // Over the cap without the flag is a result, not a failure.
    expect((await karst(['budget', '--racks', '900'])).code).toBe(0);
    expect((await karst(['budget', '--fail-over-budget'])).code).toBe(0);
  });

  it('warns, in the text and on stderr with --csv, when the transformer carries more than its rating', async () => {
    // Found by a new user: --power-cap-kw 100 printed PUE 1.514 with no word that the transformer, rated
    // at the cap, ran at 37x its rating.
    const text = await karst(['budget', '--power-cap-kw', '100']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/\nplan warning: the transformer, rated 100 kW .* 37\.\d\dx its rating/);
    const csv = await karst(['budget', '--power-cap-kw', '100', '--csv']);
    expect(csv.stderr).toMatch(/^plan warning: the transformer, rated 100 kW/);
    expect(csv.stdout).not.toContain('plan warning');
    const json = await karstJson<BudgetJson>(['budget', '--power-cap-kw', '100']);
    expect(json.planWarnings.map((warning) => warning.kind)).toEqual(['transformer-overloaded']);
    expect((await karst(['budget'])).stdout).not.toContain('plan warning');
  });

  it('notes a share given as a percentage under 1 %, a likely slip for 60 % (found by a new user)', async () => {
    const slip = await karst(['budget', '--utilization', '0.6%']);
    expect(slip.code).toBe(0);
    expect(slip.stderr).toBe(
      'note: --utilization 0.6% is read as 0.006 (0.6% of the whole); for 60 % write 60% or 0.6\n',
    );
    // As given: the budget is the 0.6 % one.
    expect(slip.stdout).toContain('at 0.6 % utilization');
    for (const fine of ['60%', '0.6', '1%'])
      expect((await karst(['budget', '--utilization', fine])).stderr).toBe('');
  });

  it.each([
    [['--racks', 'abc'], '--racks abc: not a number: give a whole number of racks, e.g. 500'],
    [['--power-cap-kw', 'lots'], '--power-cap-kw lots: not a number: give kW, e.g. 6000'],
    [['--racks', '2.5'], '--racks 2.5: not a whole number'],
    [['--racks', '0'], '--racks 0: must be a positive integer'],
    [
      ['--utilization', '60'],
      "--utilization 60: must be above 0 and at most 1 (a share of the racks' design power); give 0..1 or a percentage, e.g. 0.6 or 60%",
    ],
    // The value as typed, not the share it was read as (found by a new user: it echoed 150% as 1.5).
    [
      ['--utilization', '150%'],
      "--utilization 150%: must be above 0 and at most 1 (a share of the racks' design power); give 0..1",
    ],
    [['--utilization', 'most'], '--utilization most: not a share: give 0..1 (0.6) or a percentage (60%)'],
    [['--utilization', '%'], '--utilization %: not a share'],
    [['--racks', '0'], '--racks 0: must be a positive integer (racks)'],
    [['--kw-per-rack', '-1'], '--kw-per-rack -1: must be above 0 and at most 500 kW per rack'],
    [
      ['--hydro-share', '120%'],
      "--hydro-share 120%: must be from 0 to 1 (a share of the facility's energy); give 0..1",
    ],
    [['--site', 'atlantis'], '--site atlantis: unknown site; built-in sites are guiyang, beijing'],
    [['--site', 'Beijing'], '--site Beijing: unknown site (did you mean beijing?); built-in sites are'],
    [['--site', 'guiyan'], '--site guiyan: unknown site (did you mean guiyang?); built-in sites are'],
    [['--site', 'beijing', '--site-file', 'x.json'], '--site and --site-file: give one or the other'],
    [['--cooling', 'ice'], '--cooling ice: unknown cooling design; cooling designs are free-air, '],
    [['--cooling', 'free-ar'], '--cooling free-ar: unknown cooling design (did you mean free-air?); cooling'],
    [
      ['--cooling', 'indirect-evap'],
      '--cooling indirect-evap: unknown cooling design (did you mean indirect-evaporative?)',
    ],
    [
      ['--preset', 'hyperscale-direct-evaporativ'],
      '--preset hyperscale-direct-evaporativ: unknown preset (did you mean hyperscale-direct-evaporative?); presets are',
    ],
    [
      ['--supply-air-c', '30', '--cooling', 'free-air'],
      '--supply-air-c 30: must be within the recommended envelope',
    ],
    [['--hydro-share', '0.8', '--certificate-share', '0.5'], 'must not exceed 1'],
    [['--power-cap-kw', '-5'], /^--power-cap-kw -5: must be above 0 and at most 10,000,000 kW$/],
    [['--tariff', '-1'], /^--tariff -1: must be 0 or more, in the tariff's currency per kWh$/],
    [['--json', '--csv'], "option '--json' cannot be used with option '--csv'"],
    // Found by a new user: alone it was ignored, exit 0.
    [['--chart-type', 'mode-hours'], '--chart-type mode-hours: needs --chart FILE.svg or FILE.png'],
    [['--max-gap-hours', '3'], '--max-gap-hours 3: only with --weather FILE.epw (how that file is read)'],
    [['--standard-pressure'], '--standard-pressure: only with --weather FILE.epw'],
    [['--rack', '5'], "unknown option '--rack' (Did you mean --racks?)"],
    [['--weather', 'missing.epw'], '--weather missing.epw: cannot read: no such file'],
    [['--plan', 'missing.yaml'], '--plan missing.yaml: cannot read: no such file'],
    [['--site-file', 'missing.json'], '--site-file missing.json: cannot read: no such file'],
  ])('bad input %j exits 2 with one line naming it', async (args, message) => {
    const { code, stdout, stderr } = await karst(['budget', ...args], { cwd: tempDir() });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    if (typeof message === 'string') expect(stderr).toContain(message);
    else expect(stderr.trimEnd().replace(/^karst: /, '')).toMatch(message);
    expect(stderr.startsWith('karst: ')).toBe(true);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('names the file, line and field of a bad plan or site file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.json'), '{\n  "itPlan": { "racks": 5, }\n}');
    writeFileSync(join(dir, 'broken.yaml'), 'itPlan:\n  racks: [\n');
    writeFileSync(
      join(dir, 'fields.yaml'),
      'itPlan:\n  racks: -3\n  kwPerRack: 10\ncooling:\n  type: nope\n',
    );
    writeFileSync(join(dir, 'list.yaml'), '- 1\n- 2\n');
    // Unknown keys were dropped and the defaults ran (exit 0); now each is refused with the key it meant.
    writeFileSync(
      join(dir, 'typos.yaml'),
      'itPlan:\n  racks: 100\n  kwPerRack: 10\n  utilisation: 0.5\ncooling:\n  type: free-air\n  supplyAirSetpiontC: 22\nhydroShare: 0.5\n',
    );
    writeFileSync(join(dir, 'site.json'), JSON.stringify({ id: 'Bad Id', name: 'x' }));
    const cases: [string[], RegExp][] = [
      [['--plan', 'broken.json'], /^karst: --plan broken\.json: not valid JSON at line 2, column \d+: /],
      [['--plan', 'broken.yaml'], /^karst: --plan broken\.yaml: not valid YAML at line 3, column 1: /],
      [
        ['--plan', 'fields.yaml'],
        /^karst: --plan fields\.yaml: itPlan\.racks: must be a positive integer; --plan fields\.yaml: cooling\.type: must be one of/,
      ],
      [['--plan', 'list.yaml'], /^karst: --plan list\.yaml: expected an object/],
      [
        ['--plan', 'typos.yaml'],
        /^(?=.*itPlan: unknown key "utilisation" \(did you mean "utilization"\?\))(?=.*cooling: unknown key "supplyAirSetpiontC" \(did you mean "supplyAirSetpointC"\?\))(?=.*unknown key "hydroShare")/,
      ],
      [
        ['--site-file', 'site.json'],
        /^karst: --site-file site\.json: invalid site profile: id: a lowercase id/,
      ],
    ];
    for (const [args, pattern] of cases) {
      const { code, stderr } = await karst(['budget', ...args], { cwd: dir });
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(pattern);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  describe.skipIf(!sharedWeatherAvailable)(realWeatherSuite('on the real EPW files'), () => {
    const guiyang = sharedWeatherPath('CHN_Guizhou.Guiyang.578160_CSWD.epw');

    it('runs a plan on a weather file like computeBudget with options.weather', async () => {
      const json = await karstJson<BudgetJson>(['budget', '--weather', guiyang]);
      const epw = await readEpw(guiyang);
      const expected = computeBudget({ site: 'guiyang' }, { weather: epw.hourly });
      expect(json.annual.pue).toBe(expected.annual.pue);
      expect(json.months).toEqual(expected.months);
      expect(json.site.weather).toBe('given-series');
      expect(json.inputs.weatherFile).toBe(guiyang);
    });

    it("warns when the weather file is another site's", async () => {
      const { code, stderr } = await karst([
        'budget',
        '--weather',
        sharedWeatherPath('SGP_Singapore.486980_IWEC.epw'),
      ]);
      expect(code).toBe(0);
      expect(stderr).toMatch(/^note: --weather .* is SINGAPORE \(WMO 486980\), not Guiyang/i);
    });

    it('names the line and field of a malformed EPW file', async () => {
      const dir = tempDir();
      const lines = readFileSync(guiyang, 'utf8').split('\n');
      const fields = lines[20]!.split(',');
      fields[6] = 'abc';
      lines[20] = fields.join(',');
      writeFileSync(join(dir, 'bad.epw'), lines.join('\n'));
      const { code, stderr } = await karst(['budget', '--weather', 'bad.epw'], { cwd: dir });
      expect(code).toBe(2);
      expect(stderr).toBe(
        'karst: --weather bad.epw: EPW line 21, field 7 (dry bulb): "abc" is not a number\n',
      );
    });
  });
});
