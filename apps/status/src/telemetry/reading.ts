import { strictObject } from '@karst/climate';
import { z } from 'zod';
import { parseInstantMs } from './instant.js';

/** Earliest and (exclusive) latest instants a reading may carry: what both stores keep, [0, 1e13) ms. */
export const MIN_TIMESTAMP_MS = 0;
export const MAX_TIMESTAMP_MS = 1e13;

/**
 * The checks `timestampSchema` makes, as zod checks: run only on a timestamp that fails the one-pass parse,
 * for their issues (the same messages as before the fast path).
 */
const timestampIssuesSchema = z.iso
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

/**
 * The instant of a timestamp that `timestampSchema` accepts, in ms since the Unix epoch (`Date.parse`'s
 * value), or `undefined` for one it refuses.
 */
export function timestampMsOf(text: string): number | undefined {
  const ms = parseInstantMs(text);
  return ms !== undefined && ms >= MIN_TIMESTAMP_MS && ms < MAX_TIMESTAMP_MS ? ms : undefined;
}

/**
 * An ISO 8601 instant with a time zone, in the range the stores keep (1970-01-01 up to 2286-11-20), and
 * at most millisecond precision: `.1234Z` would be stored as `.123Z` and collide with it, so digits past
 * the third are refused unless they are zeros. Accepted in one pass (`parseInstantMs`); a refused one gets
 * the issues of the zod checks above.
 */
export const timestampSchema = z
  .string()
  .check((ctx) => {
    if (timestampMsOf(ctx.value) !== undefined) return;
    const result = timestampIssuesSchema.safeParse(ctx.value);
    // The one-pass parse and the zod checks are tested to agree; were they not, zod's verdict stands.
    if (result.success) return;
    // Path and message are what a problem document shows (issuesOf).
    for (const issue of result.error.issues)
      ctx.issues.push({ code: 'custom', path: issue.path, message: issue.message, input: ctx.value });
  })
  .meta({ format: 'date-time' });

export const METER_ID_MAX_LENGTH = 128;
export const METER_ID_PATTERN = /^[A-Za-z0-9_.:/-]+$/;
/** Meter id: the `source` of its readings. */
export const meterIdSchema = z
  .string()
  .min(1)
  .max(METER_ID_MAX_LENGTH)
  .regex(METER_ID_PATTERN, 'letters, digits and _ . : / - only');

/**
 * The bounds of a reading's fields, shared by the zod schema and the one-pass check of
 * telemetry/fast-batch.ts, so the two cannot drift apart.
 */
export const READING_BOUNDS = {
  powerKw: [0, 10_000_000],
  registerKwh: [0, 1e12],
  outdoorC: [-90, 70],
  inletC: [-20, 80],
  inletCount: 1000,
  /**
   * How far an outdoor dew point may read above the dry bulb, K: air holds no more water than at
   * saturation (dew point = dry bulb), and a humidity sensor's error near saturation (±2-3 % RH, about
   * ±0.5 K of dew point at 100 % RH) is allowed once over; beyond it the pair is not air (a swapped field,
   * a sensor fault).
   */
  dewPointAboveDryBulbK: 1,
} as const;

/** A number in [min, max] of `unit`, whose error names the range and the unit (not zod's "Too small"). */
const bounded = ([min, max]: readonly [number, number], unit: string) => {
  const error = `must be from ${min} to ${String(max).replace(/\B(?=(\d{3})+$)/g, ',')} ${unit}`;
  return z.number({ error: 'must be a number' }).min(min, { error }).max(max, { error });
};

const powerKw = bounded(READING_BOUNDS.powerKw, 'kW');
/** A cumulative energy register (kWh counter) as the meter shows it. */
const registerKwh = bounded(READING_BOUNDS.registerKwh, 'kWh');
const outdoorC = bounded(READING_BOUNDS.outdoorC, '°C');

/**
 * Telemetry from the data hall, as posted: one reading per meter (`source`) and timestamp. A reading
 * carries power samples (kW) and/or cumulative energy registers (kWh) for the roles of its meter in the
 * power chain, optionally outdoor conditions and server inlet temperatures. `powerKw`/`energyKwh` are for a
 * registered meter with a single power role; today's shape (facility and IT power together) is a meter with
 * both roles.
 */
export const readingInputSchema = strictObject({
  /** Meter or BMS point that produced the reading. */
  source: meterIdSchema.default('default'),
  /** ISO 8601 instant with a time zone, e.g. 2026-11-28T12:00:00Z. */
  timestamp: timestampSchema,
  facilityPowerKw: powerKw.optional(),
  itPowerKw: powerKw.optional(),
  coolingPowerKw: powerKw.optional(),
  /** Power of a registered meter's single power role. */
  powerKw: powerKw.optional(),
  facilityEnergyKwh: registerKwh.optional(),
  itEnergyKwh: registerKwh.optional(),
  coolingEnergyKwh: registerKwh.optional(),
  /** Register of a registered meter's single power role. */
  energyKwh: registerKwh.optional(),
  outdoorDryBulbC: outdoorC.optional(),
  outdoorDewPointC: outdoorC.optional(),
  /** Server inlet temperatures, for the envelope alert. */
  inletTemperaturesC: z
    .array(z.number().finite().min(READING_BOUNDS.inletC[0]).max(READING_BOUNDS.inletC[1]))
    .max(READING_BOUNDS.inletCount)
    .optional(),
})
  .refine(
    (reading) =>
      reading.itPowerKw === undefined ||
      reading.facilityPowerKw === undefined ||
      reading.itPowerKw <= reading.facilityPowerKw,
    { message: 'itPowerKw must not exceed facilityPowerKw', path: ['itPowerKw'] },
  )
  .refine(
    (reading) =>
      reading.outdoorDewPointC === undefined ||
      reading.outdoorDryBulbC === undefined ||
      reading.outdoorDewPointC <= reading.outdoorDryBulbC + READING_BOUNDS.dewPointAboveDryBulbK,
    {
      message: `outdoorDewPointC must not exceed outdoorDryBulbC (by more than ${READING_BOUNDS.dewPointAboveDryBulbK} K): air holds no more water than at saturation`,
      path: ['outdoorDewPointC'],
    },
  )
  .refine(
    (reading) =>
      MEASUREMENT_FIELDS.some((field) => reading[field] !== undefined) ||
      reading.powerKw !== undefined ||
      reading.energyKwh !== undefined,
    {
      message:
        'a reading needs at least one of facilityPowerKw, itPowerKw, coolingPowerKw, powerKw, *EnergyKwh, outdoorDryBulbC, inletTemperaturesC',
      path: ['(reading)'],
    },
  );

export type ReadingInput = z.input<typeof readingInputSchema>;

/** The roles a meter can have in the power chain (plus `weather` for an outdoor sensor). */
export const POWER_ROLES = ['facility', 'it', 'cooling'] as const;
export type PowerRole = (typeof POWER_ROLES)[number];

export const POWER_FIELD = {
  facility: 'facilityPowerKw',
  it: 'itPowerKw',
  cooling: 'coolingPowerKw',
} as const satisfies Record<PowerRole, string>;
export const ENERGY_FIELD = {
  facility: 'facilityEnergyKwh',
  it: 'itEnergyKwh',
  cooling: 'coolingEnergyKwh',
} as const satisfies Record<PowerRole, string>;

/** The optional numeric fields of a reading, in storage order. */
export const READING_NUMBER_FIELDS = [
  'facilityPowerKw',
  'itPowerKw',
  'coolingPowerKw',
  'facilityEnergyKwh',
  'itEnergyKwh',
  'coolingEnergyKwh',
  'outdoorDryBulbC',
  'outdoorDewPointC',
] as const;

/** What a reading may measure: the numeric fields and the inlet temperatures. */
const MEASUREMENT_FIELDS = [...READING_NUMBER_FIELDS, 'inletTemperaturesC'] as const;

/** A stored reading; `timestampMs` is milliseconds since the Unix epoch. Absent fields were not sent. */
export interface Reading {
  readonly source: string;
  readonly timestampMs: number;
  readonly facilityPowerKw?: number;
  readonly itPowerKw?: number;
  readonly coolingPowerKw?: number;
  readonly facilityEnergyKwh?: number;
  readonly itEnergyKwh?: number;
  readonly coolingEnergyKwh?: number;
  readonly outdoorDryBulbC?: number;
  readonly outdoorDewPointC?: number;
  readonly inletTemperaturesC?: readonly number[];
}

export type ReadingNumberField = (typeof READING_NUMBER_FIELDS)[number];

/**
 * A validated input as a stored reading. `powerKw`/`energyKwh` go to `singleRole` (the registered
 * meter's one power role); the caller checks that there is one. `timestampMs`: the input's timestamp
 * already parsed, when the caller has it.
 */
export function toReading(
  input: z.output<typeof readingInputSchema>,
  singleRole?: PowerRole,
  timestampMs?: number,
): Reading {
  // Field by field (no Object.entries): this runs for every reading of every batch.
  const reading: Record<string, unknown> = {
    source: input.source,
    timestampMs: timestampMs ?? timestampMsOf(input.timestamp) ?? Date.parse(input.timestamp),
  };
  for (const field of READING_NUMBER_FIELDS) {
    const value = input[field];
    if (value !== undefined) reading[field] = value;
  }
  if (input.inletTemperaturesC !== undefined) reading.inletTemperaturesC = input.inletTemperaturesC;
  if (singleRole !== undefined) {
    if (input.powerKw !== undefined) reading[POWER_FIELD[singleRole]] = input.powerKw;
    if (input.energyKwh !== undefined) reading[ENERGY_FIELD[singleRole]] = input.energyKwh;
  }
  return reading as unknown as Reading;
}

/** The power roles a reading carries a value for (power or register). */
export function rolesOf(reading: Reading): PowerRole[] {
  return POWER_ROLES.filter(
    (role) => reading[POWER_FIELD[role]] !== undefined || reading[ENERGY_FIELD[role]] !== undefined,
  );
}

/**
 * Refuses two readings of one batch with the same (source, timestamp) but different values: the store
 * would keep the first and count the second a duplicate, silently dropping a measurement. Identical
 * repeats stay allowed (a retried batch is idempotent).
 */
export function checkBatchKeys(
  ctx: {
    value: { readings: readonly z.output<typeof readingInputSchema>[] };
    issues: unknown[];
  },
  /** The readings' timestamps in ms, when the caller has parsed them already. */
  instantsMs?: readonly number[],
): void {
  // By source, then instant: no string key per reading (this runs for every reading of every batch).
  const seen = new Map<string, Map<number, number>>();
  const { readings } = ctx.value;
  let reported = 0;
  readings.forEach((reading, i) => {
    let instants = seen.get(reading.source);
    if (instants === undefined) {
      instants = new Map();
      seen.set(reading.source, instants);
    }
    const ms = instantsMs?.[i] ?? timestampMsOf(reading.timestamp) ?? Date.parse(reading.timestamp);
    const first = instants.get(ms);
    if (first === undefined) {
      instants.set(ms, i);
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
