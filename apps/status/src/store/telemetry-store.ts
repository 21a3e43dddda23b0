import type { Reading } from '../telemetry/reading.js';

export interface InsertResult {
  /** Readings stored by this call. */
  readonly inserted: number;
  /** Readings whose (source, timestamp) was already stored: left as they were. */
  readonly duplicates: number;
}

/**
 * Where telemetry lives. Idempotent on (source, timestamp): a retried batch stores nothing twice.
 * Implementations: SQLite (the embedded default) and DynamoDB (in the cloud).
 */
export interface TelemetryStore {
  readonly kind: 'sqlite' | 'dynamodb';
  /** Stores a batch; when it resolves, every reading of the batch is durable. */
  insert(readings: readonly Reading[]): Promise<InsertResult>;
  /** Readings with fromMs <= timestampMs < toMs, ordered by timestamp then source. */
  range(fromMs: number, toMs: number): Promise<Reading[]>;
  /** The reading with the latest timestamp, if any. */
  latest(): Promise<Reading | undefined>;
  count(): Promise<number>;
  /** Resolves when the store answers; rejects with the reason when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
