import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  postTelemetry,
  type ReadingBody,
  reading,
  readingKey,
  readingsStored,
  type ServerProcess,
  seededRandom,
  startServer,
  storedKeys,
} from './server-process.test-util.js';

const BATCH_SIZE = 50;
/** Two loops keep a request in flight while another is being answered, as real meters would. */
const LOOPS = 2;
/** Printed on failure: the same seed replays the same kill moments. */
const SEED = Number(process.env.KARST_CRASH_SEED ?? 20261128);
const random = seededRandom(SEED);
// Each trial kills the server once it has acknowledged a number of batches, plus a seeded jitter: the
// kill lands under load however fast the machine is (a kill at a fixed time lands before the first
// acknowledgement on a busy machine, and the trial proves nothing).
const TRIALS = [3, 10, 30].map((afterAcks) => ({
  afterAcks,
  jitterMs: Math.floor(random() * 100),
}));

interface Batch {
  readings: ReadingBody[];
  /** True once the client has read a 200; false when the request failed (the server died under it). */
  acknowledged: boolean;
}

/**
 * Posts batches of unique readings in `LOOPS` loops until the server stops answering, recording each batch
 * and whether it was acknowledged. Unique keys across trials: each trial has its own source.
 */
async function ingestUntilDead(
  url: string,
  source: string,
  onAcknowledged: (count: number) => void,
): Promise<Batch[]> {
  const batches: Batch[] = [];
  let acknowledged = 0;
  let second = 0;
  const loop = async () => {
    for (;;) {
      const readings = Array.from({ length: BATCH_SIZE }, () => reading(source, second++));
      const batch: Batch = { readings, acknowledged: false };
      batches.push(batch);
      try {
        const response = await postTelemetry(url, readings);
        const body = (await response.json()) as { inserted?: number };
        if (response.status !== 200 || body.inserted !== BATCH_SIZE)
          throw new Error(`unexpected answer ${response.status} ${JSON.stringify(body)}`);
        batch.acknowledged = true;
        onAcknowledged(++acknowledged);
      } catch (error) {
        // A refused or reset connection is the kill; anything else is a bug in the server.
        if (error instanceof TypeError) return;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: LOOPS }, loop));
  return batches;
}

describe(`crash safety: SIGKILL under ingest load (seed ${SEED})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'karst-crash-'));
  const dataPath = join(dataDir, 'karst.sqlite');
  let server: ServerProcess | undefined;
  /** Every reading that must be in the file: acknowledged ones, and in-flight batches a restart found. */
  const survived = new Set<string>();

  afterAll(async () => {
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const [trial, { afterAcks, jitterMs }] of TRIALS.entries()) {
    it(`keeps every acknowledged batch and no partial one when killed ${jitterMs} ms after the ${afterAcks}th acknowledgement`, async () => {
      // Each trial restarts on the data file the previous trial's kill left behind.
      server ??= await startServer({ dataPath });
      const victim = server;
      let reached: () => void = () => {};
      const enoughAcknowledged = new Promise<void>((resolve) => {
        reached = resolve;
      });
      const load = ingestUntilDead(victim.url, `crash-${trial}`, (count) => {
        if (count >= afterAcks) reached();
      });
      // If the load ends before enough acknowledgements (a server error), fall through to its failure.
      await Promise.race([enoughAcknowledged, load]);
      await new Promise((resolve) => setTimeout(resolve, jitterMs));
      await victim.kill();
      const batches = await load;
      expect(victim.child.signalCode).toBe('SIGKILL');

      server = await startServer({ dataPath });
      const { count, keys } = storedKeys(dataPath);
      expect(await readingsStored(server.url)).toBe(count);

      const acked = batches.filter((batch) => batch.acknowledged);
      const unacked = batches.filter((batch) => !batch.acknowledged);
      // The kill must land under load, or the trial proves nothing.
      expect(acked.length, 'batches acknowledged before the kill').toBeGreaterThan(0);
      expect(unacked.length, 'batches in flight at the kill').toBeGreaterThan(0);

      for (const batch of acked) for (const body of batch.readings) survived.add(readingKey(body));
      const lost = [...survived].filter((k) => !keys.has(k));
      expect(lost, 'acknowledged (or earlier stored) readings missing after the restart').toEqual([]);

      // In flight at the kill: all of a batch or none of it, never part.
      let unackedStored = 0;
      for (const batch of unacked) {
        const present = batch.readings.filter((body) => keys.has(readingKey(body))).length;
        expect([0, BATCH_SIZE], 'readings of one unacknowledged batch stored').toContain(present);
        if (present === BATCH_SIZE) {
          unackedStored++;
          for (const body of batch.readings) survived.add(readingKey(body));
        }
      }
      // Nothing else is in the file: every stored key is one this suite posted and accounted for.
      expect(count).toBe(survived.size);
      console.log(
        `trial ${trial}: killed ${jitterMs} ms after ${afterAcks} acknowledgements; ${acked.length} batches acknowledged, ` +
          `${unacked.length} in flight (${unackedStored} of them stored whole)`,
      );
    });
  }
});
