// The status server as a real process on loopback, for the failure tests and the HTTP benchmarks: they must
// see what a deployment sees (a socket, the SQLite file on disk, signals), which `app.request()` hides.
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FAILURE_TOKEN = 'failure-test-token-0123456789';

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** SIGTERM (the graceful path) and wait for the exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: no drain, no close, no flush. */
  kill(): Promise<void>;
}

export interface StartOptions {
  readonly dataPath: string;
  readonly token?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly startTimeoutMs?: number;
}

/**
 * src/server.ts as a process on a free loopback port with the SQLite store and the test token; `env` adds
 * or overrides variables, `uid` runs it as another user. node itself (not the tsx CLI, which wraps a second
 * process) so that signals reach the server.
 */
export function spawnServer(env: Readonly<Record<string, string>>, uid?: number): ChildProcess {
  return spawn(process.execPath, ['--conditions=karst-source', '--import', 'tsx', 'src/server.ts'], {
    cwd: APP_DIR,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      KARST_STORE: 'sqlite',
      KARST_WRITE_TOKEN: FAILURE_TOKEN,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(uid === undefined ? {} : { uid, gid: uid }),
  });
}

/** Starts src/server.ts on a free loopback port and waits until it has printed its URL and budget. */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const child = spawnServer({
    KARST_DATA_PATH: options.dataPath,
    KARST_WRITE_TOKEN: options.token ?? FAILURE_TOKEN,
    KARST_SHUTDOWN_DRAIN_MS: '50',
    ...options.env,
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
    const poll = setInterval(() => {
      // The budget summary ends with the headroom line: once it is out, the server is listening.
      const match = /Karst status service: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match && output.includes('racks fit')) {
        clearInterval(poll);
        resolve(match[1]!);
      } else if (exitCode !== undefined || Date.now() > deadline) {
        clearInterval(poll);
        child.kill('SIGKILL');
        reject(new Error(`server did not start (exit ${exitCode}):\n${output}`));
      }
    }, 10);
  });
  return {
    url,
    child,
    output: () => output,
    exited,
    async stop() {
      if (exitCode === undefined) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (exitCode === undefined) child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface ReadingBody {
  source: string;
  timestamp: string;
  facilityPowerKw: number;
  itPowerKw: number;
  outdoorDryBulbC: number;
  outdoorDewPointC: number;
}

/** 2026-01-01T00:00:00Z: readings are placed after it, one per second, so each test chooses unique keys. */
export const BASE_MS = Date.UTC(2026, 0, 1);

/** A valid reading of `source` at BASE_MS + `second` s; the values vary so rows are not all alike. */
export function reading(source: string, second: number): ReadingBody {
  return {
    source,
    timestamp: new Date(BASE_MS + second * 1000).toISOString(),
    facilityPowerKw: 3600 + (second % 100),
    itPowerKw: 3000 + (second % 50),
    outdoorDryBulbC: 12 + (second % 7),
    outdoorDewPointC: 5,
  };
}

export function postTelemetry(url: string, readings: readonly ReadingBody[], token = FAILURE_TOKEN) {
  return fetch(`${url}/v1/telemetry`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ readings }),
  });
}

export async function readingsStored(url: string): Promise<number> {
  const response = await fetch(`${url}/v1/status`);
  if (response.status !== 200) throw new Error(`GET /v1/status: ${response.status}`);
  const body = (await response.json()) as { live: { readingsStored: number } };
  return body.live.readingsStored;
}

/**
 * The (source, timestamp) keys in the SQLite file, read through a connection of our own, read-only: what
 * is on disk, not what the server reports. WAL lets it read while the server writes.
 */
export function storedKeys(dataPath: string): { count: number; keys: Set<string> } {
  const db = new Database(dataPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare<[], { source: string; timestamp_ms: number }>(
      'SELECT source, timestamp_ms FROM readings',
    );
    const keys = new Set<string>();
    for (const row of rows.iterate()) keys.add(key(row.source, row.timestamp_ms));
    return { count: keys.size, keys };
  } finally {
    db.close();
  }
}

export function key(source: string, timestampMs: number): string {
  return `${source}@${timestampMs}`;
}

export function readingKey(body: ReadingBody): string {
  return key(body.source, Date.parse(body.timestamp));
}

export { seededRandom } from '@karst/test-support';
