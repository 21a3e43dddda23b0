// Where ingest time goes (issue 13), and a quick in-process ratio: 200,000 readings in batches of 500
// (100 meters x 5 min) through POST /v1/telemetry in process (app.request: the route, zod, the registry
// checks and the SQLite store on a file, WAL + synchronous=FULL) and through the store alone, each batch
// alternating with the bare better-sqlite3 baseline (bench/bare-ingest.ts) so that a busy machine slows
// both alike. Checks that the bare file ends with the same rows as the store's. For `node --cpu-prof`:
//
//   node --conditions=karst-source --import tsx [--cpu-prof --cpu-prof-dir=DIR] bench/ingest-profile.ts
//
// KARST_PROFILE_MODES=route,store,http picks the modes (http: the server process from INGEST_CLIENTS
// concurrent clients); KARST_PROFILE_WRITER=main runs the store without its writer thread; the profile of
// --cpu-prof is the main thread's (the writer thread runs the statements).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import { createApp } from '../src/app.js';
import { BudgetService } from '../src/budget-service.js';
import { serviceConfigSchema } from '../src/config.js';
import { FAILURE_TOKEN, startServer } from '../src/failure/server-process.test-util.js';
import { createSqliteStore } from '../src/store/sqlite-store.js';
import type { Reading } from '../src/telemetry/reading.js';
import { bareRows, openBare } from './bare-ingest.js';
import { INGEST_CLIENTS, postBatches } from './post-batches.js';

const METERS = 100;
const BATCHES = Number(process.env.KARST_PROFILE_BATCHES ?? 400);
const MINUTE_MS = 60_000;
const TOKEN = 'profile-token-0123456789abcdef';
const work = mkdtempSync(join(tmpdir(), 'karst-ingest-profile-'));
const baseMs = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - 30 * 86_400_000;

function batchAt(b: number): Reading[] {
  const batch: Reading[] = [];
  for (let m = 0; m < 5; m++) {
    for (let meter = 0; meter < METERS; meter++) {
      const timestampMs = baseMs + (b * 5 + m) * MINUTE_MS;
      const n = timestampMs / MINUTE_MS;
      batch.push({
        source: `rack-row-${String(meter).padStart(3, '0')}`,
        timestampMs,
        facilityPowerKw: 36 + ((n + meter) % 10) / 10,
        itPowerKw: 30 + ((n + 3 * meter) % 7) / 10,
      });
    }
  }
  return batch;
}

const TABLES = ['readings', 'rollup_hour', 'rollup_day', 'rollup_site_hour', 'meter_state', 'counters'];
function sameRows(a: string, b: string): string[] {
  const [x, y] = [new Database(a, { readonly: true }), new Database(b, { readonly: true })];
  const differ = TABLES.filter((table) => {
    const order = table === 'counters' ? 'name' : '1, 2';
    const q = `SELECT * FROM ${table} ORDER BY ${order}`;
    return !isDeepStrictEqual(x.prepare(q).all(), y.prepare(q).all());
  });
  x.close();
  y.close();
  return differ;
}

try {
  const batches = Array.from({ length: BATCHES }, (_, b) => batchAt(b));
  const bodies = batches.map((batch) =>
    JSON.stringify({
      readings: batch.map((r) => ({
        source: r.source,
        timestamp: new Date(r.timestampMs).toISOString(),
        facilityPowerKw: r.facilityPowerKw,
        itPowerKw: r.itPowerKw,
      })),
    }),
  );
  const config = serviceConfigSchema.parse({ KARST_WRITE_TOKEN: TOKEN, KARST_BUDGET_RATE_PER_MIN: '0' });
  const budgets = new BudgetService({});
  const modes = (process.env.KARST_PROFILE_MODES ?? 'route,store').split(',');
  if (modes.includes('http')) {
    // The real server process, INGEST_CLIENTS batches in flight (as bench/telemetry-scale.ts), alternating
    // runs of 40.
    // KARST_PROFILE_SERVER_NODE_OPTIONS is the server's NODE_OPTIONS: e.g. `--import <a preload that starts
    // node:inspector's Profiler>` (Node refuses --cpu-prof there).
    const serverNodeOptions = process.env.KARST_PROFILE_SERVER_NODE_OPTIONS;
    const server = await startServer({
      dataPath: join(work, 'http', 'karst.sqlite'),
      token: FAILURE_TOKEN,
      ...(serverNodeOptions === undefined ? {} : { env: { NODE_OPTIONS: serverNodeOptions } }),
    });
    const bare = openBare(join(work, 'http-bare', 'bare.sqlite'));
    const prepared = bareRows(batches, { states: new Map(), hours: new Map() });
    let [httpMs, bareMs] = [0, 0];
    try {
      for (let run = 0; run * 40 < BATCHES; run++) {
        const slice = bodies.slice(run * 40, run * 40 + 40).map((body) => Buffer.from(body));
        httpMs += await postBatches(server.url, FAILURE_TOKEN, slice);
        const started = performance.now();
        for (const b of prepared.slice(run * 40, run * 40 + 40)) bare.all(b);
        bareMs += performance.now() - started;
      }
    } finally {
      await server.stop();
      bare.db.close();
    }
    console.log(
      `http (${INGEST_CLIENTS} concurrent clients): ${(httpMs / BATCHES).toFixed(2)} ms/batch; bare ${(bareMs / BATCHES).toFixed(2)} ms/batch; ratio ${(bareMs / httpMs).toFixed(2)}`,
    );
  }
  for (const via of (['route', 'store'] as const).filter((mode) => modes.includes(mode))) {
    const path = join(work, via, 'karst.sqlite');
    const barePath = join(work, `${via}-bare`, 'bare.sqlite');
    const store = await createSqliteStore({
      path,
      writer: process.env.KARST_PROFILE_WRITER === 'main' ? 'main' : 'worker',
    });
    const app = createApp({ store, budgets, clock: Date.now, config, lifecycle: { shuttingDown: false } });
    const bare = openBare(barePath);
    const prepared = bareRows(batches, { states: new Map(), hours: new Map() });
    let oursMs = 0;
    let bareMs = 0;
    let oursCpuMs = 0;
    let bareCpuMs = 0;
    const cpuMs = (since: NodeJS.CpuUsage) => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1000;
    };
    for (let b = 0; b < BATCHES; b++) {
      let started = performance.now();
      let cpu = process.cpuUsage();
      if (via === 'route') {
        const response = await app.request('/v1/telemetry', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          body: bodies[b]!,
        });
        if (response.status !== 200) throw new Error(`${response.status} ${await response.text()}`);
      } else await store.insert(batches[b]!);
      oursMs += performance.now() - started;
      oursCpuMs += cpuMs(cpu);
      started = performance.now();
      cpu = process.cpuUsage();
      bare.all(prepared[b]!);
      bareMs += performance.now() - started;
      bareCpuMs += cpuMs(cpu);
    }
    await store.close();
    bare.db.close();
    const differ = sameRows(path, barePath);
    const n = BATCHES * 500;
    console.log(
      `${via}: ${Math.round(n / (oursMs / 1000))} readings/s (${(oursMs / BATCHES).toFixed(2)} ms/batch); bare ${Math.round(n / (bareMs / 1000))} readings/s (${(bareMs / BATCHES).toFixed(2)} ms/batch); ratio ${(bareMs / oursMs).toFixed(2)}; CPU ${(oursCpuMs / BATCHES).toFixed(2)} vs ${(bareCpuMs / BATCHES).toFixed(2)} ms/batch; tables differing: ${differ.join(', ') || 'none'}`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
