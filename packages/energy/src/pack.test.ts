import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { computeBudget } from './compute-budget.js';

// Done-when of the budget engine: the packages install from their tarballs into a plain Node project
// outside the workspace and run there with plain `node`, no tsx and no workspace links.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const packages = ['climate', 'cooling', 'energy'];
const pinnedPnpmBin = join(repoRoot, '.tools', 'pnpm-12.4.2', 'node_modules', '.bin');
const env = {
  ...process.env,
  PATH: [pinnedPnpmBin, join(repoRoot, 'node_modules', '.bin'), process.env.PATH].join(delimiter),
};
const workDir = mkdtempSync(join(tmpdir(), 'karst-pack-'));

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('the packed packages in a plain Node project', () => {
  it('install from their tarballs and compute a budget with plain node', () => {
    const tarballs = join(workDir, 'tarballs');
    for (const name of packages) {
      const dir = join(repoRoot, 'packages', name);
      run('tsc', ['-p', 'tsconfig.build.json'], dir);
      run('pnpm', ['pack', '--pack-destination', tarballs], dir);
    }
    const files = readdirSync(tarballs).map((file) => join(tarballs, file));
    expect(files).toHaveLength(3);

    const project = join(workDir, 'consumer');
    run('mkdir', ['-p', project], workDir);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...files],
      project,
    );
    expect(existsSync(join(project, 'node_modules', '@karst', 'energy', 'dist', 'index.js'))).toBe(true);

    writeFileSync(
      join(project, 'budget.js'),
      [
        "import { computeBudget } from '@karst/energy';",
        "import { getBuiltInSite } from '@karst/climate';",
        'const budget = computeBudget({});',
        'console.log(JSON.stringify({ site: getBuiltInSite("guiyang").name, pue: budget.annual.pue, maxRacks: budget.headroom.maxRacks }));',
      ].join('\n'),
    );
    const output = JSON.parse(run(process.execPath, ['budget.js'], project));
    const inWorkspace = computeBudget({});
    expect(output).toEqual({
      site: 'Guiyang',
      pue: inWorkspace.annual.pue,
      maxRacks: inWorkspace.headroom.maxRacks,
    });
  }, 240_000);
});
