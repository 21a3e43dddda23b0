// The main thread's side of the SQLite writer thread (sqlite-writer-worker.ts): starts it, sends it
// requests and resolves each with its answer, and when the thread dies, fails every request in flight and
// starts a new thread for the next one.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { WritePlan } from './sqlite-write.js';
import type { WriterData, WriterReply, WriterRequest } from './sqlite-writer-worker.js';

/** A request to the writer thread, without its id. */
type Request = WriterRequest extends infer R ? (R extends WriterRequest ? Omit<R, 'id'> : never) : never;

/** The writer thread's module: TypeScript source under tsx or vitest, JavaScript when built. */
const WORKER_URL = new URL(
  `./sqlite-writer-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
);

/**
 * How to start the thread: the module itself when built; from TypeScript source (under tsx or vitest), a
 * few lines that register tsx's loader in the new thread first (Node 20 does not apply a parent's
 * `--import tsx` to a worker's own entry module).
 */
function workerEntry(): { entry: URL | string; options: WorkerOptions } {
  if (!WORKER_URL.pathname.endsWith('.ts')) return { entry: WORKER_URL, options: {} };
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
  const api = pathToFileURL(join(dirname(packageJson), 'dist', 'esm', 'api', 'index.mjs')).href;
  const code = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
  return { entry: code, options: { eval: true, execArgv: [] } };
}

/** The writer thread stopped (crashed, was terminated, or could not open the file). */
export class WriterThreadError extends Error {
  override readonly name = 'WriterThreadError';
}

export class WriterThread {
  /**
   * Batches planned in an epoch are committed only while it lasts: a batch that fails (or is refused as
   * stale) ends its epoch in the thread, and every later batch of it is refused unwritten.
   */
  epoch = 0;
  private thread: { worker: Worker; ready: Promise<void> } | undefined;
  private readonly waiting = new Map<
    number,
    { resolve: (reply: WriterReply) => void; reject: (error: Error) => void }
  >();
  private drains: (() => void)[] = [];
  private nextId = 1;
  private closing = false;

  /**
   * `onStopped` runs when a thread dies with requests possibly lost: what the planner remembers may then
   * include batches that never committed.
   */
  constructor(
    private readonly path: string,
    private readonly onStopped: () => void,
  ) {}

  /** Requests sent and not answered yet. */
  get inFlight(): number {
    return this.waiting.size;
  }

  /** Resolves once every request sent so far is answered (or failed). */
  drain(): Promise<void> {
    if (this.waiting.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drains.push(resolve));
  }

  /** Sends a batch's rows (its numbers' buffer is transferred, not copied). */
  write(plan: WritePlan, epoch: number): Promise<WriterReply> {
    return this.request({ type: 'write', epoch, plan }, [plan.numbers.buffer as ArrayBuffer]);
  }

  /**
   * Starts a batch with its first rows (the thread opens its transaction and writes them); `finish` (or
   * `abort`) must follow before any other request. The reply comes after `finish`'s commit.
   */
  begin(plan: WritePlan, epoch: number): { id: number; reply: Promise<WriterReply> } {
    const id = this.nextId;
    return { id, reply: this.request({ type: 'begin', epoch, plan }, [plan.numbers.buffer as ArrayBuffer]) };
  }

  /** The rest of batch `id`'s rows; the thread writes them and commits. */
  finish(id: number, plan: WritePlan): void {
    this.thread?.worker.postMessage({ type: 'finish', id, plan } satisfies WriterRequest, [
      plan.numbers.buffer as ArrayBuffer,
    ]);
  }

  /** Rolls batch `id` back (its rest could not be planned); its reply is an error. */
  abort(id: number): void {
    this.thread?.worker.postMessage({ type: 'abort', id } satisfies WriterRequest);
  }

  /** Sends a request; resolves with the thread's answer, rejects if the thread dies first. */
  request(message: Request, transfer: ArrayBuffer[] = []): Promise<WriterReply> {
    const { worker } = this.start();
    const id = this.nextId++;
    const reply = new Promise<WriterReply>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    worker.ref();
    worker.postMessage({ ...message, id }, transfer);
    return reply;
  }

  /** Resolves once the thread has opened the file; rejects if it could not. */
  ready(): Promise<void> {
    return this.start().ready;
  }

  /** Stops the thread at once, as a crash would (for tests): requests in flight fail. */
  async terminate(): Promise<void> {
    await this.thread?.worker.terminate();
  }

  /** Closes the thread's connection and ends it, after the requests in flight. */
  async close(): Promise<void> {
    if (this.thread === undefined) return;
    const { worker } = this.thread;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    this.closing = true;
    await this.request({ type: 'close' }).catch(() => undefined);
    await exited;
  }

  private start(): { worker: Worker; ready: Promise<void> } {
    if (this.thread !== undefined) return this.thread;
    const data: WriterData = { path: this.path, epoch: this.epoch };
    const { entry, options } = workerEntry();
    const worker = new Worker(entry, { ...options, workerData: data });
    let lastError: Error | undefined;
    let opened: () => void = () => undefined;
    let failed: (error: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      opened = resolve;
      failed = reject;
    });
    // A thread that never opens fails `ready`; that rejection is also every request's, so it is not unhandled.
    ready.catch(() => undefined);
    worker.on('message', (reply: WriterReply) => {
      if (reply.id === 0) return opened();
      const waiter = this.waiting.get(reply.id);
      if (waiter === undefined) return;
      this.waiting.delete(reply.id);
      waiter.resolve(reply);
      this.settled(worker);
    });
    worker.on('error', (error: unknown) => {
      // A SQLite error thrown in the thread arrives without its message: keep what there is.
      lastError = error instanceof Error ? error : new Error(JSON.stringify(error));
    });
    worker.on('exit', (code) => {
      if (this.thread?.worker === worker) this.thread = undefined;
      const error = new WriterThreadError(
        `SQLite writer thread for ${this.path} stopped (exit code ${code}${lastError ? `: ${lastError.message}` : ''})`,
      );
      failed(error);
      if (!this.closing) {
        this.epoch++;
        this.onStopped();
      }
      const waiters = [...this.waiting.values()];
      this.waiting.clear();
      for (const waiter of waiters) waiter.reject(error);
      this.settled(worker);
    });
    this.thread = { worker, ready };
    return this.thread;
  }

  private settled(worker: Worker): void {
    if (this.waiting.size > 0) return;
    // Idle, the thread does not keep the process alive (a request in flight, or closing, does).
    if (!this.closing) worker.unref();
    const drains = this.drains;
    this.drains = [];
    for (const resolve of drains) resolve();
  }
}
