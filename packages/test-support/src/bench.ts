// Shared by the workspace's benchmarks: timing with a warm-up, the printed table, and bench/results.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BENCH_RESULTS_PATH = join(repoRoot, 'bench', 'results.json');

export interface MeasurePlan {
  /** Untimed runs first (at least 1), so the JIT has compiled the hot paths. */
  warmupRuns: number;
  minRuns: number;
  maxRuns: number;
  /** Stop adding runs after this much timed work (once minRuns are done). */
  budgetMs: number;
}

export interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
  warmupRuns: number;
  /**
   * Median CPU time of the process per run (process.cpuUsage, user + system), ms: next to the wall-clock
   * median it tells the code's time from the time the host took away (a shared VM's steal and preemption).
   */
  cpuMedianMs: number;
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function median(sortedOrNot: readonly number[]): number {
  const samples = [...sortedOrNot].sort((a, b) => a - b);
  const middle = samples.length >> 1;
  return samples.length % 2 === 1 ? samples[middle]! : (samples[middle - 1]! + samples[middle]!) / 2;
}

/**
 * Times `run` after `plan.warmupRuns` untimed calls. Every call's result is compared with the first, which
 * keeps the work observable (it cannot be optimised away) and catches a benchmark measuring a broken run.
 */
export function measure(name: string, plan: MeasurePlan, run: () => number): Timing {
  const expected = run();
  const check = (value: number) => {
    if (value !== expected) throw new Error(`${name}: a run returned ${value}, the first ${expected}`);
  };
  for (let i = 1; i < plan.warmupRuns; i++) check(run());
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  let spentMs = 0;
  while (samples.length < plan.maxRuns && (samples.length < plan.minRuns || spentMs < plan.budgetMs)) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const value = run();
    const elapsedMs = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    check(value);
    samples.push(elapsedMs);
    cpuSamples.push((cpu.user + cpu.system) / 1000);
    spentMs += elapsedMs;
  }
  samples.sort((a, b) => a - b);
  return {
    medianMs: round(median(samples), 3),
    minMs: round(samples[0]!, 3),
    maxMs: round(samples[samples.length - 1]!, 3),
    runs: samples.length,
    warmupRuns: plan.warmupRuns,
    cpuMedianMs: round(median(cpuSamples), 3),
  };
}

export const verdict = (value: number, target: number, atMost = true) =>
  (atMost ? value <= target : value >= target) ? 'PASS' : 'MISS';

/** Prints a table with numeric columns right-aligned, headed by the package and the machine. */
export function printTable(
  title: string,
  header: string[],
  rows: string[][],
  numericColumns: number[],
): void {
  const table = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...table.map((cells) => (cells[c] ?? '').length)));
  const numeric = new Set(numericColumns);
  const format = (cells: string[]) =>
    cells
      .map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  console.log(`${title}: Node ${process.version}, ${machineCpu()}`);
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const cells of rows) console.log(format(cells));
}

export function machineCpu(): string {
  return `${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}`;
}

/**
 * Merges one package's figures into bench/results.json under `key` (read-modify-write: the other
 * packages' benchmarks keep their keys).
 */
export function writeBenchResults(key: string, benchmarks: Record<string, unknown>): void {
  let results: Record<string, unknown> = {};
  if (existsSync(BENCH_RESULTS_PATH)) {
    try {
      const existing: unknown = JSON.parse(readFileSync(BENCH_RESULTS_PATH, 'utf8'));
      if (existing !== null && typeof existing === 'object' && !Array.isArray(existing)) {
        results = existing as Record<string, unknown>;
      } else {
        console.warn(`${BENCH_RESULTS_PATH} does not hold a JSON object; replacing it`);
      }
    } catch (error) {
      console.warn(`${BENCH_RESULTS_PATH} is not valid JSON (${(error as Error).message}); replacing it`);
    }
  }
  results[key] = { date: new Date().toISOString(), node: process.version, cpu: machineCpu(), benchmarks };
  mkdirSync(dirname(BENCH_RESULTS_PATH), { recursive: true });
  writeFileSync(BENCH_RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${BENCH_RESULTS_PATH} (key "${key}")`);
}

/** A timing's median, min, max and run count as table cells. */
export function timingCells(timing: Timing): string[] {
  return [timing.medianMs.toFixed(3), timing.minMs.toFixed(3), timing.maxMs.toFixed(3), String(timing.runs)];
}
