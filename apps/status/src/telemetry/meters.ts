import { strictObject } from '@karst/climate';
import { z } from 'zod';
import { meterIdSchema, POWER_ROLES, type PowerRole, type Reading, rolesOf } from './reading.js';

/**
 * Where an IT meter measures, and the PUE category that point gives (ISO/IEC 30134-2:2016, PUE
 * categories; The Green Grid White Paper #49, "PUE: A Comprehensive Examination of the Metric", 2012):
 * category 1 at the UPS output, 2 at the PDU output, 3 at the IT equipment input. Facility energy is
 * measured at the facility input (utility incomer) in every category.
 */
export const IT_MEASUREMENT_POINTS = { 'ups-output': 1, 'pdu-output': 2, 'it-input': 3 } as const;
export type ItMeasurementPoint = keyof typeof IT_MEASUREMENT_POINTS;
export type PueCategory = 1 | 2 | 3;

export const METER_ROLES = [...POWER_ROLES, 'weather'] as const;
export type MeterRole = (typeof METER_ROLES)[number];

/** A meter's fields but its id. */
const meterFields = {
  /** `facility`: the facility input (utility incomer); `it`: IT power at `itMeasurementPoint`; `cooling`: a subsystem; `weather`: outdoor conditions. */
  roles: z
    .array(z.enum(METER_ROLES, { error: `must be one of ${METER_ROLES.join(', ')} (lowercase)` }))
    .min(1)
    .refine((roles) => new Set(roles).size === roles.length, 'each role once'),
  /** Required for a meter with the `it` role. */
  itMeasurementPoint: z.enum(['ups-output', 'pdu-output', 'it-input']).optional(),
  /** How often the meter reports; it is stale (its last value stops counting) after `staleAfterS`. */
  expectedIntervalS: z.number().int().min(1).max(86_400).default(60),
  /** Default three expected intervals. */
  staleAfterS: z.number().int().min(1).max(86_400).optional(),
  /** The highest power the meter can plausibly read (its rating, or the feed's): larger values are refused. */
  ratingKw: z.number().finite().positive().max(10_000_000).optional(),
  /** Where the meter's kWh register wraps to zero (e.g. 999,999.9); a decrease is otherwise a reset. */
  registerRolloverKwh: z.number().finite().positive().optional(),
  name: z.string().max(200).optional(),
};

/** The checks across a meter's fields, on any object schema with them. */
function withMeterChecks<
  S extends z.ZodType<{
    roles: readonly string[];
    itMeasurementPoint?: string | undefined;
    expectedIntervalS: number;
    staleAfterS?: number | undefined;
  }>,
>(schema: S) {
  return (
    schema
      .refine((meter) => !meter.roles.includes('it') || meter.itMeasurementPoint !== undefined, {
        message: 'a meter with the it role needs itMeasurementPoint (ups-output, pdu-output or it-input)',
        path: ['itMeasurementPoint'],
      })
      .refine((meter) => meter.roles.includes('it') || meter.itMeasurementPoint === undefined, {
        message: 'only a meter with the it role has an itMeasurementPoint',
        path: ['itMeasurementPoint'],
      })
      // A meter stale before its next reading is due would flap between stale and live at every reading.
      .refine((meter) => meter.staleAfterS === undefined || meter.staleAfterS >= meter.expectedIntervalS, {
        message: 'must be at least expectedIntervalS: a meter is not stale before its next reading is due',
        path: ['staleAfterS'],
      })
  );
}

/** A meter of the registry: its place in the power chain, how often it reports, what it can read. */
export const meterSchema = withMeterChecks(strictObject({ id: meterIdSchema, ...meterFields }));

/**
 * A meter as `PUT /v1/meters/{id}` takes it: the path names it, so the body's `id` may be left out (and
 * must match the path when given).
 */
export const meterBodySchema = withMeterChecks(
  strictObject({ id: meterIdSchema.optional(), ...meterFields }),
);

export type MeterInput = z.input<typeof meterSchema>;
export type Meter = z.output<typeof meterSchema>;

export const meterListSchema = z.array(meterSchema).max(10_000);

/** Staleness of a meter in s: its own, or three expected intervals. */
export function staleAfterS(meter: Meter): number {
  return meter.staleAfterS ?? 3 * meter.expectedIntervalS;
}

export function pueCategoryOf(meter: Meter): PueCategory | null {
  return meter.itMeasurementPoint === undefined ? null : IT_MEASUREMENT_POINTS[meter.itMeasurementPoint];
}

export function powerRolesOf(meter: Meter): PowerRole[] {
  return POWER_ROLES.filter((role) => meter.roles.includes(role));
}

/**
 * The meter a reading's source stands for when it is not in the registry: the roles its fields carry
 * (a reading with facility and IT power is a meter with both roles, category unknown), reporting
 * every `defaultStaleAfterS / 3`, with no rating but `defaultRatingKw`.
 */
export function implicitMeter(
  reading: Reading,
  defaultStaleAfterS: number,
  defaultRatingKw: number | undefined,
): Meter {
  const roles: MeterRole[] = rolesOf(reading);
  if (reading.outdoorDryBulbC !== undefined || reading.outdoorDewPointC !== undefined) roles.push('weather');
  return {
    id: reading.source,
    roles: roles.length > 0 ? roles : ['weather'],
    expectedIntervalS: Math.max(1, Math.round(defaultStaleAfterS / 3)),
    staleAfterS: defaultStaleAfterS,
    ...(defaultRatingKw === undefined ? {} : { ratingKw: defaultRatingKw }),
  };
}

/** Parses `KARST_METERS_JSON` (a JSON array of meters), or throws naming the bad field. */
export function metersFromJson(text: string | undefined): Meter[] {
  if (text === undefined || text.trim() === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`KARST_METERS_JSON is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = meterListSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `KARST_METERS_JSON.${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(problems.join('; '));
  }
  const ids = new Set<string>();
  for (const [index, meter] of parsed.data.entries()) {
    if (ids.has(meter.id)) throw new Error(`KARST_METERS_JSON.${index}.id: ${meter.id} is listed twice`);
    ids.add(meter.id);
  }
  return parsed.data;
}
