// The SQLite store's writer thread (see sqlite-store.ts): owns the write connection and runs each batch's
// prepared rows (sqlite-write.ts) in one IMMEDIATE transaction, WAL + synchronous=FULL, answering only once
// it has committed. It plans nothing: the main thread parsed, validated and planned the batch, and goes on
// with the next one while this thread commits. A batch planned on what the main thread knew of the file is
// refused as stale, untouched, when that may no longer hold: another connection committed since this
// thread's last transaction, a batch of the same epoch failed before it, or a reading the plan took for new
// was already stored.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { planWriter, type WritePlan } from './sqlite-write.js';

/** What the store sends this thread. */
export type WriterRequest =
  | { type: 'write'; id: number; epoch: number; plan: WritePlan }
  | { type: 'meter'; id: number; meterId: string; json: string }
  | { type: 'ping'; id: number }
  | { type: 'close'; id: number };

/** This thread's answer to request `id`. */
export type WriterReply =
  | { id: number; ok: true; inserted: number }
  | { id: number; stale: true }
  | { id: number; error: { message: string; code?: string } };

/** What the thread is started with. */
export interface WriterData {
  path: string;
  /** The epoch of the first batch it may commit (the store's epoch when it started the thread). */
  epoch: number;
}

const port = parentPort;
if (port === null) throw new Error('sqlite-writer-worker runs as a worker thread');
const { path, epoch: firstEpoch } = workerData as WriterData;

const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
const writer = planWriter(db);
const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
const putMeter = db.prepare<[string, string]>(
  'INSERT INTO meters (id, meter) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET meter = excluded.meter',
);
/** Batches of an epoch before this one are refused: one of them failed, later ones built on it. */
let minEpoch = firstEpoch;
let seenVersion = dataVersion.get()!;

class Stale extends Error {}

const writeBatch = db.transaction((plan: WritePlan) => {
  // Another connection's commit (a second server, a CLI import) may have changed what the plan assumed.
  const version = dataVersion.get()!;
  if (version !== seenVersion) {
    seenVersion = version;
    throw new Stale();
  }
  const inserted = writer.write(plan);
  if (inserted !== plan.inserted) throw new Stale();
  return inserted;
});

function answer(request: WriterRequest): WriterReply {
  try {
    switch (request.type) {
      case 'write': {
        if (request.epoch < minEpoch) return { id: request.id, stale: true };
        try {
          return { id: request.id, ok: true, inserted: writeBatch.immediate(request.plan) };
        } catch (error) {
          minEpoch = request.epoch + 1;
          if (error instanceof Stale) return { id: request.id, stale: true };
          throw error;
        }
      }
      case 'meter':
        putMeter.run(request.meterId, request.json);
        return { id: request.id, ok: true, inserted: 0 };
      case 'ping':
        // A write, not a read: a file that opened but no longer takes writes (read-only, full) is not ready.
        db.pragma(`user_version = ${db.pragma('user_version', { simple: true }) as number}`);
        return { id: request.id, ok: true, inserted: 0 };
      case 'close':
        db.close();
        return { id: request.id, ok: true, inserted: 0 };
    }
  } catch (error) {
    const { message, code } = error as Error & { code?: unknown };
    return { id: request.id, error: { message, ...(typeof code === 'string' ? { code } : {}) } };
  }
}

port.on('message', (request: WriterRequest) => {
  port.postMessage(answer(request));
  if (request.type === 'close') port.close();
});
port.postMessage({ id: 0, ok: true, inserted: 0 } satisfies WriterReply);
