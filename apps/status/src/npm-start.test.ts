// `npm start` as users run it: npm, then scripts/bootstrap.mjs, then the service. Stopping npm must stop
// the service (a supervisor's SIGTERM, or `kill`), and Ctrl-C must stop it cleanly, with no ELIFECYCLE.
// Found by a new user: a SIGTERM to npm left the service serving with no npm above it (npm runs the
// script under `sh -c`, and the signal stopped only that sh), and pnpm between printed ELIFECYCLE.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'karst-npm-start-'));
/** Process groups started here: whatever a failed test left running is killed after it. */
const groups: number[] = [];
afterEach(() => {
  for (const group of groups.splice(0)) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // Already gone: the test stopped it.
    }
  }
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** A loopback port free right now (the service is given it, as a user would set PORT). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Started {
  npm: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm start` in the repository root, in its own process group (as a terminal's job is). */
async function npmStart(): Promise<Started> {
  const port = await freePort();
  const npm = spawn('npm', ['start'], {
    cwd: repoRoot,
    detached: true,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      KARST_DATA_PATH: join(dataDir, `karst-${port}.sqlite`),
      KARST_WRITE_TOKEN: 'npm-start-test-token-0123456789',
      KARST_SHUTDOWN_DRAIN_MS: '200',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  groups.push(npm.pid!);
  let output = '';
  npm.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  npm.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    npm.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (!output.includes('racks fit')) {
    if (Date.now() > deadline || npm.exitCode !== null)
      throw new Error(`npm start did not serve:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { npm, url, output: () => output, exited };
}

/** True once nothing listens on `url` (within `ms`). */
async function stopsServing(url: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      await fetch(`${url}/livez`, { signal: AbortSignal.timeout(1000) });
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

describe('npm start', () => {
  it('stops the service when npm alone gets SIGTERM, draining it', async () => {
    const started = await npmStart();
    expect((await fetch(`${started.url}/v1/status`)).status).toBe(200);
    process.kill(started.npm.pid!, 'SIGTERM');
    await started.exited;
    // Before the fix the service went on answering here, orphaned.
    expect(await stopsServing(started.url, 15_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(started.output()).toMatch(/SIGTERM: draining .*\nclosed\n/);
    expect(started.output()).not.toContain('ELIFECYCLE');
  }, 180_000);

  it('stops cleanly on Ctrl-C (SIGINT to the whole job), with no ELIFECYCLE', async () => {
    const started = await npmStart();
    expect((await fetch(`${started.url}/v1/status`)).status).toBe(200);
    process.kill(-started.npm.pid!, 'SIGINT');
    const { code, signal } = await started.exited;
    // npm itself got SIGINT too: it ends as a shell job does on Ctrl-C (130), or by the signal.
    expect(code === 130 || signal === 'SIGINT').toBe(true);
    expect(await stopsServing(started.url, 15_000)).toBe(true);
    expect(started.output()).toMatch(/SIGINT: draining .*\nclosed\n/);
    expect(started.output()).not.toContain('ELIFECYCLE');
  }, 180_000);
});
