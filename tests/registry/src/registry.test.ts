// The packages as a user gets them: the built packages are packed once, published to a real npm registry
// (verdaccio on 127.0.0.1, no uplink), and installed with plain npm into empty folders outside the
// workspace; the README example runs under plain `node` and a strict TypeScript consumer typechecks.
// turbo runs this after `^build` (turbo.json), so dist/ is current; run alone, build first.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeBudget } from '@karst/energy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  packInstalledPackage,
  packWorkspacePackage,
  publish,
  type Registry,
  repoRoot,
  run,
  startRegistry,
  thirdPartyRuntimeDirs,
} from './registry.js';

/** Every workspace package a user installs, in dependency order. */
const PUBLISHED = ['packages/climate', 'packages/cooling', 'packages/energy', 'packages/charts', 'apps/cli'];

// A busy 2-core CI machine: verdaccio's start, five publishes and an npm install can take minutes.
const SETUP_TIMEOUT_MS = 300_000;
const STEP_TIMEOUT_MS = 300_000;

const workDir = mkdtempSync(join(tmpdir(), 'karst-registry-'));
let registry: Registry | undefined;

/** The first fenced block of `language` after `heading` in a README. */
function readmeBlock(readmePath: string, heading: string, language: string): string {
  const text = readFileSync(readmePath, 'utf8');
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`${readmePath}: no "${heading}" section`);
  const block = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(text.slice(start));
  if (!block?.[1]) throw new Error(`${readmePath}: no \`\`\`${language} block under "${heading}"`);
  return block[1];
}

/** An empty folder, as a user's new project starts: no package.json, nothing installed. */
function emptyFolder(name: string): string {
  const dir = join(workDir, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  for (const dir of PUBLISHED)
    if (!existsSync(join(repoRoot, dir, 'dist')))
      throw new Error(`${dir}/dist is missing: run \`npm run build\` (turbo runs it before this test)`);
  registry = await startRegistry(join(workDir, 'registry'));
  const tarballs = join(workDir, 'tarballs');
  mkdirSync(tarballs, { recursive: true });
  // zod, karst's one runtime dependency (@resvg/resvg-js, PNG charts) and its Linux x64 binary (itself an
  // npm package), and whatever else they need; the other platforms' binaries are optional dependencies
  // that this registry does not have, which npm skips.
  for (const source of thirdPartyRuntimeDirs(PUBLISHED))
    await publish(registry, await packInstalledPackage(source, tarballs));
  for (const dir of PUBLISHED) await publish(registry, await packWorkspacePackage(dir, tarballs));
}, SETUP_TIMEOUT_MS);

afterAll(() => {
  registry?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe('@karst/energy from a registry', () => {
  let project = '';

  it(
    'installs into an empty folder with plain `npm install @karst/energy`',
    async () => {
      if (!registry) throw new Error('no registry');
      project = emptyFolder('energy-user');
      // The command the README's install section gives.
      const install = readmeBlock(join(repoRoot, 'packages/energy/README.md'), '## Install', 'sh').trim();
      expect(install).toBe('npm install @karst/energy');
      await run('npm', ['install', '@karst/energy'], project, registry.npmEnv);
      for (const name of ['energy', 'cooling', 'climate'])
        expect(existsSync(join(project, 'node_modules', '@karst', name, 'dist', 'index.d.ts'))).toBe(true);
      // What the user has: JavaScript and declarations, never TypeScript sources.
      const manifest = JSON.parse(
        readFileSync(join(project, 'node_modules', '@karst', 'energy', 'package.json'), 'utf8'),
      );
      expect(JSON.stringify(manifest.exports)).not.toContain('karst-source');
      expect(manifest.dependencies['@karst/cooling']).toMatch(/^\d+\.\d+\.\d+$/);
      expect(existsSync(join(project, 'node_modules', '@karst', 'energy', 'src'))).toBe(false);
      expect(existsSync(join(project, 'node_modules', '@karst', 'energy', 'LICENSE'))).toBe(true);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "runs the README's example with plain node",
    async () => {
      if (!project) throw new Error('the install step did not run');
      writeFileSync(
        join(project, 'example.mjs'),
        readmeBlock(join(repoRoot, 'packages/energy/README.md'), '## Example', 'js'),
      );
      const output = (await run(process.execPath, ['example.mjs'], project)).split('\n');
      // The same figures as the workspace's own sources give for the default plan.
      const budget = computeBudget({});
      expect(output[0]).toBe(`Guiyang, indirect-evaporative: PUE ${budget.annual.pue.toFixed(3)}`);
      expect(output).toContain(
        `peak ${budget.headroom.peakFacilityPowerKw.toFixed(0)} kW of 6000 kW: room for ${budget.headroom.maxRacks} racks (500 planned)`,
      );
      expect(output.join('\n')).toContain("[ 'itPlan.racks', 'powerChain.upsRedundancyFactor' ]");
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'typechecks a strict TypeScript consumer, and its declarations catch a wrong type',
    async () => {
      if (!project) throw new Error('the install step did not run');
      const tsconfig = {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          noEmit: true,
          types: [],
        },
        include: ['*.ts'],
      };
      writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
      writeFileSync(join(project, 'package.json'), JSON.stringify({ ...readJson(project), type: 'module' }));
      writeFileSync(
        join(project, 'consumer.ts'),
        [
          "import { getBuiltInSite, ValidationError } from '@karst/climate';",
          "import { type Budget, computeBudget, type PlanInput } from '@karst/energy';",
          "const plan: PlanInput = { site: 'guiyang', itPlan: { racks: 600, kwPerRack: 10 } };",
          'const budget: Budget = computeBudget(plan);',
          'const pue: number = budget.annual.pue;',
          "const siteName: string = getBuiltInSite('guiyang').name;",
          'const firstMonth = budget.months[0];',
          'const januaryPue: number | undefined = firstMonth?.pue;',
          'export { januaryPue, pue, siteName, ValidationError };',
          '',
        ].join('\n'),
      );
      // The declarations are real types, not `any`: a string where a number goes fails to compile.
      writeFileSync(
        join(project, 'wrong.ts'),
        "import { computeBudget } from '@karst/energy';\ncomputeBudget({ itPlan: { racks: 'many', kwPerRack: 10 } });\n",
      );
      // One compiler run over both files (tsc is slow on a busy machine): wrong.ts, and only it, fails.
      const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
      const failure = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], project).then(
        () => null,
        (error: Error) => error.message,
      );
      const errors = (failure ?? '').split('\n').filter((line) => / error TS\d+/.test(line));
      expect(errors.length).toBeGreaterThan(0);
      for (const line of errors) expect(line).toMatch(/^wrong\.ts\(2,\d+\): error TS2322/);
      rmSync(join(project, 'wrong.ts'));
    },
    STEP_TIMEOUT_MS,
  );
});

function readJson(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
}

describe('karst from a registry', () => {
  it(
    '`npx --package @karst/cli karst budget --json` in an empty folder prints the budget',
    async () => {
      if (!registry) throw new Error('no registry');
      const folder = emptyFolder('karst-user');
      const stdout = await run(
        'npx',
        ['--yes', '--package', '@karst/cli', 'karst', 'budget', '--json'],
        folder,
        registry.npmEnv,
      );
      const json = JSON.parse(stdout);
      const budget = computeBudget({});
      expect(json.plan.site).toBe('guiyang');
      expect(json.annual.pue).toBe(budget.annual.pue);
      expect(json.headroom.maxRacks).toBe(budget.headroom.maxRacks);
      // Nothing installed into the folder, and nothing but the CLI itself fetched: it is one bundle.
      expect(existsSync(join(folder, 'node_modules'))).toBe(false);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'installs as a project dependency with no @karst package or TypeScript loader beside it',
    async () => {
      if (!registry) throw new Error('no registry');
      const folder = emptyFolder('karst-project');
      await run('npm', ['install', '@karst/cli'], folder, registry.npmEnv);
      const installed = join(folder, 'node_modules');
      expect(existsSync(join(installed, '.bin', 'karst'))).toBe(true);
      for (const absent of [
        'tsx',
        '@karst/energy',
        '@karst/infra',
        '@karst/status',
        'commander',
        'zod',
        'yaml',
      ])
        expect(existsSync(join(installed, absent)), absent).toBe(false);
      const sites = await run('npx', ['karst', 'sites', '--json'], folder, registry.npmEnv);
      expect(JSON.parse(sites).sites.map((site: { id: string }) => site.id)).toContain('guiyang');
      // PNG charts through the installed native renderer.
      await run('npx', ['karst', 'budget', '--chart', 'pue.png'], folder, registry.npmEnv);
      expect(
        [...readFileSync(join(folder, 'pue.png')).subarray(1, 4)].map((c) => String.fromCharCode(c)),
      ).toEqual(['P', 'N', 'G']);
      // The offline infra preview needs the repository's infra program: an installed karst says so.
      const preview = await run('npx', ['karst', 'preview'], folder, registry.npmEnv).then(
        () => 'exit 0',
        (error: Error) => error.message,
      );
      expect(preview).toContain('karst: preview: the offline infra preview runs inside the Karst repository');
    },
    STEP_TIMEOUT_MS,
  );
});
