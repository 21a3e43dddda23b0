/**
 * A bound on expensive synchronous computes (what-if budgets): at most `limit` distinct keys admitted and
 * not yet finished; a request for a key already admitted shares its compute instead of taking a place.
 * Admitted computes run one per turn of the event loop, first in first out (each from a setImmediate that
 * the previous one scheduled), so probes, cached answers and this gate's refusals are answered between two
 * computes instead of queueing behind all of them.
 */
export class ComputeGate<T> {
  private readonly pending = new Map<string, Promise<T>>();
  private readonly queue: (() => void)[] = [];
  private scheduled = false;

  /** @param limit computes admitted at once (waiting for their turn or running), at least 1. */
  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`limit must be an integer >= 1, got ${limit}`);
    }
  }

  /** Computes admitted and not yet finished. */
  get size(): number {
    return this.pending.size;
  }

  /**
   * The result of `compute` for `key` (shared with a request for the same key already admitted), or
   * `undefined` when `limit` other computes are admitted: the caller answers "busy" and nothing runs.
   */
  run(key: string, compute: () => T): Promise<T> | undefined {
    const shared = this.pending.get(key);
    if (shared !== undefined) return shared;
    if (this.pending.size >= this.limit) return undefined;
    const result = new Promise<T>((resolve, reject) => {
      this.queue.push(() => {
        try {
          resolve(compute());
        } catch (error) {
          reject(error);
        }
      });
      this.schedule();
    }).finally(() => this.pending.delete(key));
    this.pending.set(key, result);
    return result;
  }

  /** The next compute on a later turn of the event loop (an immediate set while immediates run waits a turn). */
  private schedule(): void {
    if (this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.queue.shift()?.();
      this.schedule();
    });
  }
}
