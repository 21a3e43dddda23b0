#!/usr/bin/env node
// Prints how long each package's tasks took in the last turbo run, and the slowest tests of that run,
// so that every CI log shows where the time goes.
//
//   node scripts/test-report.mjs [--since <epoch ms>] [--top N]
//
// Reads the run summary turbo writes with --summarize (.turbo/runs/*.json) and the JSON report each
// package's vitest writes (test-artifacts/vitest-results.json, see vitest.shared.ts). Plain Node, no
// dependencies. Prints a note instead of failing when either is missing: a report is no test.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
/** @param {string} name @param {number} fallback */
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : Number(args[index + 1]);
};
const sinceMs = option('--since', 0);
const top = option('--top', 10);

/** @param {number} ms */
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
/** @param {unknown} text @param {number} width */
const pad = (text, width) => String(text).padEnd(width);

function latestRunSummary() {
  const dir = join(root, '.turbo', 'runs');
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).mtimeMs >= sinceMs)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0] && JSON.parse(readFileSync(files[0], 'utf8'));
}

/**
 * @typedef {{ taskId: string, cache?: { status?: string }, execution?: { startTime?: number, endTime?: number, exitCode?: number } }} TurboTask
 * @typedef {{ name: string, startTime?: number, endTime?: number, assertionResults?: { fullName?: string, title: string, duration?: number | null, status: string }[] }} VitestFile
 */

/** @param {{ tasks: TurboTask[] } | undefined} summary */
function printTasks(summary) {
  if (!summary) {
    console.log('test-report: no turbo run summary (run turbo with --summarize)');
    return;
  }
  const rows = summary.tasks
    .map((/** @type {TurboTask} */ task) => ({
      task: task.taskId,
      cache: task.cache?.status === 'HIT' ? 'cached' : 'ran',
      ms: (task.execution?.endTime ?? 0) - (task.execution?.startTime ?? 0),
      exitCode: task.execution?.exitCode,
    }))
    .sort((a, b) => b.ms - a.ms);
  const width = Math.max(...rows.map((row) => row.task.length));
  console.log('\n== time per task (turbo; slowest first)');
  for (const row of rows) {
    const exit = row.exitCode === 0 || row.exitCode === undefined ? '' : `  exit ${row.exitCode}`;
    console.log(`${pad(row.task, width)}  ${pad(seconds(row.ms), 9)} ${row.cache}${exit}`);
  }
}

function vitestReports() {
  /** @type {string[]} */
  const dirs = [];
  for (const group of ['apps', 'packages']) {
    const dir = join(root, group);
    if (existsSync(dir)) for (const name of readdirSync(dir)) dirs.push(join(dir, name));
  }
  dirs.push(join(root, 'infra'), join(root, 'infra', 'policy'));
  return dirs
    .map((dir) => join(dir, 'test-artifacts', 'vitest-results.json'))
    .filter((file) => existsSync(file) && statSync(file).mtimeMs >= sinceMs)
    .map((file) => ({ file, report: JSON.parse(readFileSync(file, 'utf8')) }));
}

/** @param {{ file: string, report: { testResults?: VitestFile[] } }[]} reports */
function printSlowestTests(reports) {
  if (reports.length === 0) {
    console.log('test-report: no vitest report from this run (every test task was a cache hit?)');
    return;
  }
  /** @type {{ where: string, name: string, ms: number, status: string }[]} */
  const tests = [];
  for (const { file, report } of reports) {
    const pkg = relative(root, dirname(dirname(file)));
    for (const suite of report.testResults ?? []) {
      for (const test of suite.assertionResults ?? []) {
        tests.push({
          where: `${pkg}: ${relative(join(root, pkg), suite.name)}`,
          name: test.fullName ?? test.title,
          ms: test.duration ?? 0,
          status: test.status,
        });
      }
    }
  }
  tests.sort((a, b) => b.ms - a.ms);
  console.log(`\n== the ${top} slowest tests of this run`);
  for (const test of tests.slice(0, top)) {
    console.log(
      `${pad(seconds(test.ms), 9)} ${test.where} > ${test.name}${test.status === 'passed' ? '' : ` (${test.status})`}`,
    );
  }
}

printTasks(latestRunSummary());
printSlowestTests(vitestReports());
