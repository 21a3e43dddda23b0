// Benchmarks of @karst/status, each against a baseline from the same run:
//   1. HTTP throughput and latency (autocannon in its own process, loopback) of GET /v1/status, /livez and
//      /metrics on the real server process, against a bare node:http process replaying Karst's raw responses
//      (same header lines, same body); servers on one core, the load generator on the other;
//   2. telemetry ingest through POST /v1/telemetry into SQLite (batches of 1 and 500), against bare
//      better-sqlite3 inserts of the same rows with the same schema and pragmas, one transaction per batch;
//   3. the Lambda bundle: its size, and a fresh process loading it and answering one /v1/status event
//      (against dynalite on loopback), against a fresh `node -e ""`.
// Prints a table and merges its figures into <repo>/bench/results.json under "status". Benchmarks report;
// they never fail the process for a missed target.
//
//   pnpm --filter @karst/status bench   (node --conditions=karst-source --import tsx bench/run.ts)
//   KARST_BENCH_DURATION_S=1 KARST_BENCH_RUNS=1 for a quick look (the figures are then not the benchmark's);
//   KARST_BENCH_ONLY=http for the HTTP section alone (results.json is then left as it is);
//   KARST_BENCH_HTTP_ROUNDS (default 15, half for /livez and /metrics) rounds per path; KARST_BENCH_HTTP_PATHS=/v1/status,/livez for some
//   paths only; KARST_BENCH_PIN=0 to leave processes unpinned.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { median, round, writeBenchResults } from '@karst/test-support';
import Database from 'better-sqlite3';
import { APP_DIR, FAILURE_TOKEN, startServer } from '../src/failure/server-process.test-util.js';
import { lambdaEnvironment, writeStatusInvokeScript } from '../src/lambda-invoke.test-util.js';
import { startDynalite } from '../src/store/dynalite-harness.js';
import { SQLITE_SCHEMA_V2 } from '../src/store/sqlite-store.js';

/** Target from the issue: Karst's requests/s on /v1/status at least this share of bare node:http's. */
const STATUS_RATIO_TARGET = 0.9;
/** KARST_BENCH_ONLY=http: only section 1 (a quick look at the /v1/status ratio while working on it). */
const HTTP_ONLY = process.env.KARST_BENCH_ONLY === 'http';
const DURATION_S = Number(process.env.KARST_BENCH_DURATION_S ?? 2);
const RUNS = Number(process.env.KARST_BENCH_RUNS ?? 3);
const CONNECTIONS = Number(process.env.KARST_BENCH_CONNECTIONS ?? 10);
const WARMUP_S = 5;
const INGEST_CONCURRENCY = 4;
const INGEST_PLANS = [
  { batchSize: 1, requests: 2000, warmupRequests: 200 },
  { batchSize: 500, requests: 100, warmupRequests: 10 },
] as const;
const COLD_RUNS = 5;

const work = mkdtempSync(join(tmpdir(), 'karst-status-bench-'));

interface Row {
  name: string;
  karst: string;
  baseline: string;
  ratio: string;
  target: string;
}
const rows: Row[] = [];
const notes: string[] = [];
const benchmarks: Record<string, unknown> = {};

// --- 1. HTTP throughput and latency -------------------------------------------------------------------

const ALL_PATHS = ['/v1/status', '/livez', '/metrics'] as const;
/** KARST_BENCH_HTTP_PATHS=/v1/status,/livez: only those paths (a quick look while working on one). */
const PATHS = ALL_PATHS.filter(
  (path) =>
    process.env.KARST_BENCH_HTTP_PATHS === undefined ||
    process.env.KARST_BENCH_HTTP_PATHS.split(',').includes(path),
);
/** Rounds per path; each round runs every server once, in alternating order (ABBA...), after the warm-up. */
const HTTP_ROUNDS = Number(process.env.KARST_BENCH_HTTP_ROUNDS ?? 15);
/** /livez and /metrics (no target): fewer rounds. */
const OTHER_ROUNDS = Math.max(1, Math.round(HTTP_ROUNDS / 2));
const PIPELINING = 1;
/**
 * On Linux with two cores or more, every server's event loop runs on core 0 and the load generator
 * (autocannon in a process of its own) on core 1, so the two never take CPU from each other; KARST_BENCH_PIN=0 turns it off.
 */
const PIN = process.env.KARST_BENCH_PIN !== '0' && cpus().length >= 2 && existsSync('/usr/bin/taskset');
/** A round is uncontended when each server's event loop waited for a core at most this share of its CPU time. */
const CLEAN_WAIT_SHARE = 0.25;
const SERVER_CPU = '0';
const LOAD_CPU = '1';

/**
 * Moves a running server's main thread (the event loop, which answers every request) onto one core. Its
 * helper threads, already started (V8's GC and compiler workers), keep both cores, as they would in a
 * deployment: pinned beside the event loop, a larger heap's parallel GC work would queue behind it and
 * penalize the process with more of it, which is not what a deployment sees.
 */
function pinProcess(pid: number | undefined, cpu: string): void {
  if (!PIN || pid === undefined) return;
  execFileSync('taskset', ['-c', '-p', cpu, String(pid)], { stdio: 'ignore' });
}

/** One HTTP/1.1 response as it came off the socket: header lines in order, body bytes. */
interface RawResponse {
  statusLine: string;
  headers: [string, string][];
  body: Buffer;
}

/**
 * GET `path` over a raw socket with exactly the request autocannon sends (Host and Connection: keep-alive
 * only), returning the bytes the server wrote: what the load generator receives, header order included.
 */
function rawGet(url: string, path: string): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine = '', ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
      const headers = lines.map((line): [string, string] => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon), line.slice(colon + 1).trim()];
      });
      const length = Number(headers.find(([name]) => name.toLowerCase() === 'content-length')?.[1]);
      if (!Number.isFinite(length)) {
        socket.destroy();
        reject(new Error(`GET ${path}: no content-length`));
      } else if (data.length >= end + 4 + length) {
        socket.destroy();
        resolve({ statusLine, headers, body: data.subarray(end + 4, end + 4 + length) });
      }
    });
    socket.on('error', reject);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: keep-alive\r\n\r\n`);
  });
}

/** Header values that differ between any two responses of one server: masked before comparing. */
const PER_RESPONSE_HEADERS = new Set(['date', 'x-request-id']);

/**
 * How a server's raw response compares with Karst's: identical header lines (names, order and values, but
 * the date and request id) and body bytes, or what differs.
 */
function compareRaw(karst: RawResponse, other: RawResponse, mask: (body: string) => string): string {
  const lines = (r: RawResponse) => [
    r.statusLine,
    ...r.headers.map(([name, value]) =>
      PER_RESPONSE_HEADERS.has(name.toLowerCase()) ? `${name}: *` : `${name}: ${value}`,
    ),
  ];
  const [a, b] = [lines(karst), lines(other)];
  const differences: string[] = [];
  if (a.join('\n') !== b.join('\n')) {
    const sorted = (lines: string[]) => [...lines].sort().join('\n');
    if (sorted(a) === sorted(b)) differences.push(`the same ${a.length - 1} header lines in another order`);
    else {
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        if (a[i] !== b[i]) differences.push(`line ${i}: ${JSON.stringify(a[i])} vs ${JSON.stringify(b[i])}`);
      }
    }
  }
  if (!karst.body.equals(other.body)) {
    const masked = mask(karst.body.toString('utf8')) === mask(other.body.toString('utf8'));
    differences.push(
      masked
        ? `body: same length ${karst.body.length} vs ${other.body.length}, equal but for per-second fields`
        : `body: ${karst.body.length} vs ${other.body.length} B, different`,
    );
  }
  return differences.length === 0
    ? `identical (${a.length - 1} header lines in the same order, ${karst.body.length} body bytes; date and x-request-id values vary per response)`
    : differences.join('; ');
}

/**
 * A bare node:http server sending the bytes Karst sends: the recorded body and every recorded response
 * header, in Karst's order (security headers included), with a fresh request id as Karst makes one and
 * the same keep-alive timeout; node:http adds date, connection and keep-alive as it does for Karst.
 */
const BARE_SERVER = `
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
// Headers as an object in Karst's order; overriding x-request-id keeps its place (property order is insertion order).
const routes = new Map(
  Object.entries(JSON.parse(readFileSync(process.argv[2], 'utf8'))).map(([path, route]) => [
    path,
    { headers: Object.fromEntries(route.headers), body: Buffer.from(route.body, 'base64') },
  ]),
);
const server = createServer({ keepAliveTimeout: Number(process.argv[3]) }, (req, res) => {
  const route = routes.get(req.url);
  if (route === undefined) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { ...route.headers, 'x-request-id': randomUUID() });
  res.end(route.body);
});
server.keepAliveTimeout = Number(process.argv[3]);
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/**
 * A reference between the two, for /v1/status only: Hono on @hono/node-server (the versions Karst runs)
 * serving the recorded bytes and headers with no middleware, which splits the gap into adapter and Karst's own cost.
 */
const HONO_SERVER = `
import { readFileSync } from 'node:fs';
const { Hono } = await import(${JSON.stringify(import.meta.resolve('hono'))});
const { serve } = await import(${JSON.stringify(import.meta.resolve('@hono/node-server'))});
const routes = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const app = new Hono();
for (const [path, route] of Object.entries(routes)) {
  const body = Buffer.from(route.body, 'base64');
  app.get(path, (c) =>
    c.body(body, 200, Object.fromEntries(route.headers.map(([name, value]) => [name, name === 'x-request-id' ? crypto.randomUUID() : value]))),
  );
}
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
  console.log('listening ' + info.port),
);
server.keepAliveTimeout = Number(process.argv[3]);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/**
 * The load generator, a process of its own (on its own core when pinned): one autocannon run, printed as
 * JSON with the CPU time this process used during it.
 */
const LOAD_GENERATOR = `
const autocannon = (await import(${JSON.stringify(import.meta.resolve('autocannon'))})).default;
const [url, connections, durationS, pipelining] = process.argv.slice(2);
const before = process.cpuUsage();
const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(durationS),
  pipelining: Number(pipelining),
});
const cpu = process.cpuUsage(before);
console.log(JSON.stringify({
  total: result.requests.total,
  durationS: result.duration,
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  cpuS: (cpu.user + cpu.system) / 1e6,
}));
`;

/** Karst's keep-alive timeout (its default), given to the bare and Hono servers too. */
const KEEP_ALIVE_TIMEOUT_MS = 5000;

type ServerKind = 'karst' | 'bare' | 'hono';
interface Target {
  kind: ServerKind;
  url: string;
  pid: number | undefined;
}

async function startBareServer(
  routesFile: string,
  kind: 'bare' | 'hono',
): Promise<{ url: string; child: ChildProcess }> {
  const script = join(work, `${kind}-server.mjs`);
  writeFileSync(script, kind === 'bare' ? BARE_SERVER : HONO_SERVER);
  const child = spawn(process.execPath, [script, routesFile, String(KEEP_ALIVE_TIMEOUT_MS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`${kind} server exited ${code}`)));
  });
  pinProcess(child.pid, SERVER_CPU);
  return { url: `http://127.0.0.1:${port}`, child };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface HttpRun {
  requestsPerS: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time (user + system) the server process spent per request; null where /proc is not there. */
  serverCpuUsPerRequest: number | null;
  /** Share of one core the server used over the run (1 = its core was busy throughout). */
  serverBusy: number | null;
  /** Share of one core the load generator used over the run. */
  loadBusy: number;
  /**
   * Time the server's event loop waited, runnable, for a core, per request (other processes on the
   * machine, or its own helper threads, had it); null where /proc is not there.
   */
  serverWaitUsPerRequest: number | null;
  /** CPU time of the server's event-loop thread alone per request (the rest of its CPU is helper threads). */
  serverLoopCpuUsPerRequest: number | null;
}

/**
 * CPU seconds a process has used so far, from /proc (Linux): user + system of all its threads.
 */
function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return null;
  // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 per s).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Nanoseconds a process's main thread (its event loop) has run and has waited, runnable, for a core, from
 * /proc/<pid>/task/<pid>/schedstat (Linux); null elsewhere.
 */
function schedStat(pid: number | undefined): { runNs: number; waitNs: number } | null {
  const file = `/proc/${pid}/task/${pid}/schedstat`;
  if (pid === undefined || !existsSync(file)) return null;
  const [runNs, waitNs] = readFileSync(file, 'utf8').split(' ').map(Number);
  return { runNs: runNs!, waitNs: waitNs! };
}

const loadGeneratorScript = join(work, 'load-generator.mjs');
writeFileSync(loadGeneratorScript, LOAD_GENERATOR);

async function cannon(target: Target, path: string, durationS: number): Promise<HttpRun> {
  const url = `${target.url}${path}`;
  const args = [loadGeneratorScript, url, String(CONNECTIONS), String(durationS), String(PIPELINING)];
  const [command, argv] = PIN
    ? ['taskset', ['-c', LOAD_CPU, process.execPath, ...args]]
    : [process.execPath, args];
  const cpuBefore = cpuSeconds(target.pid);
  const schedBefore = schedStat(target.pid);
  const output = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`load generator exited ${code}`)),
    );
  });
  const cpuAfter = cpuSeconds(target.pid);
  const schedAfter = schedStat(target.pid);
  const result = JSON.parse(output.trim().split('\n').at(-1)!) as {
    total: number;
    durationS: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    p50Ms: number;
    p99Ms: number;
    cpuS: number;
  };
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
    throw new Error(
      `${url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx responses`,
    );
  }
  const serverCpuS = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  return {
    requestsPerS: result.total / result.durationS,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    serverCpuUsPerRequest: serverCpuS === null ? null : round((serverCpuS * 1e6) / result.total, 1),
    serverBusy: serverCpuS === null ? null : round(serverCpuS / result.durationS, 2),
    loadBusy: round(result.cpuS / result.durationS, 2),
    serverWaitUsPerRequest:
      schedBefore === null || schedAfter === null
        ? null
        : round((schedAfter.waitNs - schedBefore.waitNs) / 1000 / result.total, 1),
    serverLoopCpuUsPerRequest:
      schedBefore === null || schedAfter === null
        ? null
        : round((schedAfter.runNs - schedBefore.runNs) / 1000 / result.total, 1),
  };
}

function summarize(runs: readonly HttpRun[]) {
  const nullable = (pick: (run: HttpRun) => number | null) =>
    runs.some((run) => pick(run) === null) ? null : round(median(runs.map((run) => pick(run)!)), 2);
  return {
    requestsPerS: Math.round(median(runs.map((run) => run.requestsPerS))),
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
    serverCpuUsPerRequest: nullable((run) => run.serverCpuUsPerRequest),
    serverBusy: nullable((run) => run.serverBusy),
    loadBusy: round(median(runs.map((run) => run.loadBusy)), 2),
    serverWaitUsPerRequest: nullable((run) => run.serverWaitUsPerRequest),
    serverLoopCpuUsPerRequest: nullable((run) => run.serverLoopCpuUsPerRequest),
    runs: runs.map((run) => ({ ...run, requestsPerS: Math.round(run.requestsPerS) })),
  };
}

/** A sorted sample's quantile by linear interpolation between closest ranks. */
function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low]! + (sorted[Math.ceil(at)]! - sorted[low]!) * (at - low);
}

/** Median, quartiles and range of per-round ratios. */
function ratioStats(ratios: readonly number[]) {
  const sorted = [...ratios].sort((a, b) => a - b);
  return {
    median: round(median(ratios), 2),
    q1: round(quantile(sorted, 0.25), 2),
    q3: round(quantile(sorted, 0.75), 2),
    min: round(sorted[0]!, 2),
    max: round(sorted.at(-1)!, 2),
    rounds: ratios.map((ratio) => round(ratio, 3)),
  };
}
/** `0.93 (0.90-0.95; 0.80-1.02)`: the median, the middle half of the rounds, and the whole range. */
const ratioCell = (stats: ReturnType<typeof ratioStats>) =>
  `${stats.median.toFixed(2)} (${stats.q1.toFixed(2)}-${stats.q3.toFixed(2)}; ${stats.min.toFixed(2)}-${stats.max.toFixed(2)})`;

console.log(
  `@karst/status HTTP: ${CONNECTIONS} connections, pipelining ${PIPELINING}, ${HTTP_ROUNDS} rounds (/v1/status; ${OTHER_ROUNDS} for the others) x ${DURATION_S} s per server (order alternating), after ${WARMUP_S} s warm-up each; ${PIN ? `servers' event loops pinned to core ${SERVER_CPU}, load generator to core ${LOAD_CPU}` : 'not pinned'}`,
);
const karst = await startServer({ dataPath: join(work, 'http', 'karst.sqlite'), token: FAILURE_TOKEN });
pinProcess(karst.child.pid, SERVER_CPU);
let bare: { url: string; child: ChildProcess } | undefined;
let hono: { url: string; child: ChildProcess } | undefined;
try {
  // A day of readings up to now, so /v1/status carries a live state (latest reading, PUE, month to date).
  const now = Date.now();
  const day = Array.from({ length: 1440 }, (_, i) => ({
    source: 'meter-1',
    timestamp: new Date(now - (1440 - i) * 60_000).toISOString(),
    facilityPowerKw: 3600 + (i % 60),
    itPowerKw: 3000 + (i % 30),
    outdoorDryBulbC: 12 + (i % 10) / 2,
    outdoorDewPointC: 5,
  }));
  const seeded = await fetch(`${karst.url}/v1/telemetry`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${FAILURE_TOKEN}` },
    body: JSON.stringify({ readings: day }),
  });
  if (seeded.status !== 200) throw new Error(`seeding telemetry: ${seeded.status}`);

  // Karst's raw responses, recorded header line by header line: the bare server replays them.
  const recorded: Record<string, RawResponse> = {};
  const bareRoutes: Record<string, { headers: [string, string][]; body: string }> = {};
  for (const path of PATHS) {
    const response = await rawGet(karst.url, path);
    if (!response.statusLine.startsWith('HTTP/1.1 200'))
      throw new Error(`GET ${path}: ${response.statusLine}`);
    recorded[path] = response;
    bareRoutes[path] = {
      // node:http writes date, connection and keep-alive itself, for both servers alike.
      headers: response.headers.filter(
        ([name]) => !['date', 'connection', 'keep-alive'].includes(name.toLowerCase()),
      ),
      body: response.body.toString('base64'),
    };
  }
  const routesFile = join(work, 'routes.json');
  writeFileSync(routesFile, JSON.stringify(bareRoutes));
  bare = await startBareServer(routesFile, 'bare');
  hono = await startBareServer(routesFile, 'hono');

  // The status body carries the uptime, in seconds; /metrics carries counters of the requests so far.
  const masks: Record<string, (body: string) => string> = {
    '/v1/status': (body) => body.replace(/"uptimeS":\d+/, '"uptimeS":*'),
    '/livez': (body) => body,
    '/metrics': (body) => body.replace(/ [\d.e+-]+$/gm, ' *'),
  };
  const comparisons: Record<string, Record<string, string>> = {};
  for (const path of PATHS) {
    const karstNow = await rawGet(karst.url, path);
    const bareNow = await rawGet(bare.url, path);
    const honoNow = await rawGet(hono.url, path);
    comparisons[path] = {
      karstAgain: compareRaw(recorded[path]!, karstNow, masks[path]!),
      bare: compareRaw(recorded[path]!, bareNow, masks[path]!),
      hono: compareRaw(recorded[path]!, honoNow, masks[path]!),
    };
    console.log(`  raw GET ${path}: bare vs Karst ${comparisons[path]!.bare}`);
    if (path === '/v1/status')
      console.log(`  raw GET ${path}: Hono reference vs Karst ${comparisons[path]!.hono}`);
  }
  if (PIN)
    console.log(
      `  servers' CPU affinity: ${execFileSync('taskset', ['-c', '-p', String(karst.child.pid)])
        .toString()
        .trim()}`,
    );

  const targets: Record<ServerKind, Target> = {
    karst: { kind: 'karst', url: karst.url, pid: karst.child.pid },
    bare: { kind: 'bare', url: bare.url, pid: bare.child.pid },
    hono: { kind: 'hono', url: hono.url, pid: hono.child.pid },
  };
  const http: Record<string, unknown> = {};
  for (const path of PATHS) {
    const isStatus = path === '/v1/status';
    const kinds: ServerKind[] = isStatus ? ['karst', 'bare', 'hono'] : ['karst', 'bare'];
    for (const kind of kinds) await cannon(targets[kind], path, WARMUP_S);
    const runs: Record<ServerKind, HttpRun[]> = { karst: [], bare: [], hono: [] };
    // Interleaved, order reversed every round (K B H, H B K, ...), so drift in the machine (another
    // tenant) and any order effect fall on every server alike; ratios are taken within a round.
    for (let round = 0; round < (isStatus ? HTTP_ROUNDS : OTHER_ROUNDS); round++) {
      const order = round % 2 === 0 ? kinds : [...kinds].reverse();
      for (const kind of order) runs[kind].push(await cannon(targets[kind], path, DURATION_S));
    }
    const k = summarize(runs.karst);
    const b = summarize(runs.bare);
    const h = isStatus ? summarize(runs.hono) : undefined;
    const ratio = ratioStats(runs.karst.map((run, i) => run.requestsPerS / runs.bare[i]!.requestsPerS));
    // Rounds where neither server's event loop waited for a core more than a quarter of its CPU time: there
    // the servers, not the machine's other work, set the pace.
    const uncontended = (run: HttpRun) =>
      run.serverWaitUsPerRequest !== null &&
      run.serverCpuUsPerRequest !== null &&
      run.serverWaitUsPerRequest <= CLEAN_WAIT_SHARE * run.serverCpuUsPerRequest;
    const cleanRounds = runs.karst.flatMap((run, i) =>
      uncontended(run) && uncontended(runs.bare[i]!) ? [run.requestsPerS / runs.bare[i]!.requestsPerS] : [],
    );
    const clean = cleanRounds.length > 0 ? ratioStats(cleanRounds) : undefined;
    const pass = ratio.median >= STATUS_RATIO_TARGET;
    const bytes = recorded[path]!.body.length;
    rows.push({
      name: `GET ${path} (${bytes} B), req/s`,
      karst: String(k.requestsPerS),
      baseline: String(b.requestsPerS),
      ratio: ratioCell(ratio),
      target: isStatus ? `>= ${STATUS_RATIO_TARGET} ${pass ? 'PASS' : 'MISS'}` : '',
    });
    rows.push({
      name: '  latency p50 / p99, ms',
      karst: `${k.p50Ms} / ${k.p99Ms}`,
      baseline: `${b.p50Ms} / ${b.p99Ms}`,
      ratio: '',
      target: '',
    });
    const cpuRatio =
      k.serverCpuUsPerRequest !== null && b.serverCpuUsPerRequest !== null
        ? ratioStats(
            runs.karst.map((run, i) => runs.bare[i]!.serverCpuUsPerRequest! / run.serverCpuUsPerRequest!),
          )
        : undefined;
    if (cpuRatio !== undefined) {
      rows.push({
        name: '  server CPU per request, us (ratio: bare / Karst)',
        karst: k.serverCpuUsPerRequest!.toFixed(1),
        baseline: b.serverCpuUsPerRequest!.toFixed(1),
        ratio: ratioCell(cpuRatio),
        target: '',
      });
    }
    if (k.serverLoopCpuUsPerRequest !== null && b.serverLoopCpuUsPerRequest !== null) {
      const loopRatio = ratioStats(
        runs.karst.map((run, i) => runs.bare[i]!.serverLoopCpuUsPerRequest! / run.serverLoopCpuUsPerRequest!),
      );
      rows.push({
        name: '  of which the event-loop thread, us',
        karst: k.serverLoopCpuUsPerRequest.toFixed(1),
        baseline: b.serverLoopCpuUsPerRequest.toFixed(1),
        ratio: ratioCell(loopRatio),
        target: '',
      });
    }
    rows.push({
      name: `  rounds with both event loops uncontended: ${cleanRounds.length} of ${runs.karst.length}`,
      karst: '',
      baseline: '',
      ratio: clean === undefined ? '-' : ratioCell(clean),
      target: '',
    });
    if (k.serverWaitUsPerRequest !== null && b.serverWaitUsPerRequest !== null) {
      rows.push({
        name: '  event loop waiting for a core per request, us',
        karst: k.serverWaitUsPerRequest.toFixed(1),
        baseline: b.serverWaitUsPerRequest.toFixed(1),
        ratio: '',
        target: '',
      });
    }
    rows.push({
      name: '  core busy: server / load generator',
      karst: `${k.serverBusy ?? '?'} / ${k.loadBusy}`,
      baseline: `${b.serverBusy ?? '?'} / ${b.loadBusy}`,
      ratio: '',
      target: '',
    });
    if (h !== undefined) {
      const honoRatio = ratioStats(runs.hono.map((run, i) => run.requestsPerS / runs.bare[i]!.requestsPerS));
      rows.push({
        name: '  reference: Hono alone on the same adapter, req/s',
        karst: String(h.requestsPerS),
        baseline: String(b.requestsPerS),
        ratio: ratioCell(honoRatio),
        target: '',
      });
    }
    http[path] = {
      bodyBytes: bytes,
      rawComparison: comparisons[path],
      karst: k,
      bare: b,
      ratio,
      uncontendedRounds: {
        count: cleanRounds.length,
        of: runs.karst.length,
        ...(clean ? { ratio: clean } : {}),
      },
      ...(cpuRatio === undefined ? {} : { cpuPerRequestRatio: cpuRatio }),
      ...(h === undefined
        ? {}
        : {
            honoAlone: {
              description:
                'hono + @hono/node-server (the versions Karst uses) serving the same bytes, no middleware',
              ...h,
              ratioToBare: ratioStats(
                runs.hono.map((run, i) => run.requestsPerS / runs.bare[i]!.requestsPerS),
              ),
            },
          }),
      ...(isStatus
        ? { targetRatio: STATUS_RATIO_TARGET, pass, judgedOn: 'median of per-round req/s ratios' }
        : {}),
    };
  }
  benchmarks.http = {
    description:
      'autocannon (its own process) on loopback, GET, keep-alive; the Karst server (src/server.ts, SQLite, a day of readings) against a bare node:http process replaying the raw responses recorded from it; servers pinned to one core, the load generator to the other; per-round ratios of runs interleaved in alternating order',
    connections: CONNECTIONS,
    pipelining: PIPELINING,
    durationS: DURATION_S,
    rounds: { '/v1/status': HTTP_ROUNDS, others: OTHER_ROUNDS },
    warmupS: WARMUP_S,
    pinned: PIN,
    paths: http,
  };
  notes.push(
    `HTTP: ${CONNECTIONS} connections, pipelining ${PIPELINING}, ${HTTP_ROUNDS} rounds for /v1/status and ${OTHER_ROUNDS} for the others, x ${DURATION_S} s per server, order alternating, after ${WARMUP_S} s warm-up each; ${PIN ? `servers' event-loop threads on core ${SERVER_CPU} (their GC helpers on either), autocannon (a process of its own) on core ${LOAD_CPU}` : 'not pinned'}; req/s = completed / duration; ratio = median of the rounds' Karst / bare (in brackets the middle half of the rounds, q1-q3, and the whole range); bare replays Karst's raw responses (same header lines in the same order, same body, a fresh request id) with no routing, validation or metrics; core busy = CPU seconds / wall seconds of each process (a server below ~0.95 while its load generator is near 1.0 means the client was the limit); waiting for a core = the event-loop thread's run-queue time (/proc schedstat): where it exceeds the CPU per request, other work on the machine set the pace more than the server did; uncontended rounds: both servers' waits at most ${CLEAN_WAIT_SHARE} of their CPU per request, their ratios apart.`,
  );
} finally {
  if (bare) await stopChild(bare.child);
  if (hono) await stopChild(hono.child);
  await karst.stop();
}

if (!HTTP_ONLY) {
  // --- 2. Telemetry ingest -------------------------------------------------------------------------------

  interface ReadingBody {
    source: string;
    timestamp: string;
    facilityPowerKw: number;
    itPowerKw: number;
    outdoorDryBulbC: number;
    outdoorDewPointC: number;
  }

  /** Unique keys across every run: each run has its own source. */
  function batchesFor(source: string, batchSize: number, count: number): ReadingBody[][] {
    const base = Date.UTC(2026, 0, 1);
    return Array.from({ length: count }, (_, b) =>
      Array.from({ length: batchSize }, (_, i) => {
        const n = b * batchSize + i;
        return {
          source,
          timestamp: new Date(base + n * 1000).toISOString(),
          facilityPowerKw: 3600 + (n % 100),
          itPowerKw: 3000 + (n % 50),
          outdoorDryBulbC: 12,
          outdoorDewPointC: 5,
        };
      }),
    );
  }

  /** POSTs every batch, `INGEST_CONCURRENCY` in flight; bodies are serialized before the clock starts. */
  async function ingestHttp(url: string, batches: readonly ReadingBody[][]): Promise<number> {
    const bodies = batches.map((readings) => JSON.stringify({ readings }));
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const response = await fetch(`${url}/v1/telemetry`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${FAILURE_TOKEN}` },
          body,
        });
        const result = (await response.json()) as { inserted?: number; duplicates?: number };
        if (response.status !== 200 || result.duplicates !== 0) {
          throw new Error(`ingest: ${response.status} ${JSON.stringify(result)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: INGEST_CONCURRENCY }, worker));
    return performance.now() - started;
  }

  /** The baseline: the same rows straight into SQLite, the store's schema and pragmas, a transaction a batch. */
  function ingestBare(db: Database.Database, batches: readonly ReadingBody[][]): number {
    const insert = db.prepare(
      'INSERT INTO readings (source, timestamp_ms, facility_power_kw, it_power_kw, outdoor_dry_bulb_c, outdoor_dew_point_c, inlet_temperatures_c) VALUES (?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (source, timestamp_ms) DO NOTHING',
    );
    const rowsOf = batches.map((batch) =>
      batch.map((r) => [
        r.source,
        Date.parse(r.timestamp),
        r.facilityPowerKw,
        r.itPowerKw,
        r.outdoorDryBulbC,
        r.outdoorDewPointC,
      ]),
    );
    const insertBatch = db.transaction((batch: unknown[][]) => {
      for (const row of batch) insert.run(...row);
    });
    const started = performance.now();
    for (const batch of rowsOf) insertBatch(batch);
    return performance.now() - started;
  }

  function openBareDb(path: string): Database.Database {
    mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // The store's own schema (readings, rollups, meter states), so the baseline writes into the same tables.
    db.exec(SQLITE_SCHEMA_V2);
    return db;
  }

  console.log(
    `@karst/status ingest: ${INGEST_CONCURRENCY} requests in flight, ${RUNS} runs each after a warm-up`,
  );
  const ingestServer = await startServer({
    dataPath: join(work, 'ingest', 'karst.sqlite'),
    token: FAILURE_TOKEN,
  });
  const bareDb = openBareDb(join(work, 'ingest-bare', 'bare.sqlite'));
  try {
    const ingest: Record<string, unknown> = {};
    for (const plan of INGEST_PLANS) {
      const tag = `b${plan.batchSize}`;
      await ingestHttp(ingestServer.url, batchesFor(`warm-${tag}`, plan.batchSize, plan.warmupRequests));
      ingestBare(bareDb, batchesFor(`warm-${tag}`, plan.batchSize, plan.warmupRequests));
      const httpRates: number[] = [];
      const bareRates: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const batches = batchesFor(`run${run}-${tag}`, plan.batchSize, plan.requests);
        const readings = plan.batchSize * plan.requests;
        httpRates.push(readings / (await ingestHttp(ingestServer.url, batches)) / 1e-3);
        bareRates.push(readings / ingestBare(bareDb, batches) / 1e-3);
      }
      const httpRate = Math.round(median(httpRates));
      const bareRate = Math.round(median(bareRates));
      const ratio = round(httpRate / bareRate, 2);
      rows.push({
        name: `POST /v1/telemetry, batch ${plan.batchSize} x ${plan.requests}, readings/s`,
        karst: String(httpRate),
        baseline: String(bareRate),
        ratio: ratio.toFixed(2),
        target: '',
      });
      ingest[`batch${plan.batchSize}`] = {
        batchSize: plan.batchSize,
        requests: plan.requests,
        readingsPerRun: plan.batchSize * plan.requests,
        warmupRequests: plan.warmupRequests,
        concurrency: INGEST_CONCURRENCY,
        httpReadingsPerS: httpRate,
        bareSqliteReadingsPerS: bareRate,
        ratio,
        httpRuns: httpRates.map(Math.round),
        bareRuns: bareRates.map(Math.round),
      };
    }
    benchmarks.ingest = {
      description:
        'readings/s through POST /v1/telemetry (bearer token, validation, SQLite WAL + synchronous=FULL, one transaction per batch) against better-sqlite3 inserting the same rows into the same schema with the same pragmas, one transaction per batch, in-process; unique (source, timestamp) throughout',
      ...ingest,
    };
    notes.push(
      `Ingest baseline: better-sqlite3 in the benchmark process, same schema and pragmas (WAL, synchronous=FULL), one transaction per batch; both pay one fsync per batch.`,
    );
  } finally {
    bareDb.close();
    await ingestServer.stop();
  }

  // --- 3. The Lambda bundle ------------------------------------------------------------------------------

  console.log(
    `@karst/status Lambda bundle: building, then ${COLD_RUNS} fresh processes each (after one untimed)`,
  );
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-lambda.ts'], {
    cwd: APP_DIR,
    stdio: 'pipe',
  });
  const bundle = join(APP_DIR, 'dist', 'lambda', 'index.mjs');
  const bundleKiB = round(statSync(bundle).size / 1024, 1);

  // Outside dist/lambda, which infra ships whole.
  const invoke = writeStatusInvokeScript(work, bundle);

  /** Wall time from spawn to the first line on stdout (the answer) and to the exit, in ms. */
  function timeChild(
    args: string[],
    env: NodeJS.ProcessEnv,
  ): Promise<{ answerMs: number; exitMs: number; line: string }> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      let answerMs = Number.NaN;
      let output = '';
      const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (chunk) => {
        output += chunk;
        if (Number.isNaN(answerMs) && output.includes('\n')) answerMs = performance.now() - started;
      });
      let errors = '';
      child.stderr.on('data', (chunk) => {
        errors += chunk;
      });
      child.on('error', reject);
      child.on('exit', (code) => {
        const exitMs = performance.now() - started;
        if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${errors}`));
        else resolve({ answerMs: Number.isNaN(answerMs) ? exitMs : answerMs, exitMs, line: output.trim() });
      });
    });
  }

  const dynalite = await startDynalite();
  try {
    const env = lambdaEnvironment(dynalite.endpoint);
    // Untimed first runs: the table gets created, and the files are in the page cache for every timed run.
    const first = await timeChild([invoke], env);
    const answer = JSON.parse(first.line) as { statusCode: number; body: { site?: { id?: string } } };
    if (answer.statusCode !== 200 || answer.body.site?.id !== 'guiyang')
      throw new Error(`lambda answered ${first.line}`);
    await timeChild(['-e', ''], env);
    const lambdaRuns: { answerMs: number; exitMs: number }[] = [];
    const nodeRuns: number[] = [];
    // Interleaved, as for HTTP.
    for (let run = 0; run < COLD_RUNS; run++) {
      const { answerMs, exitMs } = await timeChild([invoke], env);
      lambdaRuns.push({ answerMs: round(answerMs, 1), exitMs: round(exitMs, 1) });
      nodeRuns.push(round((await timeChild(['-e', ''], env)).exitMs, 1));
    }
    const coldMs = round(median(lambdaRuns.map((run) => run.answerMs)), 1);
    const nodeMs = round(median(nodeRuns), 1);
    const ratio = round(coldMs / nodeMs, 2);
    rows.push({
      name: 'Lambda bundle size, KiB',
      karst: bundleKiB.toFixed(1),
      baseline: '',
      ratio: '',
      target: `<= 1024 ${bundleKiB <= 1024 ? 'PASS' : 'MISS'}`,
    });
    rows.push({
      name: 'fresh process: load bundle + answer /v1/status, ms',
      karst: coldMs.toFixed(1),
      baseline: nodeMs.toFixed(1),
      ratio: ratio.toFixed(2),
      target: '',
    });
    benchmarks.lambda = {
      bundle: 'dist/lambda/index.mjs',
      bundleKiB,
      targetKiB: 1024,
      pass: bundleKiB <= 1024,
      coldAnswer: {
        description:
          'wall time from spawning `node invoke.mjs` (imports the bundle, calls handler with an API Gateway v2 GET /v1/status event, DynamoDB on dynalite in the parent) to its answer on stdout; the baseline is spawn to exit of `node -e ""`',
        medianMs: coldMs,
        runs: lambdaRuns,
        baselineMedianMs: nodeMs,
        baselineRuns: nodeRuns,
        ratio,
      },
    };
    notes.push(
      'Lambda cold answer includes computing the deployment budget at start and a DescribeTable against dynalite (a local endpoint makes the store ensure its table).',
    );
  } finally {
    await dynalite.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

// --- Table and results ---------------------------------------------------------------------------------

const cpu = cpus()[0]?.model ?? 'unknown';
const header: Row = {
  name: 'benchmark',
  karst: 'Karst',
  baseline: 'baseline',
  ratio: 'ratio',
  target: 'target',
};
const columns = ['name', 'karst', 'baseline', 'ratio', 'target'] as const;
const widths = columns.map((column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
const format = (row: Row) =>
  columns
    .map((column, c) =>
      c === 0 || c === 4 ? row[column].padEnd(widths[c]!) : row[column].padStart(widths[c]!),
    )
    .join('  ')
    .trimEnd();
console.log(`@karst/status benchmarks: Node ${process.version}, ${cpu}, ${cpus().length} cores`);
console.log(format(header));
console.log(widths.map((width) => '-'.repeat(width)).join('  '));
for (const row of rows) console.log(format(row));
for (const note of notes) console.log(note);
console.log(
  'Medians after warm-up; ratio = Karst / baseline (for HTTP: the median of per-round ratios of runs paired in time); targets are reported, never enforced.',
);

// A partial run (HTTP only) prints its table but leaves results.json to full runs.
if (!HTTP_ONLY) writeBenchResults('status', benchmarks);
