// Telemetry at scale (issue 13): 100 meters reporting once a minute for 31 days (4,464,000 readings) in the
// SQLite store, then against the real server process on loopback:
//   1. GET /v1/status under 20 concurrent clients (autocannon): p50/p99 latency, and the server's peak RSS
//      (VmHWM from /proc) over start, first compute, the run and the queries below;
//   2. GET /v1/telemetry over the whole 31 days at a 1-hour step (744 buckets from 74,400 meter-hour
//      rollups), sequential requests: median and max wall time;
//   3. ingest in batches of 500 (100 meters x 5 minutes) against bare better-sqlite3 writing the same rows
//      (readings, meter-hour, meter-day and site-hour rollups, meter states, the count; all computed before
//      its clock starts, and checked equal to the store's table by table) into the same schema with the same
//      pragmas, one transaction per batch (bench/bare-ingest.ts): (a) the SQLite store as POST /v1/telemetry
//      calls it, in this process, alternating batch by batch with bare; (b) POST /v1/telemetry on the server
//      process from INGEST_CLIENTS (4) concurrent clients, as meters post concurrently, against a bare run
//      after it (bare stays one sequential better-sqlite3 writer).
// Targets (issue 13): status p99 <= 20 ms, peak RSS <= 300 MB, month query <= 100 ms, ingest >= 0.8x bare.
// Reported, never enforced. Merges its figures into <repo>/bench/results.json under "status-telemetry".
//
//   pnpm --filter @karst/status bench:telemetry
//   KARST_BENCH_DAYS=2 KARST_BENCH_DURATION_S=2 for a quick look (the figures are then not the benchmark's).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { median, printTable, round, verdict, writeBenchResults } from '@karst/test-support';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { FAILURE_TOKEN, startServer } from '../src/failure/server-process.test-util.js';
import { createSqliteStore } from '../src/store/sqlite-store.js';
import { DEFAULT_POLICY } from '../src/store/telemetry-store.js';
import type { Reading } from '../src/telemetry/reading.js';
import { bareRows, openBare } from './bare-ingest.js';
import { INGEST_CLIENTS, postBatches } from './post-batches.js';

const METERS = 100;
const DAYS = Number(process.env.KARST_BENCH_DAYS ?? 31);
const DURATION_S = Number(process.env.KARST_BENCH_DURATION_S ?? 10);
const CONNECTIONS = 20;
const MONTH_QUERY_RUNS = 15;
const INGEST_BATCHES = 60;
const INGEST_RUNS = 5;
const MINUTE_MS = 60_000;
const TARGETS = { statusP99Ms: 20, peakRssMb: 300, monthQueryMs: 100, ingestRatio: 0.8 };

const work = mkdtempSync(join(tmpdir(), 'karst-telemetry-bench-'));
const meterIds = Array.from({ length: METERS }, (_, i) => `rack-row-${String(i).padStart(3, '0')}`);

/** Meter i at minute n: about 36 kW facility and 30 kW IT, varying a little; site about 3,600 kW. */
function readingAt(meter: number, timestampMs: number): Reading {
  const n = Math.floor(timestampMs / MINUTE_MS);
  return {
    source: meterIds[meter]!,
    timestampMs,
    facilityPowerKw: 36 + ((n + meter) % 10) / 10,
    itPowerKw: 30 + ((n + 3 * meter) % 7) / 10,
  };
}

function peakRssMb(pid: number | undefined): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? null : round(Number(kb) / 1024, 1);
  } catch {
    return null;
  }
}

// --- Generate a month through the store's own insert (rollups and meter states kept at write) --------------

const endMs = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
const startMs = endMs - DAYS * 86_400_000 + MINUTE_MS;
const minutes = DAYS * 1440;
const dataPath = join(work, 'month', 'karst.sqlite');
console.log(
  `generating ${METERS} meters x ${minutes} minutes = ${(METERS * minutes).toLocaleString('en-US')} readings`,
);
const generateStarted = performance.now();
{
  const store = await createSqliteStore({ path: dataPath });
  // One batch per hour of the month: 100 meters x 60 readings.
  for (let hour = 0; hour < minutes / 60; hour++) {
    const batch: Reading[] = [];
    for (let meter = 0; meter < METERS; meter++) {
      for (let m = 0; m < 60; m++) batch.push(readingAt(meter, startMs + (hour * 60 + m) * MINUTE_MS));
    }
    await store.insert(batch, DEFAULT_POLICY);
  }
  const stored = await store.count();
  if (stored !== METERS * minutes) throw new Error(`stored ${stored}, expected ${METERS * minutes}`);
  await store.close();
}
const generateS = (performance.now() - generateStarted) / 1000;
console.log(
  `generated in ${generateS.toFixed(1)} s (${Math.round((METERS * minutes) / generateS)} readings/s)`,
);

// --- 1. and 2. The server over the month ---------------------------------------------------------------------

const server = await startServer({ dataPath, token: FAILURE_TOKEN, startTimeoutMs: 120_000 });
const results: Record<string, unknown> = {};
const rows: string[][] = [];
try {
  const rssAtStartMb = peakRssMb(server.child.pid);
  const firstStarted = performance.now();
  const first = await fetch(`${server.url}/v1/status`);
  const firstStatus = (await first.json()) as {
    live: { readingsStored: number; liveFacilityPowerKw: number };
  };
  const firstComputeMs = round(performance.now() - firstStarted, 1);
  if (firstStatus.live.readingsStored !== METERS * minutes) throw new Error('status does not see the month');

  // Warm-up, then the measured run. The live figures' 5 s cache expires during it: recomputes run behind it.
  await autocannon({ url: `${server.url}/v1/status`, connections: CONNECTIONS, duration: 1 });
  const run = await autocannon({
    url: `${server.url}/v1/status`,
    connections: CONNECTIONS,
    duration: DURATION_S,
  });
  if (run.errors > 0 || run.timeouts > 0 || run.non2xx > 0)
    throw new Error(`status run: ${run.errors} errors, ${run.timeouts} timeouts, ${run.non2xx} non-2xx`);

  const from = new Date(startMs).toISOString();
  const to = new Date(endMs + MINUTE_MS).toISOString();
  const monthUrl = `${server.url}/v1/telemetry?from=${from}&to=${to}&step=3600`;
  const times: number[] = [];
  let buckets = 0;
  for (let i = 0; i < MONTH_QUERY_RUNS + 2; i++) {
    const started = performance.now();
    const response = await fetch(monthUrl);
    const body = (await response.json()) as { buckets: unknown[]; readings: number };
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`month query: ${response.status}`);
    buckets = body.buckets.length;
    if (i >= 2) times.push(ms);
  }
  const rssPeakMb = peakRssMb(server.child.pid);
  const monthMedianMs = round(median(times), 1);
  const monthMaxMs = round(Math.max(...times), 1);
  results.status = {
    description: `GET /v1/status, autocannon ${CONNECTIONS} connections, ${DURATION_S} s after 1 s warm-up, loopback, real server (src/server.ts) on the SQLite file`,
    readingsStored: METERS * minutes,
    meters: METERS,
    days: DAYS,
    requestsPerS: Math.round(run.requests.total / run.duration),
    p50Ms: run.latency.p50,
    p99Ms: run.latency.p99,
    maxMs: run.latency.max,
    firstComputeMs,
    targetP99Ms: TARGETS.statusP99Ms,
    pass: run.latency.p99 <= TARGETS.statusP99Ms,
  };
  results.peakRss = {
    description:
      'server VmHWM (peak resident set) from /proc after start, first compute, the status run and the month queries',
    atStartMb: rssAtStartMb,
    peakMb: rssPeakMb,
    targetMb: TARGETS.peakRssMb,
    pass: rssPeakMb !== null && rssPeakMb <= TARGETS.peakRssMb,
  };
  results.monthQuery = {
    description: `GET /v1/telemetry over the ${DAYS} days at step=3600 (${buckets} buckets), ${MONTH_QUERY_RUNS} sequential requests after 2 untimed`,
    medianMs: monthMedianMs,
    maxMs: monthMaxMs,
    targetMs: TARGETS.monthQueryMs,
    pass: monthMedianMs <= TARGETS.monthQueryMs,
  };
  rows.push([
    'GET /v1/status p50 / p99, ms',
    `${run.latency.p50} / ${run.latency.p99}`,
    `<= ${TARGETS.statusP99Ms}`,
    verdict(run.latency.p99, TARGETS.statusP99Ms),
  ]);
  rows.push([
    '  requests/s; first status (compute), ms',
    `${Math.round(run.requests.total / run.duration)}; ${firstComputeMs}`,
    '',
    '',
  ]);
  rows.push([
    'server peak RSS, MB',
    String(rssPeakMb),
    `<= ${TARGETS.peakRssMb}`,
    rssPeakMb === null ? 'n/a' : verdict(rssPeakMb, TARGETS.peakRssMb),
  ]);
  rows.push([
    `GET /v1/telemetry ${DAYS} d at 1 h, median / max ms`,
    `${monthMedianMs} / ${monthMaxMs}`,
    `<= ${TARGETS.monthQueryMs}`,
    verdict(monthMedianMs, TARGETS.monthQueryMs),
  ]);
} finally {
  await server.stop();
}

// --- 3. Ingest in batches of 500 against bare better-sqlite3 --------------------------------------------------

/** Batch b: 100 meters x 5 consecutive minutes, after `baseMs`. */
function ingestBatches(baseMs: number, count: number): Reading[][] {
  return Array.from({ length: count }, (_, b) => {
    const batch: Reading[] = [];
    for (let m = 0; m < 5; m++) {
      for (let meter = 0; meter < METERS; meter++)
        batch.push(readingAt(meter, baseMs + (b * 5 + m) * MINUTE_MS));
    }
    return batch;
  });
}

function toBody(batch: readonly Reading[]): string {
  return JSON.stringify({
    readings: batch.map((r) => ({
      source: r.source,
      timestamp: new Date(r.timestampMs).toISOString(),
      facilityPowerKw: r.facilityPowerKw,
      itPowerKw: r.itPowerKw,
    })),
  });
}

/** POST /v1/telemetry of `batches` (in time order per meter) from INGEST_CLIENTS concurrent clients. */
function ingestHttp(url: string, batches: readonly Reading[][]): Promise<number> {
  return postBatches(
    url,
    FAILURE_TOKEN,
    batches.map((batch) => Buffer.from(toBody(batch))),
  );
}

const TABLES = ['readings', 'rollup_hour', 'rollup_day', 'rollup_site_hour', 'meter_state', 'counters'];
/** The tables of `a` whose rows differ from `b`'s (every value compared exactly). */
function differingTables(a: string, b: string): string[] {
  const [x, y] = [new Database(a, { readonly: true }), new Database(b, { readonly: true })];
  try {
    return TABLES.filter((table) => {
      const query = `SELECT * FROM ${table} ORDER BY ${table === 'counters' ? 'name' : '1, 2'}`;
      return !isDeepStrictEqual(x.prepare(query).all(), y.prepare(query).all());
    });
  } finally {
    x.close();
    y.close();
  }
}

const ingestServer = await startServer({
  dataPath: join(work, 'ingest', 'karst.sqlite'),
  token: FAILURE_TOKEN,
});
const storePath = join(work, 'ingest-store', 'karst.sqlite');
const store = await createSqliteStore({ path: storePath });
const bareHttpPath = join(work, 'ingest-bare', 'bare.sqlite');
const bareStorePath = join(work, 'ingest-bare-store', 'bare.sqlite');
const bareHttp = openBare(bareHttpPath);
const bareStore = openBare(bareStorePath);
const bareOnly = openBare(join(work, 'ingest-bare-readings', 'bare.sqlite'));
try {
  const ingestBase = Date.now() - 30 * 86_400_000;
  // Milliseconds per run for each writer.
  const times = {
    http: [] as number[],
    bareHttp: [] as number[],
    store: [] as number[],
    bareStore: [] as number[],
  };
  const bareOnlyTimes: number[] = [];
  const previous = { states: new Map(), hours: new Map() };
  // The server's policy for a meter outside the registry: power held for KARST_STALE_AFTER_S (900 s).
  const serverPolicy = () => ({ holdMs: 900_000 });
  for (let run = -1; run < INGEST_RUNS; run++) {
    // Run -1 is the warm-up. Each run continues in time after the last, as meters report.
    const batches = ingestBatches(ingestBase + (run + 1) * INGEST_BATCHES * 5 * MINUTE_MS, INGEST_BATCHES);
    const prepared = bareRows(batches, previous);
    // (a) The HTTP route on the server process, then the bare writer, one after the other.
    const httpMs = await ingestHttp(ingestServer.url, batches);
    let started = performance.now();
    for (const b of prepared) bareHttp.all(b);
    const bareHttpMs = performance.now() - started;
    // (b) The store as the route calls it, batch by batch alternating with the bare writer, so that a
    // busy machine slows both alike.
    let [storeMs, bareStoreMs] = [0, 0];
    for (let b = 0; b < batches.length; b++) {
      started = performance.now();
      await store.insert(batches[b]!, serverPolicy);
      storeMs += performance.now() - started;
      started = performance.now();
      bareStore.all(prepared[b]!);
      bareStoreMs += performance.now() - started;
    }
    started = performance.now();
    for (const b of prepared) bareOnly.readingsOnly(b.readings);
    const bareOnlyMs = performance.now() - started;
    if (run < 0) continue;
    times.http.push(httpMs);
    times.bareHttp.push(bareHttpMs);
    times.store.push(storeMs);
    times.bareStore.push(bareStoreMs);
    bareOnlyTimes.push(bareOnlyMs);
  }
  // Rates over all measured runs (readings / total time): each ratio compares the same readings written
  // in interleaved time by both sides, rather than medians of runs that were not side by side.
  const readingsMeasured = INGEST_RUNS * INGEST_BATCHES * 500;
  const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0);
  const rate = (values: number[]) => Math.round(readingsMeasured / (total(values) / 1000));
  const rates = {
    http: rate(times.http),
    bareHttp: rate(times.bareHttp),
    store: rate(times.store),
    bareStore: rate(times.bareStore),
    bareOnly: rate(bareOnlyTimes),
  };
  const perRunRatios = (ours: number[], bare: number[]) => ours.map((ms, i) => round(bare[i]! / ms, 2));
  const httpRatio = round(rates.http / rates.bareHttp, 2);
  const storeRatio = round(rates.store / rates.bareStore, 2);
  await store.close();
  bareStore.db.close();
  const differ = differingTables(storePath, bareStorePath);
  if (differ.length > 0)
    throw new Error(`the bare baseline wrote other rows than the store: ${differ.join(', ')}`);
  results.ingest = {
    description: `batches of 500 (100 meters x 5 min) into SQLite (WAL + synchronous=FULL, one transaction per batch) against bare better-sqlite3 (bench/bare-ingest.ts) writing the same rows (readings, meter-hour, meter-day and site-hour rollups, meter states, the count; checked equal table by table) into the same schema, all its rows computed before its clock starts. store: the SQLite store as POST /v1/telemetry calls it (insert with the server policy; planned in this thread, written by its writer thread), in the benchmark process, one insert at a time alternating batch by batch with bare; http: POST /v1/telemetry on the server process (token, zod validation, registry checks, then the same store), from ${INGEST_CLIENTS} concurrent clients (keep-alive node:http, bench/post-batches.ts), each run followed by a bare run; bare is one sequential better-sqlite3 writer. Rates are readings over the total time of all measured runs; bareReadingsOnly inserts the readings alone`,
    batchSize: 500,
    httpClients: INGEST_CLIENTS,
    batchesPerRun: INGEST_BATCHES,
    runs: INGEST_RUNS,
    sameRowsAsBare: true,
    storeReadingsPerS: rates.store,
    bareBesideStoreReadingsPerS: rates.bareStore,
    storeRatio,
    storeRatioPerRun: perRunRatios(times.store, times.bareStore),
    httpReadingsPerS: rates.http,
    bareSqliteReadingsPerS: rates.bareHttp,
    httpRatio,
    httpRatioPerRun: perRunRatios(times.http, times.bareHttp),
    bareReadingsOnlyPerS: rates.bareOnly,
    httpRatioToReadingsOnly: round(rates.http / rates.bareOnly, 2),
    targetRatio: TARGETS.ingestRatio,
    storePass: storeRatio >= TARGETS.ingestRatio,
    httpPass: httpRatio >= TARGETS.ingestRatio,
  };
  rows.push([
    'store.insert as the route calls it, batch 500, one at a time, readings/s',
    String(rates.store),
    '',
    '',
  ]);
  rows.push([
    '  bare better-sqlite3, same rows and schema (alternating)',
    String(rates.bareStore),
    `ratio ${storeRatio.toFixed(2)} >= ${TARGETS.ingestRatio}`,
    verdict(storeRatio, TARGETS.ingestRatio, false),
  ]);
  rows.push(['  ratio per run', perRunRatios(times.store, times.bareStore).join(' '), '', '']);
  rows.push([
    `POST /v1/telemetry (server process) batch 500, ${INGEST_CLIENTS} clients, readings/s`,
    String(rates.http),
    '',
    '',
  ]);
  rows.push([
    '  bare better-sqlite3, same rows and schema, sequential',
    String(rates.bareHttp),
    `ratio ${httpRatio.toFixed(2)} >= ${TARGETS.ingestRatio}`,
    verdict(httpRatio, TARGETS.ingestRatio, false),
  ]);
  rows.push(['  ratio per run', perRunRatios(times.http, times.bareHttp).join(' '), '', '']);
  rows.push([
    '  bare, readings rows only',
    String(rates.bareOnly),
    `ratio ${round(rates.http / rates.bareOnly, 2).toFixed(2)}`,
    '',
  ]);
} finally {
  await store.close();
  bareHttp.db.close();
  if (bareStore.db.open) bareStore.db.close();
  bareOnly.db.close();
  await ingestServer.stop();
  rmSync(work, { recursive: true, force: true });
}

results.generate = {
  readings: METERS * minutes,
  seconds: round(generateS, 1),
  via: "the store's insert, one batch per hour of 6,000 readings",
};
printTable('@karst/status telemetry at scale', ['benchmark', 'Karst', 'target', ''], rows, [1]);
console.log(
  `${METERS} meters x 1 reading/min x ${DAYS} days = ${(METERS * minutes).toLocaleString('en-US')} readings stored (generated in ${generateS.toFixed(0)} s).`,
);
console.log('Targets are reported, never enforced.');
writeBenchResults('status-telemetry', results);
