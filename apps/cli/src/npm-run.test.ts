import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeBudget } from '@karst/energy';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// A folder of the repository that is not a package, as a user's own folder would be (test-artifacts/ is
// ignored by git).
mkdirSync(join(repoRoot, 'test-artifacts'), { recursive: true });
const callerDir = mkdtempSync(join(repoRoot, 'test-artifacts', 'npm-run-karst-'));
afterAll(() => rmSync(callerDir, { recursive: true, force: true }));

describe('npm run -s karst', () => {
  // The README's command, through npm and scripts/bootstrap.mjs. turbo builds the CLI before this test,
  // so the job's own build step is skipped (KARST_CLI_BUILT=1).
  it('runs in the caller folder (INIT_CWD) and prints only what karst prints', () => {
    writeFileSync(join(callerDir, 'plan.json'), JSON.stringify({ itPlan: { racks: 600, kwPerRack: 10 } }));
    const result = spawnSync('npm', ['run', '-s', 'karst', '--', 'budget', '--plan', 'plan.json', '--json'], {
      cwd: callerDir,
      env: { ...process.env, KARST_CLI_BUILT: '1' },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.inputs.planFile).toBe('plan.json');
    expect(json.annual.pue).toBe(computeBudget({ itPlan: { racks: 600, kwPerRack: 10 } }).annual.pue);
  });

  it('keeps karst exit code and its one-line error', () => {
    const result = spawnSync('npm', ['run', '-s', 'karst', '--', 'budget', '--plan', 'absent.json'], {
      cwd: callerDir,
      env: { ...process.env, KARST_CLI_BUILT: '1' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('karst: --plan absent.json: cannot read: no such file\n');
  });
});
