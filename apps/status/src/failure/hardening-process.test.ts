// Start-up refusals and connection limits of the server as a process on loopback (issue 14): what a
// deployment sees, through the real socket and the real SQLite file.
import {
  chmodSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../store/sqlite-store.js';
import { spawnServer, startServer } from './server-process.test-util.js';

const work = mkdtempSync(join(tmpdir(), 'karst-hardening-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Exit {
  code: number | null;
  output: string;
}

/**
 * Runs the server expecting it to refuse to start; bounded: killed after 240 s (a refusal takes seconds, a
 * busy CI machine many more; the bound only ends a server that did start). A process that cannot be started
 * at all (say the Node binary is not executable by `uid`) resolves at once with the reason as its output.
 */
function startExpectingExit(env: Record<string, string>, uid?: number): Promise<Exit> {
  const child = spawnServer(env, uid);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
  return new Promise((resolve) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, output: `${output}could not start ${process.execPath}: ${error.message}` });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function expectRefusal(exit: Exit, ...mentions: string[]) {
  expect(exit.code, exit.output).toBe(2);
  for (const mention of mentions) expect(exit.output).toContain(mention);
  // A message, not a stack trace.
  expect(exit.output).not.toMatch(/^\s+at /m);
}

describe('start-up refusals, exit 2 with a message naming the variable', () => {
  it('KARST_DATA_PATH naming a folder', async () => {
    const folder = join(work, 'a-folder');
    mkdirSync(folder);
    expectRefusal(
      await startExpectingExit({ KARST_DATA_PATH: folder }),
      'KARST_DATA_PATH',
      `${folder} is a folder`,
    );
  }, 300_000);

  it('KARST_DATA_PATH under a file', async () => {
    const file = join(work, 'a-file');
    writeFileSync(file, 'not a folder');
    const path = join(file, 'karst.sqlite');
    expectRefusal(await startExpectingExit({ KARST_DATA_PATH: path }), 'KARST_DATA_PATH', 'which is a file');
  }, 300_000);

  it('a SQLite file with corrupt pages, naming the file', async () => {
    const path = join(work, 'corrupt', 'karst.sqlite');
    mkdirSync(join(work, 'corrupt'));
    const db = new Database(path);
    db.exec(
      'CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT); CREATE INDEX filler_text ON filler (text)',
    );
    const insert = db.prepare('INSERT INTO filler (text) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 5000; i++) insert.run(`row ${i} ${'x'.repeat(100)}`);
    })();
    db.close();
    // Overwrite pages in the middle of the file (past the header and the schema page) with garbage.
    const fd = openSync(path, 'r+');
    const size = statSync(path).size;
    const garbage = Buffer.alloc(4096 * 4, 0xa5);
    writeSync(fd, garbage, 0, garbage.length, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    expectRefusal(await startExpectingExit({ KARST_DATA_PATH: path }), 'KARST_DATA_PATH', path, 'corrupt');
  }, 300_000);

  it('a SQLite file that does not take writes, naming the file', async () => {
    const folder = join(work, 'readonly');
    mkdirSync(folder);
    const path = join(folder, 'karst.sqlite');
    // A store as the server leaves it (migrated), so that only a write can find the file read-only.
    await (await createSqliteStore({ path })).close();
    // The folder takes new files (SQLite's -wal and -shm), the database file itself takes no writes: it
    // opens and reads, and only a write shows it. Root writes through file modes, so as root the server
    // runs as nobody over a file root owns.
    const asRoot = process.getuid?.() === 0;
    chmodSync(work, 0o755);
    chmodSync(folder, 0o777);
    chmodSync(path, 0o444);
    const exit = await startExpectingExit({ KARST_DATA_PATH: path, HOME: work }, asRoot ? 65_534 : undefined);
    expectRefusal(exit, 'KARST_DATA_PATH', path);
  }, 300_000);

  it('a weak write token, and unknown keys in KARST_PLAN_JSON', async () => {
    const data = join(work, 'config', 'karst.sqlite');
    expectRefusal(
      await startExpectingExit({ KARST_DATA_PATH: data, KARST_WRITE_TOKEN: ' '.repeat(16) }),
      'KARST_WRITE_TOKEN',
    );
    expectRefusal(
      await startExpectingExit({
        KARST_DATA_PATH: data,
        KARST_PLAN_JSON: '{"itPlan":{"racks":10,"kwPerRack":10,"utilisation":0.5}}',
      }),
      'KARST_PLAN_JSON.itPlan',
      'did you mean "utilization"?',
    );
  }, 120_000);
});

/** Resolves when the server closes the socket (or the client gives up after `boundMs`), with what it sent. */
function untilClosed(socket: Socket, boundMs: number): Promise<{ closed: boolean; received: string }> {
  let received = '';
  socket.on('data', (chunk) => (received += chunk));
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ closed: false, received }), boundMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, received });
    });
    socket.on('error', () => undefined);
  });
}

describe('connection limits of the running server', () => {
  it('closes a body sent one byte at a time once the request timeout passes', async () => {
    const server = await startServer({
      dataPath: join(work, 'slow', 'karst.sqlite'),
      env: { KARST_REQUEST_TIMEOUT_MS: '2000', KARST_HEADERS_TIMEOUT_MS: '1000' },
    });
    try {
      const { port } = new URL(server.url);
      const socket = connect(Number(port), '127.0.0.1');
      socket.write(
        `POST /v1/budget HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{`,
      );
      // One byte every 200 ms would take 200 s to send the body; the server ends it long before. The bound
      // (60 s) is a deadline for the test, not a speed target: Node's defaults held such bodies for minutes.
      const drip = setInterval(() => socket.writable && socket.write(' '), 200);
      const result = await untilClosed(socket, 60_000);
      clearInterval(drip);
      socket.destroy();
      expect(result.closed).toBe(true);
      expect(result.received).toMatch(/^HTTP\/1\.1 408/);
      expect((await fetch(`${server.url}/livez`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('holds at most KARST_MAX_CONNECTIONS connections; /livez answers again once idle ones time out', async () => {
    const server = await startServer({
      dataPath: join(work, 'conns', 'karst.sqlite'),
      env: {
        KARST_MAX_CONNECTIONS: '5',
        KARST_KEEP_ALIVE_TIMEOUT_MS: '1000',
        KARST_HEADERS_TIMEOUT_MS: '1000',
        KARST_REQUEST_TIMEOUT_MS: '1000',
      },
    });
    const { port } = new URL(server.url);
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        const socket = connect(Number(port), '127.0.0.1');
        await new Promise((resolve) => socket.once('connect', resolve));
        socket.on('error', () => undefined);
        sockets.push(socket);
      }
      // Idle connections that never send a request: the 6th is dropped by the server at once.
      const extra = connect(Number(port), '127.0.0.1');
      const dropped = await untilClosed(extra, 30_000);
      expect(dropped.closed).toBe(true);
      expect(dropped.received).toBe('');
      // The idle ones are closed by the headers timeout; then new clients are served.
      const idle = await Promise.all(sockets.map((socket) => untilClosed(socket, 60_000)));
      expect(idle.every((result) => result.closed)).toBe(true);
      expect((await fetch(`${server.url}/livez`)).status).toBe(200);
    } finally {
      for (const socket of sockets) socket.destroy();
      await server.stop();
    }
  }, 120_000);
});

describe('the hot lane of the Node server', () => {
  it('answers /v1/status and /livez with the bytes, headers and metrics the app gives', async () => {
    const server = await startServer({ dataPath: join(work, 'hot', 'karst.sqlite') });
    try {
      const headerNames = (response: Response) =>
        [...response.headers.keys()].filter((name) => name !== 'date').sort();
      for (const path of ['/v1/status', '/livez']) {
        // A query string sends the request through the app (Hono), the bare path through the hot lane.
        const hot = await fetch(`${server.url}${path}`, { headers: { 'x-request-id': 'given-id-1' } });
        const viaApp = await fetch(`${server.url}${path}?via=app`, {
          headers: { 'x-request-id': 'given-id-2' },
        });
        expect(hot.status).toBe(200);
        expect(viaApp.status).toBe(200);
        expect(headerNames(hot)).toEqual(headerNames(viaApp));
        for (const name of headerNames(hot).filter(
          (name) => name !== 'x-request-id' && name !== 'content-length',
        ))
          expect(hot.headers.get(name), name).toBe(viaApp.headers.get(name));
        expect(hot.headers.get('x-request-id')).toBe('given-id-1');
        expect(viaApp.headers.get('x-request-id')).toBe('given-id-2');
        const [hotBody, appBody] = [await hot.text(), await viaApp.text()];
        if (path === '/livez') expect(hotBody).toBe(appBody);
        else expect(Object.keys(JSON.parse(hotBody))).toEqual(Object.keys(JSON.parse(appBody)));
      }
      const fresh = await fetch(`${server.url}/livez`, { headers: { 'x-request-id': 'bad id!' } });
      expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(
        /^karst_http_request_duration_seconds_count\{route="\/livez",method="GET",status="200"\} 3$/m,
      );
      expect(metrics).toMatch(
        /^karst_http_request_duration_seconds_count\{route="\/v1\/status",method="GET",status="200"\} 2$/m,
      );
    } finally {
      await server.stop();
    }
  }, 120_000);
});
