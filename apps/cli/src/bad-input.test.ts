import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedWeatherAvailable, sharedWeatherPath } from '@karst/test-support';
import { describe, expect, it } from 'vitest';
import { tempDir } from './test-util.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../bin/karst.mjs');

/** Runs the real `karst` launcher (a process, as a user runs it) in `cwd` until it exits. */
function karstProcess(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

const dir = tempDir();
writeFileSync(join(dir, 'plan.json'), '{ "itPlan": { "racks": -5 } }');
writeFileSync(join(dir, 'site.json'), '{ "id": ');
// YAML plan files load the yaml parser lazily, which the bundle once broke (every YAML plan: exit 1,
// "Right-hand side of 'instanceof' is not an object").
writeFileSync(join(dir, 'plan.yaml'), 'itPlan:\n  racks: -5\n  kwPerRack: 10\n');
writeFileSync(join(dir, 'broken.yaml'), 'itPlan: [\n');

// One bad value of each kind, whichever error class the package below raises (a flag, a plan field, a
// site file, a weather hour): exit 2 and one line naming it. `karst preview` on bad stack config is
// covered in-process (commands/preview.test.ts) and by infra's preview-cli.test.ts as a real process.
const cases: [string, string[], RegExp][] = [
  ['a flag value', ['budget', '--racks', '0'], /^karst: --racks 0: /],
  ['a plan file field', ['budget', '--plan', 'plan.json'], /^karst: .*plan\.json.*itPlan\.racks: /],
  ['a YAML plan file field', ['budget', '--plan', 'plan.yaml'], /^karst: .*plan\.yaml.*itPlan\.racks: /],
  [
    'a YAML plan file that is not YAML',
    ['budget', '--plan', 'broken.yaml'],
    /^karst: --plan broken\.yaml: not valid YAML at line 2/,
  ],
  [
    'a site file that is not JSON',
    ['budget', '--site-file', 'site.json'],
    /^karst: --site-file site\.json: /,
  ],
];

if (sharedWeatherAvailable) {
  // A real weather file with one hour the psychrometrics reject (70 °C boils at 31 kPa): the model's
  // ValidationError names the hour. The copy lives in a temporary directory, never in the repository.
  const lines = readFileSync(sharedWeatherPath('CHN_Guizhou.Guiyang.578160_CSWD.epw'), 'utf8').split('\n');
  const fields = lines[8 + 100]!.split(',');
  fields[6] = '70.0';
  fields[7] = '20.0';
  fields[9] = '31000';
  lines[8 + 100] = fields.join(',');
  writeFileSync(join(dir, 'boiling.epw'), lines.join('\n'));
  cases.push(
    [
      'a non-physical weather hour (stats)',
      ['weather', 'stats', 'boiling.epw'],
      /^karst: boiling\.epw: hour 100: /,
    ],
    [
      'a non-physical weather hour (budget)',
      ['budget', '--weather', 'boiling.epw'],
      /^karst: --weather boiling\.epw: hour 100: dryBulbC 70 is at or above the boiling point/,
    ],
  );
}

describe('karst (the real process) on bad input', () => {
  it.each(cases)(
    '%s: exits 2 with one line naming it',
    async (_name, args, named) => {
      const { code, stderr } = await karstProcess(args, dir);
      expect(stderr).toMatch(named);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(code).toBe(2);
    },
    // Each case starts Node (the bundled CLI): seconds on a busy machine; bounded only against a hang.
    120_000,
  );
});
