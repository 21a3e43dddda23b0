import { z } from 'zod';

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
    timestamp: z.iso.datetime({ offset: true }),
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
