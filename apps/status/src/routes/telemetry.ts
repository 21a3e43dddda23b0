import { createRoute, z } from '@hono/zod-openapi';
import { strictObject } from '@karst/climate';
import type { App, RouteContext } from '../deps.js';
import { problem } from '../http/problem.js';
import { requireWriteToken } from '../http/write-auth.js';
import { durationText } from '../telemetry/duration.js';
import { embeddedMetricRecord } from '../telemetry/emf.js';
import { acceptBatch, acceptedInstantsMs } from '../telemetry/fast-batch.js';
import { powerRolesOf } from '../telemetry/meters.js';
import {
  checkBatchKeys,
  ENERGY_FIELD,
  meterIdSchema,
  POWER_FIELD,
  POWER_ROLES,
  type PowerRole,
  type Reading,
  readingInputSchema,
  toReading,
} from '../telemetry/reading.js';
import { HOUR_MS } from '../telemetry/rollup.js';

/** At most this many readings per POST; larger uploads are split by the client. */
export const MAX_BATCH_READINGS = 5_000;
/** At most this many buckets per query, so a tiny step over a long range cannot exhaust memory. */
export const MAX_BUCKETS = 10_000;
/** Steps under an hour are served from raw readings, over at most this long a range. */
export const MAX_RAW_RANGE_MS = 2 * 86_400_000;

const batchSchema = acceptedAtOnce(
  strictObject({ readings: z.array(readingInputSchema).min(1).max(MAX_BATCH_READINGS) })
    .check((ctx) => checkBatchKeys(ctx))
    .openapi('TelemetryBatch'),
);

/**
 * `schema`, with the route validator's `safeParseAsync` answered by the one-pass check of
 * telemetry/fast-batch.ts for a batch it accepts (the same data zod's parse gives), and by zod's synchronous
 * parse for any other (its verdict and its field-naming issues). Synchronous, as zod compiles its object
 * parser only for synchronous parses. For schemas without async checks only (a sync parse throws on one).
 */
function acceptedAtOnce<T extends z.ZodType>(schema: T): T {
  return Object.assign(schema, {
    safeParseAsync: async (data: unknown, params?: z.core.ParseContext<z.core.$ZodIssue>) => {
      const accepted = acceptBatch(data, MAX_BATCH_READINGS);
      return accepted ? { success: true as const, data: accepted } : schema.safeParse(data, params);
    },
  });
}

const rangeQuery = z.object({
  from: z.iso
    .datetime({
      offset: true,
      error: (issue) =>
        `${issue.input === undefined ? 'required' : `"${String(issue.input).slice(0, 64)}" is not an instant`}: the range start, ISO 8601 with an offset (2026-11-01T00:00:00Z)`,
    })
    .openapi({ example: '2026-11-01T00:00:00Z' }),
  to: z.iso
    .datetime({
      offset: true,
      error: (issue) =>
        `${issue.input === undefined ? 'required' : `"${String(issue.input).slice(0, 64)}" is not an instant`}: the range end, ISO 8601 with an offset (2026-11-02T00:00:00Z)`,
    })
    .openapi({ example: '2026-11-02T00:00:00Z' }),
  step: z.coerce
    .number({ error: 'must be a whole number of seconds (3600 for hours)' })
    .int({ error: 'must be a whole number of seconds (3600 for hours)' })
    .min(1, { error: 'must be at least 1 s' })
    .max(31 * 86_400, { error: `must be at most ${31 * 86_400} s (31 days)` })
    .default(3600)
    .openapi({
      description:
        'bucket size in seconds; a multiple of 3600 is served from hour rollups (from/to taken to whole hours), a shorter step from raw readings over at most 2 days',
      example: 3600,
    }),
  meter: meterIdSchema
    .optional()
    .openapi({ description: 'only this meter (default: the site, every meter summed)' }),
});

interface FieldError {
  path: string;
  message: string;
}

export function registerTelemetry(app: App, ctx: RouteContext): void {
  if (ctx.config.KARST_WRITE_TOKEN)
    app.use('/v1/telemetry', requireWriteTokenOnWrites(ctx.config.KARST_WRITE_TOKEN));

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/telemetry',
      tags: ['telemetry'],
      summary: 'Store a batch of readings; idempotent on (source, timestamp)',
      security: [{ bearer: [] }],
      request: { body: { required: true, content: { 'application/json': { schema: batchSchema } } } },
      responses: {
        200: {
          description: 'stored',
          content: {
            'application/json': {
              schema: z.object({ received: z.number(), inserted: z.number(), duplicates: z.number() }),
            },
          },
        },
        400: { description: 'invalid batch (problem document naming each field)' },
        401: { description: 'no bearer token' },
        403: { description: 'wrong bearer token' },
        413: { description: 'body too large' },
      },
    }),
    async (c) => {
      if (!ctx.config.KARST_WRITE_TOKEN) {
        return problem(c, 403, 'Writes disabled', { detail: 'set KARST_WRITE_TOKEN to accept telemetry' });
      }
      const { readings: inputs } = c.req.valid('json');
      const meters = await ctx.meters.all();
      const nowMs = ctx.clock();
      const maxAheadMs = ctx.config.KARST_MAX_CLOCK_SKEW_S * 1000;
      const errors: FieldError[] = [];
      const readings: Reading[] = new Array(inputs.length);
      const powerRolesById = new Map<string, PowerRole[]>();
      const instantsMs = acceptedInstantsMs(inputs);
      inputs.forEach((input, index) => {
        const at = `readings.${index}`;
        const registered = meters.get(input.source);
        let powerRoles: PowerRole[] = [];
        if (registered) {
          powerRoles = powerRolesById.get(input.source) ?? powerRolesOf(registered);
          powerRolesById.set(input.source, powerRoles);
        }
        const single = powerRoles.length === 1 ? powerRoles[0] : undefined;
        const reading = toReading(input, single, instantsMs?.[index]);
        readings[index] = reading;
        const { timestampMs } = reading;
        if (timestampMs > nowMs + maxAheadMs) {
          errors.push({
            path: `${at}.timestamp`,
            message: `${input.timestamp} is ${durationText(timestampMs - nowMs)} ahead of the server clock (${new Date(nowMs).toISOString()}); at most ${ctx.config.KARST_MAX_CLOCK_SKEW_S} s of skew is accepted`,
          });
        }
        for (const field of ['powerKw', 'energyKwh'] as const) {
          if (input[field] !== undefined && single === undefined) {
            errors.push({
              path: `${at}.${field}`,
              message: registered
                ? `meter ${input.source} has power roles [${powerRoles.join(', ')}], not one: send ${powerRoles.map((role) => (field === 'powerKw' ? POWER_FIELD[role] : ENERGY_FIELD[role])).join(' / ')}`
                : `meter ${input.source} is not in the registry: send facilityPowerKw / itPowerKw / coolingPowerKw, or register it with one power role`,
            });
          }
        }
        // A meter outside the registry is held to the registry's default rating (see MeterRegistry.meterOf).
        const ratingKw = registered ? registered.ratingKw : ctx.meters.defaults.ratingKw;
        for (const role of POWER_ROLES) {
          const field = POWER_FIELD[role];
          const sent = input[field] !== undefined || input[ENERGY_FIELD[role]] !== undefined;
          if (registered && sent && !registered.roles.includes(role)) {
            const which = input[field] !== undefined ? field : ENERGY_FIELD[role];
            errors.push({
              path: `${at}.${which}`,
              message: `meter ${input.source} is registered with roles [${registered.roles.join(', ')}], not ${role}`,
            });
          }
          const powerKw = reading[field];
          if (powerKw !== undefined && ratingKw !== undefined && powerKw > ratingKw) {
            const path = input[field] !== undefined ? `${at}.${field}` : `${at}.powerKw`;
            errors.push({
              path,
              message: `${powerKw} kW is above the ${ratingKw} kW plausible for meter ${input.source}${registered ? ' (its ratingKw)' : ' (twice the grid connection; register the meter with its ratingKw)'}: is the value in W? send kW`,
            });
          }
        }
      });
      if (errors.length > 0) return problem(c, 400, 'Invalid request', { errors });

      const result = await ctx.store.insert(readings, ctx.meters.policyOf(meters));
      if (result.inserted > 0) {
        ctx.live.invalidate();
        if (ctx.config.KARST_EMIT_EMF) {
          const record = embeddedMetricRecord(ctx.budgets.site.id, await ctx.live.get(), ctx.clock());
          // Straight to stdout: Lambda's JSON log format would wrap a console.log line and lose the metrics.
          if (record) process.stdout.write(`${record}\n`);
        }
      }
      return c.json({ received: readings.length, ...result });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/telemetry',
      tags: ['telemetry'],
      summary:
        'The site (or one meter) per step: energy and mean power per role, summed over meters, measured PUE, coverage',
      request: { query: rangeQuery },
      responses: {
        200: {
          description: 'buckets',
          content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
        },
        400: { description: 'invalid range (problem document)' },
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const stepMs = query.step * 1000;
      const fromRollups = stepMs % HOUR_MS === 0;
      let fromMs = Date.parse(query.from);
      let toMs = Date.parse(query.to);
      if (toMs <= fromMs)
        return problem(c, 400, 'Invalid range', { errors: [{ path: 'to', message: 'must be after from' }] });
      if (fromRollups) {
        fromMs = Math.floor(fromMs / HOUR_MS) * HOUR_MS;
        toMs = Math.ceil(toMs / HOUR_MS) * HOUR_MS;
      } else if (toMs - fromMs > MAX_RAW_RANGE_MS) {
        return problem(c, 400, 'Invalid range', {
          errors: [
            {
              path: 'step',
              message: `a step that is not a whole number of hours reads raw readings, over at most ${MAX_RAW_RANGE_MS / 3_600_000} h; use a multiple of 3600 s for this range`,
            },
          ],
        });
      }
      const count = Math.ceil((toMs - fromMs) / stepMs);
      if (count > MAX_BUCKETS) {
        return problem(c, 400, 'Invalid range', {
          errors: [
            { path: 'step', message: `gives ${count} buckets over the range; at most ${MAX_BUCKETS}` },
          ],
        });
      }
      const buckets = fromRollups
        ? await rollupBuckets(ctx, fromMs, toMs, stepMs, query.meter)
        : await rawBuckets(ctx, fromMs, toMs, stepMs, query.meter);
      return c.json({
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
        stepS: query.step,
        source: fromRollups ? 'hour-rollups' : 'raw-readings',
        ...(query.meter === undefined ? {} : { meter: query.meter }),
        readings: buckets.reduce((sum, bucket) => sum + bucket.readings, 0),
        buckets,
      });
    },
  );
}

export interface TelemetryBucket {
  from: string;
  to: string;
  fromMs: number;
  toMs: number;
  readings: number;
  /** Meters with data in the bucket. */
  meters: number;
  /** Summed over meters: each meter's mean power over the time it was measured in the bucket. */
  meanFacilityPowerKw: number | null;
  meanItPowerKw: number | null;
  meanCoolingPowerKw: number | null;
  /** Integrated energy (hour steps only). */
  facilityEnergyKwh: number | null;
  itEnergyKwh: number | null;
  coolingEnergyKwh: number | null;
  /** Facility over IT: energy at hour steps, mean power for shorter steps. */
  pue: number | null;
  /** Facility coverage: measured meter-time over (meters x bucket length), hour steps only. */
  facilityCoverage: number | null;
}

function emptyBuckets(fromMs: number, toMs: number, stepMs: number): TelemetryBucket[] {
  const count = Math.ceil((toMs - fromMs) / stepMs);
  return Array.from({ length: count }, (_, index) => {
    const bucketFromMs = fromMs + index * stepMs;
    const bucketToMs = Math.min(toMs, bucketFromMs + stepMs);
    return {
      from: new Date(bucketFromMs).toISOString(),
      to: new Date(bucketToMs).toISOString(),
      fromMs: bucketFromMs,
      toMs: bucketToMs,
      readings: 0,
      meters: 0,
      meanFacilityPowerKw: null,
      meanItPowerKw: null,
      meanCoolingPowerKw: null,
      facilityEnergyKwh: null,
      itEnergyKwh: null,
      coolingEnergyKwh: null,
      pue: null,
      facilityCoverage: null,
    };
  });
}

/** Buckets of whole hours from the rollups: a month at 1-hour step is one aggregate query. */
export async function rollupBuckets(
  ctx: Pick<RouteContext, 'store'>,
  fromMs: number,
  toMs: number,
  stepMs: number,
  meter?: string,
): Promise<TelemetryBucket[]> {
  const buckets = emptyBuckets(fromMs, toMs, stepMs);
  for (const row of await ctx.store.series(fromMs, toMs, stepMs, meter)) {
    const bucket = buckets[Math.round((row.bucketMs - fromMs) / stepMs)];
    if (!bucket) continue;
    bucket.readings = row.samples;
    bucket.meters = row.meters;
    bucket.meanFacilityPowerKw = row.meanFacilityPowerKw;
    bucket.meanItPowerKw = row.meanItPowerKw;
    bucket.meanCoolingPowerKw = row.meanCoolingPowerKw;
    bucket.facilityEnergyKwh = row.facilityKwh;
    bucket.itEnergyKwh = row.itKwh;
    bucket.coolingEnergyKwh = row.coolingKwh;
    bucket.pue = row.itKwh > 0 ? row.facilityKwh / row.itKwh : null;
    bucket.facilityCoverage =
      row.facilityCoveredMs > 0 ? row.facilityCoveredMs / (row.meters * (bucket.toMs - bucket.fromMs)) : null;
  }
  return buckets;
}

/** Sub-hour buckets from raw readings (a bounded range): each meter's mean sample, summed over meters. */
export async function rawBuckets(
  ctx: Pick<RouteContext, 'store'>,
  fromMs: number,
  toMs: number,
  stepMs: number,
  meter?: string,
): Promise<TelemetryBucket[]> {
  const buckets = emptyBuckets(fromMs, toMs, stepMs);
  for (const row of await ctx.store.sampleBuckets(fromMs, toMs, stepMs)) {
    if (meter !== undefined && row.source !== meter) continue;
    const bucket = buckets[Math.round((row.bucketMs - fromMs) / stepMs)];
    if (!bucket) continue;
    bucket.readings += row.samples;
    bucket.meters++;
    if (row.facilityPowerKw !== null)
      bucket.meanFacilityPowerKw = (bucket.meanFacilityPowerKw ?? 0) + row.facilityPowerKw;
    if (row.itPowerKw !== null) bucket.meanItPowerKw = (bucket.meanItPowerKw ?? 0) + row.itPowerKw;
    if (row.coolingPowerKw !== null)
      bucket.meanCoolingPowerKw = (bucket.meanCoolingPowerKw ?? 0) + row.coolingPowerKw;
  }
  for (const bucket of buckets) {
    if (bucket.meanFacilityPowerKw !== null && bucket.meanItPowerKw)
      bucket.pue = bucket.meanFacilityPowerKw / bucket.meanItPowerKw;
  }
  return buckets;
}

function requireWriteTokenOnWrites(token: string) {
  const check = requireWriteToken(token);
  return async (c: Parameters<typeof check>[0], next: Parameters<typeof check>[1]) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : check(c, next);
}
