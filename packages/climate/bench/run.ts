// Benchmarks of @karst/climate: EPW parsing against a plain split of the same text, typical-year synthesis
// and derived conditions. Prints a table and merges its figures into <repo>/bench/results.json under
// "climate". Benchmarks report; they never fail the process for a missed target.
//
//   pnpm --filter @karst/climate bench   (tsx --conditions=karst-source bench/run.ts)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveConditions, getBuiltInSite, parseEpw, synthesizeYear } from '@karst/climate';
import {
  sharedWeatherAvailable,
  sharedWeatherDir,
  sharedWeatherFiles,
  sharedWeatherPath,
} from '@karst/test-support';

/** Targets from the issue, on the median. */
const PARSE_TARGET_MS = 30;
const SYNTHESIZE_TARGET_MS = 5;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const resultsPath = join(repoRoot, 'bench', 'results.json');

interface Plan {
  /** Untimed runs first (at least 1), so the JIT has compiled the hot paths. */
  warmupRuns: number;
  minRuns: number;
  maxRuns: number;
  /** Stop adding runs after this much timed work (once minRuns are done). */
  budgetMs: number;
}

interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
  warmupRuns: number;
}

/**
 * Times `run` after `plan.warmupRuns` untimed calls. Every call's result is compared with the first, which
 * keeps the work observable (it cannot be optimised away) and catches a benchmark measuring a broken run.
 */
function measure(name: string, plan: Plan, run: () => number): Timing {
  const expected = run();
  const check = (value: number) => {
    if (value !== expected) throw new Error(`${name}: a run returned ${value}, the first ${expected}`);
  };
  for (let i = 1; i < plan.warmupRuns; i++) check(run());
  const samples: number[] = [];
  let spentMs = 0;
  while (samples.length < plan.maxRuns && (samples.length < plan.minRuns || spentMs < plan.budgetMs)) {
    const start = performance.now();
    const value = run();
    const elapsedMs = performance.now() - start;
    check(value);
    samples.push(elapsedMs);
    spentMs += elapsedMs;
  }
  samples.sort((a, b) => a - b);
  const middle = samples.length >> 1;
  const medianMs =
    samples.length % 2 === 1 ? samples[middle]! : (samples[middle - 1]! + samples[middle]!) / 2;
  return {
    medianMs: round(medianMs, 3),
    minMs: round(samples[0]!, 3),
    maxMs: round(samples[samples.length - 1]!, 3),
    runs: samples.length,
    warmupRuns: plan.warmupRuns,
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

const verdict = (medianMs: number, targetMs: number) => (medianMs <= targetMs ? 'PASS' : 'MISS');

interface Row {
  name: string;
  timing: Timing;
  throughput: string;
  target: string;
}
const rows: Row[] = [];
const notes: string[] = [];
const benchmarks: Record<string, unknown> = {};

// 1. Parsing the Guiyang EPW, with a plain split of the same text as the baseline.
const guiyangFile = sharedWeatherFiles.find((file) => file.siteId === 'guiyang')!;
const guiyangPath = sharedWeatherPath(guiyangFile.fileName);
if (sharedWeatherAvailable && existsSync(guiyangPath)) {
  const text = readFileSync(guiyangPath, 'utf8');
  const bytes = Buffer.byteLength(text, 'utf8');
  const megabytes = bytes / 1e6;
  const plan: Plan = { warmupRuns: 10, minRuns: 20, maxRuns: 200, budgetMs: 2500 };

  // A checksum of the series, so that every run is checked to have parsed the same values.
  const parse = measure('parseEpw', plan, () => {
    const { hourly } = parseEpw(text);
    return hourly.hours + hourly.dryBulbC[hourly.hours - 1]! + hourly.dewPointC[0]!;
  });
  const split = measure('split baseline', plan, () => {
    let fields = 0;
    for (const line of text.split('\n')) fields += line.split(',').length;
    return fields;
  });
  const ratio = round(parse.medianMs / split.medianMs, 2);
  const parseMbPerS = round(megabytes / (parse.medianMs / 1000), 1);
  const splitMbPerS = round(megabytes / (split.medianMs / 1000), 1);

  rows.push({
    name: 'parseEpw(text), Guiyang',
    timing: parse,
    throughput: `${parseMbPerS} MB/s`,
    target: `<= ${PARSE_TARGET_MS} ms ${verdict(parse.medianMs, PARSE_TARGET_MS)}`,
  });
  rows.push({
    name: "  baseline: split('\\n') + split(',')",
    timing: split,
    throughput: `${splitMbPerS} MB/s`,
    target: '',
  });
  notes.push(
    `${guiyangFile.fileName}: ${(megabytes).toFixed(2)} MB (1 MB = 10^6 bytes); parseEpw median time is ${ratio}x the plain split's`,
  );
  benchmarks.parseEpw = {
    file: guiyangFile.fileName,
    bytes,
    ...parse,
    mbPerS: parseMbPerS,
    targetMs: PARSE_TARGET_MS,
    pass: parse.medianMs <= PARSE_TARGET_MS,
  };
  benchmarks.splitBaseline = {
    description: "text.split('\\n') and each line split on ',' (same text)",
    ...split,
    mbPerS: splitMbPerS,
  };
  benchmarks.parseToSplitRatio = ratio;
} else {
  const reason = `${guiyangFile.fileName} is not in ${sharedWeatherDir} (set KARST_WEATHER_DIR or place ../shared/weather beside the repository)`;
  console.log(`SKIP parseEpw benchmark: ${reason}`);
  notes.push(`parseEpw and its baseline SKIPPED: ${reason}`);
  benchmarks.parseEpw = { skipped: true, reason };
}

// 2. The built-in Guiyang typical year, and its derived conditions.
const site = getBuiltInSite('guiyang');
const synthesize = measure(
  'synthesizeYear',
  { warmupRuns: 20, minRuns: 30, maxRuns: 300, budgetMs: 2500 },
  () => {
    const weather = synthesizeYear(site);
    return weather.hours + weather.dryBulbC[weather.hours - 1]!;
  },
);
const year = synthesizeYear(site);
const derive = measure(
  'deriveConditions',
  { warmupRuns: 10, minRuns: 20, maxRuns: 300, budgetMs: 2500 },
  () => {
    const conditions = deriveConditions(year);
    return conditions.wetBulbC.length + conditions.wetBulbC[conditions.hours - 1]!;
  },
);
rows.push({
  name: "synthesizeYear(getBuiltInSite('guiyang'))",
  timing: synthesize,
  throughput: `${Math.round(year.hours / (synthesize.medianMs / 1000) / 1e3)}k h/s`,
  target: `<= ${SYNTHESIZE_TARGET_MS} ms ${verdict(synthesize.medianMs, SYNTHESIZE_TARGET_MS)}`,
});
rows.push({
  name: 'deriveConditions(that year)',
  timing: derive,
  throughput: `${Math.round(year.hours / (derive.medianMs / 1000) / 1e3)}k h/s`,
  target: '',
});
benchmarks.synthesizeYear = {
  site: site.id,
  hours: year.hours,
  ...synthesize,
  targetMs: SYNTHESIZE_TARGET_MS,
  pass: synthesize.medianMs <= SYNTHESIZE_TARGET_MS,
};
benchmarks.deriveConditions = { site: site.id, hours: year.hours, ...derive };

// Table.
const cpu = cpus()[0]?.model ?? 'unknown';
const header = ['benchmark', 'median ms', 'min ms', 'max ms', 'runs', 'throughput', 'target'];
const table = [
  header,
  ...rows.map((row) => [
    row.name,
    row.timing.medianMs.toFixed(3),
    row.timing.minMs.toFixed(3),
    row.timing.maxMs.toFixed(3),
    String(row.timing.runs),
    row.throughput,
    row.target,
  ]),
];
const widths = header.map((_, c) => Math.max(...table.map((cells) => cells[c]!.length)));
const numeric = new Set([1, 2, 3, 4]);
const format = (cells: string[]) =>
  cells
    .map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
    .join('  ')
    .trimEnd();
console.log(`@karst/climate benchmarks: Node ${process.version}, ${cpu}`);
console.log(format(header));
console.log(widths.map((width) => '-'.repeat(width)).join('  '));
for (const cells of table.slice(1)) console.log(format(cells));
for (const note of notes) console.log(note);
console.log('Medians after warm-up; targets are reported, never enforced.');

// Machine-readable results, merged into the repository's bench/results.json.
let results: Record<string, unknown> = {};
if (existsSync(resultsPath)) {
  try {
    const existing: unknown = JSON.parse(readFileSync(resultsPath, 'utf8'));
    if (existing !== null && typeof existing === 'object' && !Array.isArray(existing)) {
      results = existing as Record<string, unknown>;
    } else {
      console.warn(`${resultsPath} does not hold a JSON object; replacing it`);
    }
  } catch (error) {
    console.warn(`${resultsPath} is not valid JSON (${(error as Error).message}); replacing it`);
  }
}
results.climate = {
  date: new Date().toISOString(),
  node: process.version,
  cpu,
  benchmarks,
};
mkdirSync(dirname(resultsPath), { recursive: true });
writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${resultsPath} (key "climate")`);
