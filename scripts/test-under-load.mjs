#!/usr/bin/env node
// Runs the README's test command while every core is kept busy, to prove that no test depends on how
// fast the machine is (CI runs on a 2-core machine that may be loaded).
//
//   node scripts/test-under-load.mjs [--runs N] [--busy-per-core N] [--max-minutes M] [-- extra turbo args]
//
// Each run is `npm test -- --force --summarize` (forced: a cached run would prove nothing), with one busy
// loop per core (or --busy-per-core of them) started before and stopped after; a busy loop also ends by
// itself after --max-minutes, so nothing outlives the script. Prints each run's time and result and the
// per-task and slowest-test report; exits 1 if any run failed.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const argv = process.argv.slice(2);
const separator = argv.indexOf('--');
const own = separator === -1 ? argv : argv.slice(0, separator);
const extra = separator === -1 ? [] : argv.slice(separator + 1);
/** @param {string} name @param {number} fallback */
function option(name, fallback) {
  const index = own.lastIndexOf(name);
  if (index === -1) return fallback;
  const value = Number(own[index + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`test-under-load: ${name} needs a positive number, got "${own[index + 1]}"`);
    process.exit(2);
  }
  return value;
}
const runs = option('--runs', 3);
const busyPerCore = option('--busy-per-core', 1);
const maxMinutes = option('--max-minutes', 60);

function startBusyLoops() {
  const count = Math.round(availableParallelism() * busyPerCore);
  const untilMs = Date.now() + maxMinutes * 60_000;
  return Array.from({ length: count }, () =>
    spawn(
      process.execPath,
      ['-e', `const end = ${untilMs}; let x = 0; while (Date.now() < end) x = (x * 31 + 7) % 1e9;`],
      {
        stdio: 'ignore',
      },
    ),
  );
}

/** @returns {Promise<number>} */
function runTests() {
  return new Promise((resolve) => {
    const child = spawn('npm', ['test', '--', '--force', '--summarize', ...extra], {
      cwd: root,
      stdio: 'inherit',
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** @param {number} sinceMs @returns {Promise<void>} */
function report(sinceMs) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [join(root, 'scripts', 'test-report.mjs'), '--since', String(sinceMs)],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
    child.on('exit', () => resolve(undefined));
  });
}

const results = [];
for (let run = 1; run <= runs; run++) {
  const loops = startBusyLoops();
  console.log(
    `\n== test-under-load: run ${run} of ${runs}, ${loops.length} busy loops on ${availableParallelism()} cores`,
  );
  const startMs = Date.now();
  const code = await runTests();
  const elapsedS = (Date.now() - startMs) / 1000;
  for (const loop of loops) loop.kill('SIGKILL');
  results.push({ run, code, elapsedS });
  await report(startMs);
  console.log(
    `== test-under-load: run ${run}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${elapsedS.toFixed(0)} s`,
  );
}
console.log('\n== test-under-load: summary');
for (const { run, code, elapsedS } of results) {
  console.log(`run ${run}: ${code === 0 ? 'passed' : `failed (exit ${code})`}, ${elapsedS.toFixed(0)} s`);
}
process.exit(results.every((result) => result.code === 0) ? 0 : 1);
