// Benchmarks of @karst/climate: EPW parsing against a plain split of the same text, typical-year synthesis
// and derived conditions. Prints a table and merges its figures into <repo>/bench/results.json under
// "climate". Benchmarks report; they never fail the process for a missed target.
//
//   pnpm --filter @karst/climate bench   (tsx --conditions=karst-source bench/run.ts)
import { existsSync, readFileSync } from 'node:fs';
import { deriveConditions, getBuiltInSite, parseEpw, synthesizeYear } from '@karst/climate';
import {
  type MeasurePlan,
  measure,
  printTable,
  round,
  sharedWeatherAvailable,
  sharedWeatherDir,
  sharedWeatherFiles,
  sharedWeatherPath,
  type Timing,
  timingCells,
  verdict,
  writeBenchResults,
} from '@karst/test-support';

/** Targets from the issue, on the median. */
const PARSE_TARGET_MS = 30;
const SYNTHESIZE_TARGET_MS = 5;

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
  const plan: MeasurePlan = { warmupRuns: 10, minRuns: 20, maxRuns: 200, budgetMs: 2500 };

  // A checksum of the series, so that every run is checked to have parsed the same values.
  const parse = measure('parseEpw', plan, () => {
    const { hourly } = parseEpw(text);
    return hourly.hours + hourly.dryBulbC[hourly.hours - 1]! + hourly.dewPointC[0]!;
  });
  // What readEpw does: the bytes, decoded as UTF-8 (checked: the latin-1 fallback is tried only on failure).
  const fileBytes = readFileSync(guiyangPath);
  const parseBytes = measure('parseEpw(bytes)', plan, () => {
    const { hourly } = parseEpw(fileBytes);
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
    name: 'parseEpw(bytes), Guiyang (as readEpw)',
    timing: parseBytes,
    throughput: `${round(megabytes / (parseBytes.medianMs / 1000), 1)} MB/s`,
    target: '',
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
  benchmarks.parseEpwBytes = { file: guiyangFile.fileName, bytes, ...parseBytes };
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

// Table, and the machine-readable results.
printTable(
  '@karst/climate benchmarks',
  ['benchmark', 'median ms', 'min ms', 'max ms', 'runs', 'throughput', 'target'],
  rows.map((row) => [row.name, ...timingCells(row.timing), row.throughput, row.target]),
  [1, 2, 3, 4],
);
for (const note of notes) console.log(note);
console.log('Medians after warm-up; targets are reported, never enforced.');
writeBenchResults('climate', benchmarks);
