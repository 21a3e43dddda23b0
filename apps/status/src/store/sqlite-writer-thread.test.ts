// The SQLite store's writer thread under failure: a batch is acknowledged only once the thread has
// committed it; a failing batch fails alone, and the batches planned on top of it are planned again; a
// thread that dies fails what it had in flight, and the next batch starts a new one. Every check compares
// with a store that wrote the same acknowledged batches one at a time in this thread.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reading } from '../telemetry/reading.js';
import { createSqliteStore, sqliteStoreInternals } from './sqlite-store.js';
import type { TelemetryStore } from './telemetry-store.js';

const MIDNIGHT_MS = Date.UTC(2026, 10, 28);
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Batch b: meters m0-m9, minutes 2b and 2b + 1, 100 kW + i facility and 80 kW IT. */
function batch(b: number, meters = 10): Reading[] {
  return Array.from({ length: 2 * meters }, (_, i) => ({
    source: `m${i % meters}`,
    timestampMs: MIDNIGHT_MS + (2 * b + Math.floor(i / meters)) * MINUTE_MS,
    facilityPowerKw: 100 + (i % meters),
    itPowerKw: 80,
  }));
}

/** Everything a reader sees of the telemetry, for comparing two stores. */
async function contents(store: TelemetryStore) {
  const range = [MIDNIGHT_MS, MIDNIGHT_MS + DAY_MS] as const;
  return {
    count: await store.count(),
    readings: await store.range(...range),
    rollups: await store.rollups(...range, { stepMs: 3_600_000, bySource: true }),
    series: await store.series(...range, 3_600_000),
    states: await store.meterStates(),
  };
}

describe('SQLite writer thread', () => {
  let directory: string;
  let path: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'karst-writer-'));
    path = join(directory, 'karst.sqlite');
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('acknowledges a batch only once it is committed: another connection sees it when insert resolves', async () => {
    const store = await createSqliteStore({ path });
    const raw = new Database(path, { readonly: true });
    const seen = raw
      .prepare<[number], number>('SELECT count(*) FROM readings WHERE timestamp_ms = ?')
      .pluck();
    try {
      // 12 batches in flight at once: each, when its insert resolves, is on disk for a reader.
      const missing: number[] = [];
      await Promise.all(
        Array.from({ length: 12 }, (_, b) =>
          store.insert(batch(b)).then((result) => {
            expect(result).toEqual({ inserted: 20, duplicates: 0 });
            if (seen.get(MIDNIGHT_MS + (2 * b + 1) * MINUTE_MS) !== 10) missing.push(b);
          }),
        ),
      );
      expect(missing).toEqual([]);
    } finally {
      raw.close();
      await store.close();
    }
  });

  it('fails only the batch that fails, and plans the batches in flight behind it again', async () => {
    // A trigger (from another connection) fails any batch with a reading of meter "poison". Batches 0-9 are
    // sent at once, batch 4 with a poison reading: 4 fails, the others are stored exactly as a store that
    // never saw batch 4 stores them (batch 5 was planned on top of 4, so its plan had to be made again).
    const store = await createSqliteStore({ path });
    const reference = await createSqliteStore({ path: ':memory:' });
    const raw = new Database(path);
    try {
      await store.insert(batch(0));
      raw.exec(
        "CREATE TRIGGER poison AFTER INSERT ON readings WHEN NEW.source = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END",
      );
      const poisoned = [...batch(4), { ...batch(4)[0]!, source: 'poison' }];
      const results = await Promise.allSettled(
        Array.from({ length: 9 }, (_, i) => store.insert(i + 1 === 4 ? poisoned : batch(i + 1))),
      );
      expect(results.map((result) => result.status)).toEqual([
        ...Array(3).fill('fulfilled'),
        'rejected',
        ...Array(5).fill('fulfilled'),
      ]);
      expect(String((results[3] as PromiseRejectedResult).reason)).toMatch(/poisoned/);
      for (const b of [0, 1, 2, 3, 5, 6, 7, 8, 9]) await reference.insert(batch(b));
      expect(await contents(store)).toEqual(await contents(reference));
      // Batch 4 again, now that it can be stored: it fills the gap exactly.
      raw.exec('DROP TRIGGER poison');
      expect(await store.insert(batch(4))).toEqual({ inserted: 20, duplicates: 0 });
      await reference.insert(batch(4));
      expect(await contents(store)).toEqual(await contents(reference));
    } finally {
      raw.close();
      await store.close();
      await reference.close();
    }
  });

  it('fails the batches in flight when the thread dies, and starts a new thread for the next', async () => {
    const store = await createSqliteStore({ path });
    const reference = await createSqliteStore({ path: ':memory:' });
    try {
      await store.insert(batch(0));
      await reference.insert(batch(0));
      // Many batches in flight, then the thread is stopped as a crash would stop it.
      const inFlight = Array.from({ length: 30 }, (_, i) => store.insert(batch(i + 1, 200)));
      await sqliteStoreInternals(store).terminateWriter();
      const results = await Promise.allSettled(inFlight);
      const failed = results.filter((result) => result.status === 'rejected');
      for (const failure of failed)
        expect(String((failure as PromiseRejectedResult).reason)).toMatch(/writer thread .* stopped/);
      expect(failed.length).toBeGreaterThan(0);
      // What was acknowledged is stored; a client retries what failed (the store is idempotent).
      for (let i = 0; i < results.length; i++)
        if (results[i]!.status === 'fulfilled') await reference.insert(batch(i + 1, 200));
      for (let i = 0; i < results.length; i++) {
        if (results[i]!.status === 'fulfilled') continue;
        const retried = await store.insert(batch(i + 1, 200));
        // The thread may have committed a batch whose answer it could not send: then it is all duplicates.
        expect([0, 400]).toContain(retried.inserted);
        await reference.insert(batch(i + 1, 200));
      }
      expect(await contents(store)).toEqual(await contents(reference));
    } finally {
      await store.close();
      await reference.close();
    }
  });

  it('refuses a batch a plan took for new when another connection stored some of it, and plans it again', async () => {
    const store = await createSqliteStore({ path });
    const other = await createSqliteStore({ path, writer: 'main' });
    const reference = await createSqliteStore({ path: ':memory:' });
    try {
      await store.insert(batch(0));
      // The other connection stores part of batch 1; this store still remembers batch 0 as the latest.
      await other.insert(batch(1).slice(0, 10));
      expect(await store.insert(batch(1))).toEqual({ inserted: 10, duplicates: 10 });
      for (const b of [batch(0), batch(1).slice(0, 10), batch(1)]) await reference.insert(b);
      expect(await contents(store)).toEqual(await contents(reference));
    } finally {
      await store.close();
      await other.close();
      await reference.close();
    }
  });
});
