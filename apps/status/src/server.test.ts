import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = mkdtempSync(join(tmpdir(), 'karst-server-'));
const token = 'server-test-token-0123456789';

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts src/server.ts as its own process on a free loopback port and waits for its URL. */
async function startServer(): Promise<Started> {
  // node itself (not the tsx CLI, which wraps a second process) so that SIGTERM reaches the server.
  const child = spawn(process.execPath, ['--conditions=karst-source', '--import', 'tsx', 'src/server.ts'], {
    cwd: appDir,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      KARST_DATA_PATH: join(dataDir, 'karst.sqlite'),
      KARST_WRITE_TOKEN: token,
      KARST_SHUTDOWN_DRAIN_MS: '3000',
      // All 30 what-if plans below admitted at once, so they are all in flight when SIGTERM lands (the
      // bound itself is tested in failure/what-if-computes.test.ts).
      KARST_BUDGET_MAX_COMPUTES: '64',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const poll = setInterval(() => {
      const match = /Karst status service: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match && output.includes('racks fit')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(match[1]!);
      }
    }, 20);
  });
  return { child, url, output: () => output, exited };
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the server process', () => {
  it('answers on loopback, prints the budget, and shuts down on SIGTERM without losing a request', async () => {
    const server = await startServer();
    expect(server.output()).toMatch(/Budget at Guiyang/);
    expect((await fetch(`${server.url}/livez`)).status).toBe(200);

    const readings = Array.from({ length: 200 }, (_, i) => ({
      source: 'meter-1',
      timestamp: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
      facilityPowerKw: 3600,
      itPowerKw: 3000,
      outdoorDryBulbC: 12,
      outdoorDewPointC: 5,
    }));
    // What-if budgets keep the single thread busy, so requests are still in flight when SIGTERM lands.
    const inFlight = [
      ...Array.from({ length: 30 }, (_, i) =>
        fetch(`${server.url}/v1/budget`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ itPlan: { racks: 100 + i, kwPerRack: 10 } }),
        }),
      ),
      fetch(`${server.url}/v1/telemetry`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ readings }),
      }),
    ];
    // SIGTERM at once: the server keeps accepting during its drain, so every request here is in flight.
    server.child.kill('SIGTERM');
    // Within the drain, readiness fails while liveness still answers (polled: a busy server sees the
    // signal when its event loop is next free).
    let readyStatus = 200;
    for (let attempt = 0; attempt < 100 && readyStatus !== 503; attempt++) {
      readyStatus = (await fetch(`${server.url}/readyz`)).status;
      if (readyStatus !== 503) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(readyStatus).toBe(503);
    expect((await fetch(`${server.url}/livez`)).status).toBe(200);

    const statuses = (await Promise.all(inFlight)).map((response) => response.status);
    expect(statuses).toEqual(Array.from({ length: 31 }, () => 200));
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/SIGTERM: draining/);

    // The data file holds every acknowledged reading after a restart.
    const again = await startServer();
    const status = await (await fetch(`${again.url}/v1/status`)).json();
    expect((status as { live: { readingsStored: number } }).live.readingsStored).toBe(200);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 90_000);
});
