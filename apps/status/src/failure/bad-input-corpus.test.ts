import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FAILURE_TOKEN,
  postTelemetry,
  reading,
  readingsStored,
  type ServerProcess,
  startServer,
  storedKeys,
} from './server-process.test-util.js';

const corpusDir = join(dirname(fileURLToPath(import.meta.url)), 'corpus');

/**
 * One hostile request. The body is given exactly one way: `body` (a JSON value, stringified), `text`
 * (sent as is; for what JSON.stringify cannot write, such as 1e400), `parts` (strings sent as UTF-8 and
 * arrays of raw bytes, for invalid UTF-8) or `template` with `fill` (%s replaced by the fill's repeated
 * units, for bodies too large to keep in a file).
 */
interface CorpusCase {
  name: string;
  path: '/v1/telemetry' | '/v1/budget';
  body?: unknown;
  text?: string;
  parts?: (string | number[])[];
  template?: string;
  fill?: { repeat: string; count: number }[];
  contentType?: string;
  /** The status expected: a 4xx. */
  status: number;
  /** A path the problem document's `errors` must name, when the fault is in one field. */
  field?: string;
}

interface CorpusFile {
  description: string;
  cases: CorpusCase[];
}

function bodyOf(entry: CorpusCase): string | Uint8Array {
  const ways = ['body', 'text', 'parts', 'template'].filter((way) => way in entry);
  if (ways.length !== 1) throw new Error(`${entry.name}: give exactly one of body, text, parts, template`);
  if ('body' in entry) return JSON.stringify(entry.body);
  if (entry.text !== undefined) return entry.text;
  if (entry.parts !== undefined) {
    return Buffer.concat(
      entry.parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))),
    );
  }
  const fill = (entry.fill ?? []).map(({ repeat, count }) => repeat.repeat(count)).join('');
  return entry.template!.replace('%s', fill);
}

/**
 * POSTs on a connection of its own (`Connection: close`), so whatever a hostile body does to its socket
 * cannot reach the checks that follow on fetch's pooled connections. (After a 413 the server answers
 * `connection: keep-alive` yet closes the socket; a pooled client's next request there fails.)
 */
async function postAlone(url: string, path: string, body: string | Uint8Array, contentType: string) {
  // A server that refuses a large body (413) may close the socket while the client still writes it; the
  // client then sees EPIPE or ECONNRESET before it has read the answer, as curl or a meter would. The
  // request is sent again then (at most 3 times), so the check is on the answer, not on that race.
  for (let attempt = 1; ; attempt++) {
    try {
      return await postAloneOnce(url, path, body, contentType);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 3 || (code !== 'EPIPE' && code !== 'ECONNRESET')) throw error;
    }
  }
}

function postAloneOnce(url: string, path: string, body: string | Uint8Array, contentType: string) {
  return new Promise<{ status: number; contentType: string | undefined; text: string }>((resolve, reject) => {
    const req = request(`${url}${path}`, {
      method: 'POST',
      agent: false,
      headers: {
        connection: 'close',
        'content-type': contentType,
        'content-length': Buffer.byteLength(body),
        authorization: `Bearer ${FAILURE_TOKEN}`,
      },
    });
    req.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          contentType: response.headers['content-type'],
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const corpus = readdirSync(corpusDir)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({
    file,
    ...(JSON.parse(readFileSync(join(corpusDir, file), 'utf8')) as CorpusFile),
  }));

describe('the bad input corpus against a server process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'karst-corpus-'));
  const dataPath = join(dataDir, 'karst.sqlite');
  let server: ServerProcess;
  let storedBefore: Set<string>;

  beforeAll(async () => {
    server = await startServer({ dataPath });
    const seeded = Array.from({ length: 100 }, (_, i) => reading('seed', i));
    expect((await postTelemetry(server.url, seeded)).status).toBe(200);
    storedBefore = storedKeys(dataPath).keys;
    expect(storedBefore.size).toBe(100);
  });

  afterAll(async () => {
    // A clean SIGTERM exit: the corpus left the process healthy enough to drain and close its store.
    expect(await server?.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has cases of every kind the issue names', () => {
    expect(corpus.map(({ file }) => file)).toEqual([
      'deep-nesting.json',
      'huge-numbers.json',
      'invalid-utf8.json',
      'json-bomb.json',
      'oversized.json',
      'prototype-pollution.json',
      'wrong-types.json',
    ]);
  });

  for (const { file, cases } of corpus) {
    describe(file, () => {
      for (const entry of cases) {
        it(`${entry.path}: ${entry.name} -> ${entry.status}${entry.field ? ` naming ${entry.field}` : ''}`, async () => {
          const response = await postAlone(
            server.url,
            entry.path,
            bodyOf(entry),
            entry.contentType ?? 'application/json',
          );
          const text = response.text;
          expect(response.status, text.slice(0, 500)).toBe(entry.status);
          expect(response.contentType).toBe('application/problem+json');
          const problem = JSON.parse(text) as { status: number; title: string; errors?: { path: string }[] };
          expect(problem.status).toBe(entry.status);
          expect(typeof problem.title).toBe('string');
          if (entry.field !== undefined) {
            expect(
              (problem.errors ?? []).map((error) => error.path),
              text.slice(0, 500),
            ).toContain(entry.field);
          }

          // Still up, and nothing stored changed: same count from the server, same keys on disk.
          expect((await fetch(`${server.url}/livez`)).status).toBe(200);
          expect(server.child.exitCode).toBeNull();
          expect(await readingsStored(server.url)).toBe(storedBefore.size);
          expect(storedKeys(dataPath).keys).toEqual(storedBefore);
        });
      }
    });
  }

  it('was not polluted: a new object in the server has no inherited keys the corpus posted', async () => {
    // The what-if budget echoes the plan as the server parsed it; a polluted Object.prototype would show.
    const response = await fetch(`${server.url}/v1/budget`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain('polluted');
    const status = await (await fetch(`${server.url}/v1/status`)).text();
    expect(status).not.toContain('polluted');
  });
});
