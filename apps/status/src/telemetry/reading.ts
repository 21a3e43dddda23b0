import { z } from 'zod';

/** Earliest and (exclusive) latest instants a reading may carry: what both stores keep, [0, 1e13) ms. */
export const MIN_TIMESTAMP_MS = 0;
export const MAX_TIMESTAMP_MS = 1e13;

/**
 * An ISO 8601 instant with a time zone, in the range the stores keep (1970-01-01 up to 2286-11-20), and
 * at most millisecond precision: `.1234Z` would be stored as `.123Z` and collide with it, so digits past
 * the third are refused unless they are zeros.
 */
export const timestampSchema = z.iso
  .datetime({ offset: true })
  .refine((text) => !/\.\d{3}\d*[1-9]\d*(?=[Z+-]|$)/i.test(text), {
    message: 'must have at most millisecond precision (3 digits after the seconds)',
  })
  .refine(
    (text) => {
      const ms = Date.parse(text);
      return ms >= MIN_TIMESTAMP_MS && ms < MAX_TIMESTAMP_MS;
    },
    { message: 'must be from 1970-01-01T00:00:00Z up to (not including) 2286-11-20T17:46:40Z' },
  );

/** Telemetry from the data hall, as posted: one reading per source and timestamp. */
export const readingInputSchema = z
  .object({
    /** Meter or BMS point that produced the reading. */
    source: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[A-Za-z0-9_.:/-]+$/, 'letters, digits and _ . : / - only')
      .default('default'),
    /** ISO 8601 instant with a time zone, e.g. 2026-11-28T12:00:00Z. */
    timestamp: timestampSchema,
    facilityPowerKw: z.number().finite().min(0).max(10_000_000),
    itPowerKw: z.number().finite().min(0).max(10_000_000),
    outdoorDryBulbC: z.number().finite().min(-90).max(70),
    outdoorDewPointC: z.number().finite().min(-90).max(70),
    /** Server inlet temperatures, for the envelope alert. */
    inletTemperaturesC: z.array(z.number().finite().min(-20).max(80)).max(1000).optional(),
  })
  .refine((reading) => reading.itPowerKw <= reading.facilityPowerKw, {
    message: 'itPowerKw must not exceed facilityPowerKw',
    path: ['itPowerKw'],
  });

export type ReadingInput = z.input<typeof readingInputSchema>;

/** A stored reading; `timestampMs` is milliseconds since the Unix epoch. */
export interface Reading {
  readonly source: string;
  readonly timestampMs: number;
  readonly facilityPowerKw: number;
  readonly itPowerKw: number;
  readonly outdoorDryBulbC: number;
  readonly outdoorDewPointC: number;
  readonly inletTemperaturesC?: readonly number[];
}

export function toReading(input: z.output<typeof readingInputSchema>): Reading {
  const { timestamp, ...rest } = input;
  return { ...rest, timestampMs: Date.parse(timestamp) };
}

/**
 * Refuses two readings of one batch with the same (source, timestamp) but different values: the store
 * would keep the first and count the second a duplicate, silently dropping a measurement. Identical
 * repeats stay allowed (a retried batch is idempotent).
 */
export function checkBatchKeys(ctx: {
  value: { readings: readonly z.output<typeof readingInputSchema>[] };
  issues: unknown[];
}): void {
  const seen = new Map<string, number>();
  const { readings } = ctx.value;
  let reported = 0;
  readings.forEach((reading, i) => {
    const key = `${reading.source}\u0000${Date.parse(reading.timestamp)}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      return;
    }
    if (reported < 20 && JSON.stringify(toReading(readings[first]!)) !== JSON.stringify(toReading(reading))) {
      reported++;
      ctx.issues.push({
        code: 'custom',
        path: ['readings', i, 'timestamp'],
        message: `same source and timestamp as readings.${first} (${reading.source} at ${reading.timestamp}) with different values`,
        input: reading.timestamp,
      });
    }
  });
}
