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
  // A batch in two parts: its readings rows first (written while the main thread plans the rest), then
  // the rest and the commit; or an abort.
  | { type: 'begin'; id: number; epoch: number; plan: WritePlan }
  | { type: 'finish'; id: number; plan: WritePlan }
  | { type: 'abort'; id: number }
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

const begin = db.prepare('BEGIN IMMEDIATE');
const commit = db.prepare('COMMIT');
const rollback = db.prepare('ROLLBACK');
/** The batch whose transaction is open between its `begin` and `finish`; -1 for none. */
let open = -1;
/** A batch refused or failed at `begin`, answered already: its `finish` is ignored. */
let answeredAtBegin = -1;

/** Writes `plan` in the open transaction: throws Stale if a reading it took for new was stored. */
function writeRows(plan: WritePlan): void {
  if (writer.write(plan) !== plan.inserted) throw new Stale();
}

/** Opens the batch's transaction, unless the plan may be stale. */
function openTransaction(epoch: number): void {
  if (epoch < minEpoch) throw new Stale();
  begin.run();
  // Another connection's commit (a second server, a CLI import) may have changed what the plan assumed.
  const version = dataVersion.get()!;
  if (version !== seenVersion) {
    seenVersion = version;
    throw new Stale();
  }
}

/** Ends the batch: rolls back whatever it wrote, and refuses the rest of its epoch. */
function failed(id: number, epoch: number, error: unknown): WriterReply {
  if (db.inTransaction) rollback.run();
  open = -1;
  minEpoch = Math.max(minEpoch, epoch + 1);
  if (error instanceof Stale) return { id, stale: true };
  const { message, code } = error as Error & { code?: unknown };
  return { id, error: { message, ...(typeof code === 'string' ? { code } : {}) } };
}

let openEpoch = 0;
let openInserted = 0;
function answer(request: WriterRequest): WriterReply | undefined {
  switch (request.type) {
    case 'write':
      try {
        openTransaction(request.epoch);
        writeRows(request.plan);
        commit.run();
        return { id: request.id, ok: true, inserted: request.plan.inserted };
      } catch (error) {
        return failed(request.id, request.epoch, error);
      }
    case 'begin':
      try {
        openTransaction(request.epoch);
        open = request.id;
        openEpoch = request.epoch;
        openInserted = request.plan.inserted;
        writeRows(request.plan);
        return undefined;
      } catch (error) {
        answeredAtBegin = request.id;
        return failed(request.id, request.epoch, error);
      }
    case 'finish':
      if (request.id === answeredAtBegin || request.id !== open) return undefined;
      try {
        writeRows(request.plan);
        commit.run();
        open = -1;
        return { id: request.id, ok: true, inserted: openInserted + request.plan.inserted };
      } catch (error) {
        return failed(request.id, openEpoch, error);
      }
    case 'abort':
      if (request.id !== open) return undefined;
      return failed(request.id, openEpoch, new Error('the batch could not be planned'));
  }
  try {
    switch (request.type) {
      case 'meter':
        putMeter.run(request.meterId, request.json);
        break;
      case 'ping':
        // A write, not a read: a file that opened but no longer takes writes (read-only, full) is not ready.
        db.pragma(`user_version = ${db.pragma('user_version', { simple: true }) as number}`);
        break;
      case 'close':
        db.close();
        break;
    }
    return { id: request.id, ok: true, inserted: 0 };
  } catch (error) {
    const { message, code } = error as Error & { code?: unknown };
    return { id: request.id, error: { message, ...(typeof code === 'string' ? { code } : {}) } };
  }
}

port.on('message', (request: WriterRequest) => {
  const reply = answer(request);
  if (reply !== undefined) port.postMessage(reply);
  if (request.type === 'close') port.close();
});
port.postMessage({ id: 0, ok: true, inserted: 0 } satisfies WriterReply);
