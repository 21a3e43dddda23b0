// Benchmark of @karst/infra: the offline preview of the default stack (guiyang) in a fresh process, against
// a fresh process that only imports @pulumi/pulumi and @pulumi/aws. Both baselines are timed: with the same
// node flags as the preview (the tsx loader and the karst-source condition, as `pnpm preview:offline` runs)
// and with plain node, the literal bare import. Prints a table and merges its figures into
// <repo>/bench/results.json under "infra". Benchmarks report; they never fail the process for a missed target.
//
//   pnpm --filter @karst/infra bench   (node --conditions=karst-source --import tsx bench/run.ts)
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, round, writeBenchResults } from '@karst/test-support';

/** Target from the issue: the preview at most this many times the bare import, median to median. */
const RATIO_TARGET = 1.5;
const RUNS = Number(process.env.KARST_BENCH_COLD_RUNS ?? 5);

const infraDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const previewModule = pathToFileURL(join(infraDir, 'src', 'offline', 'preview.ts')).href;

const LOADER_FLAGS = ['--conditions=karst-source', '--import', 'tsx'];

// Each child prints one JSON line: what it did, and when (ms since its own process start) it had loaded its
// modules and finished, so the table can say where the preview's time goes.
const PREVIEW = `
const { runOfflinePreview, DEFAULT_PROJECT_DIR } = await import(${JSON.stringify(previewModule)});
const loadedMs = performance.now();
const preview = await runOfflinePreview({ projectDir: DEFAULT_PROJECT_DIR });
const doneMs = performance.now();
process.stdout.write(JSON.stringify({ resources: preview.resources.length, stack: preview.stack, loadedMs, doneMs }) + '\\n');
`;
const BARE_IMPORT = `
await import('@pulumi/pulumi');
await import('@pulumi/aws');
const loadedMs = performance.now();
process.stdout.write(JSON.stringify({ loadedMs, doneMs: loadedMs }) + '\\n');
`;

interface ChildTiming {
  wallMs: number;
  loadedMs: number;
  doneMs: number;
  report: Record<string, unknown>;
}

/** Wall time from spawn to exit of `node <flags> -e <code>` run in infra/ (so its imports resolve). */
function timeChild(flags: readonly string[], code: string): Promise<ChildTiming> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...flags, '--input-type=module', '-e', code], {
      cwd: infraDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      errors += chunk;
    });
    child.on('error', reject);
    child.on('exit', (exitCode) => {
      const wallMs = performance.now() - started;
      if (exitCode !== 0) {
        reject(new Error(`child exited ${exitCode}: ${errors}`));
        return;
      }
      const report = JSON.parse(output.trim().split('\n').at(-1)!) as Record<string, unknown>;
      resolvePromise({ wallMs, loadedMs: Number(report.loadedMs), doneMs: Number(report.doneMs), report });
    });
  });
}

const variants = [
  { key: 'preview', name: 'offline preview, stack guiyang (tsx loader)', flags: LOADER_FLAGS, code: PREVIEW },
  {
    key: 'bareImportLoader',
    name: 'baseline: import @pulumi/pulumi + @pulumi/aws (tsx loader)',
    flags: LOADER_FLAGS,
    code: BARE_IMPORT,
  },
  { key: 'bareImportPlain', name: 'baseline: the same import, plain node', flags: [], code: BARE_IMPORT },
] as const;

console.log(
  `@karst/infra offline preview: ${RUNS} fresh processes each, interleaved, after one untimed each`,
);
// Untimed: the page cache holds every file for the timed runs.
for (const variant of variants) await timeChild(variant.flags, variant.code);
const samples: Record<string, ChildTiming[]> = Object.fromEntries(variants.map((v) => [v.key, []]));
for (let run = 0; run < RUNS; run++) {
  for (const variant of variants) samples[variant.key]!.push(await timeChild(variant.flags, variant.code));
}

const summary = Object.fromEntries(
  variants.map((variant) => {
    const runs = samples[variant.key]!;
    return [
      variant.key,
      {
        description: variant.name,
        nodeFlags: variant.flags.join(' '),
        medianMs: round(median(runs.map((run) => run.wallMs)), 1),
        minMs: round(Math.min(...runs.map((run) => run.wallMs)), 1),
        maxMs: round(Math.max(...runs.map((run) => run.wallMs)), 1),
        medianModulesLoadedAtMs: round(median(runs.map((run) => run.loadedMs)), 1),
        medianDoneAtMs: round(median(runs.map((run) => run.doneMs)), 1),
        runs: runs.length,
      },
    ];
  }),
) as Record<
  (typeof variants)[number]['key'],
  {
    description: string;
    nodeFlags: string;
    medianMs: number;
    minMs: number;
    maxMs: number;
    medianModulesLoadedAtMs: number;
    medianDoneAtMs: number;
    runs: number;
  }
>;
const resources = Number(samples.preview![0]!.report.resources);
const ratioLoader = round(summary.preview.medianMs / summary.bareImportLoader.medianMs, 2);
const ratioPlain = round(summary.preview.medianMs / summary.bareImportPlain.medianMs, 2);
const verdict = (ratio: number) => (ratio <= RATIO_TARGET ? 'PASS' : 'MISS');

const rows = [
  ['benchmark', 'median ms', 'min ms', 'max ms', 'loaded at ms', 'ratio', 'target'],
  ...variants.map((variant) => {
    const s = summary[variant.key];
    const ratio =
      variant.key === 'preview'
        ? ''
        : (variant.key === 'bareImportLoader' ? ratioLoader : ratioPlain).toFixed(2);
    const target = variant.key === 'preview' ? '' : `<= ${RATIO_TARGET} ${verdict(Number(ratio))}`;
    return [
      variant.name,
      s.medianMs.toFixed(1),
      s.minMs.toFixed(1),
      s.maxMs.toFixed(1),
      s.medianModulesLoadedAtMs.toFixed(1),
      ratio,
      target,
    ];
  }),
];
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((cells) => cells[c]!.length)));
const format = (cells: string[]) =>
  cells
    .map((cell, c) => (c === 0 || c === 6 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
    .join('  ')
    .trimEnd();
const cpu = cpus()[0]?.model ?? 'unknown';
console.log(`@karst/infra benchmarks: Node ${process.version}, ${cpu}, ${cpus().length} cores`);
console.log(format(rows[0]!));
console.log(widths.map((width) => '-'.repeat(width)).join('  '));
for (const cells of rows.slice(1)) console.log(format(cells));
console.log(
  `Wall time from spawn to exit of a fresh node process; ratio = preview / that baseline. The preview registers ${resources} mocked resources; "loaded at" is when its modules had loaded (performance.now() in the child), the preview itself ran ${round(summary.preview.medianDoneAtMs - summary.preview.medianModulesLoadedAtMs, 1)} ms after that.`,
);
console.log('Medians; targets are reported, never enforced.');

writeBenchResults('infra', {
  offlinePreview: {
    stack: 'guiyang',
    resources,
    ...summary,
    ratioToBareImportLoader: ratioLoader,
    ratioToBareImportPlain: ratioPlain,
    targetRatio: RATIO_TARGET,
    passAgainstLoaderBaseline: ratioLoader <= RATIO_TARGET,
    passAgainstPlainBaseline: ratioPlain <= RATIO_TARGET,
  },
});
