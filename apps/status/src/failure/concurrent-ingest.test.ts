import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  postTelemetry,
  type ReadingBody,
  reading,
  readingsStored,
  type ServerProcess,
  startServer,
  storedKeys,
} from './server-process.test-util.js';

const BATCHES = 40;
const BATCH_SIZE = 500;
const CONCURRENCY = 8;
const TOTAL = BATCHES * BATCH_SIZE;

interface BatchResult {
  status: number;
  body: { received?: number; inserted?: number; duplicates?: number };
}

/** Posts every batch with at most `concurrency` requests in flight, answers in batch order. */
async function postAll(url: string, batches: readonly ReadingBody[][], concurrency: number) {
  const results: BatchResult[] = new Array(batches.length);
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const index = next++;
      const response = await postTelemetry(url, batches[index]!);
      results[index] = { status: response.status, body: (await response.json()) as BatchResult['body'] };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

describe('concurrent ingest into a server process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'karst-ingest-'));
  const dataPath = join(dataDir, 'karst.sqlite');
  let server: ServerProcess;
  // Five sources interleaved, so batches overlap in time but never in (source, timestamp).
  const batches = Array.from({ length: BATCHES }, (_, b) =>
    Array.from({ length: BATCH_SIZE }, (_, i) => {
      const n = b * BATCH_SIZE + i;
      return reading(`meter-${n % 5}`, Math.floor(n / 5));
    }),
  );

  beforeAll(async () => {
    server = await startServer({ dataPath });
  });

  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`stores exactly ${TOTAL} readings posted as ${BATCHES} batches of ${BATCH_SIZE}, ${CONCURRENCY} at a time`, async () => {
    const results = await postAll(server.url, batches, CONCURRENCY);
    for (const result of results) {
      expect(result).toEqual({
        status: 200,
        body: { received: BATCH_SIZE, inserted: BATCH_SIZE, duplicates: 0 },
      });
    }
    expect(await readingsStored(server.url)).toBe(TOTAL);
    const onDisk = storedKeys(dataPath);
    expect(onDisk.count).toBe(TOTAL);
  });

  it('stores nothing more when the same batches are retried, and says each reading is a duplicate', async () => {
    const results = await postAll(server.url, batches, CONCURRENCY);
    for (const result of results) {
      expect(result).toEqual({
        status: 200,
        body: { received: BATCH_SIZE, inserted: 0, duplicates: BATCH_SIZE },
      });
    }
    expect(await readingsStored(server.url)).toBe(TOTAL);
    expect(storedKeys(dataPath).count).toBe(TOTAL);
  });
});
