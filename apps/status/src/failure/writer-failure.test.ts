// A write that fails on the SQLite writer thread, seen by a client of the real server process: the POST
// of that batch gets a 5xx (never a 200), batches sent beside it are stored, /readyz reports the store
// unready until a write succeeds again, and nothing of the failed batch is stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  postTelemetry,
  reading,
  readingKey,
  type ServerProcess,
  startServer,
  storedKeys,
} from './server-process.test-util.js';

describe('a failing write on the server process', () => {
  let directory: string;
  let dataPath: string;
  let server: ServerProcess;

  // Starting the server process (tsx, the budget) takes seconds on a busy machine.
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'karst-writer-failure-'));
    dataPath = join(directory, 'karst.sqlite');
    server = await startServer({ dataPath });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('answers 5xx for the batch the writer thread failed, stores the others, and is unready until a write succeeds', async () => {
    const ok = (source: string) => Array.from({ length: 50 }, (_, i) => reading(source, i));
    expect((await postTelemetry(server.url, ok('before'))).status).toBe(200);
    // Another connection adds a trigger that fails any batch with a reading of meter "poison".
    const raw = new Database(dataPath);
    try {
      raw.exec(
        "CREATE TRIGGER poison AFTER INSERT ON readings WHEN NEW.source = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END",
      );
      const poisoned = [...ok('beside-poison'), reading('poison', 0)];
      // Four batches in flight at once, the poisoned one second.
      const responses = await Promise.all(
        [ok('first'), poisoned, ok('third'), ok('fourth')].map((batch) => postTelemetry(server.url, batch)),
      );
      expect(responses.map((response) => response.status >= 500)).toEqual([false, true, false, false]);
      expect(responses.map((response) => response.status)).toEqual([200, responses[1]!.status, 200, 200]);
      // The last write succeeded (batch 4 may answer before batch 2's failure is known: fail it now).
      expect((await postTelemetry(server.url, poisoned)).status).toBeGreaterThanOrEqual(500);
      const unready = await fetch(`${server.url}/readyz`);
      expect(unready.status).toBe(503);
      expect(await unready.text()).toMatch(/poisoned/);
      raw.exec('DROP TRIGGER poison');
    } finally {
      raw.close();
    }
    expect((await postTelemetry(server.url, ok('after'))).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const { keys } = storedKeys(dataPath);
    for (const source of ['before', 'first', 'third', 'fourth', 'after'])
      for (const body of ok(source)) expect(keys.has(readingKey(body))).toBe(true);
    expect([...keys].some((key) => key.startsWith('beside-poison') || key.startsWith('poison'))).toBe(false);
  });
});
