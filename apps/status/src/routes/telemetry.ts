import { createRoute, z } from '@hono/zod-openapi';
import type { App, RouteContext } from '../deps.js';
import { problem } from '../http/problem.js';
import { requireWriteToken } from '../http/write-auth.js';
import { aggregateReadings, MAX_BUCKETS } from '../telemetry/aggregate.js';
import { embeddedMetricRecord } from '../telemetry/emf.js';
import { checkBatchKeys, readingInputSchema, toReading } from '../telemetry/reading.js';

/** At most this many readings per POST; larger uploads are split by the client. */
export const MAX_BATCH_READINGS = 5_000;

const batchSchema = z
  .strictObject({ readings: z.array(readingInputSchema).min(1).max(MAX_BATCH_READINGS) })
  .check(checkBatchKeys)
  .openapi('TelemetryBatch');

const rangeQuery = z.object({
  from: z.iso.datetime({ offset: true }).openapi({ example: '2026-11-01T00:00:00Z' }),
  to: z.iso.datetime({ offset: true }).openapi({ example: '2026-11-02T00:00:00Z' }),
  step: z.coerce
    .number()
    .int()
    .min(1)
    .max(31 * 86_400)
    .default(3600)
    .openapi({ description: 'bucket size in seconds' }),
});

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
      const { readings } = c.req.valid('json');
      const result = await ctx.store.insert(readings.map(toReading));
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
      summary: 'Readings aggregated per step, with PUE',
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
      const fromMs = Date.parse(query.from);
      const toMs = Date.parse(query.to);
      if (toMs <= fromMs)
        return problem(c, 400, 'Invalid range', { errors: [{ path: 'to', message: 'must be after from' }] });
      const buckets = Math.ceil((toMs - fromMs) / (query.step * 1000));
      if (buckets > MAX_BUCKETS) {
        return problem(c, 400, 'Invalid range', {
          errors: [
            { path: 'step', message: `gives ${buckets} buckets over the range; at most ${MAX_BUCKETS}` },
          ],
        });
      }
      const readings = await ctx.store.range(fromMs, toMs);
      return c.json({
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
        stepS: query.step,
        readings: readings.length,
        buckets: aggregateReadings(readings, fromMs, toMs, query.step).map((bucket) => ({
          ...bucket,
          from: new Date(bucket.fromMs).toISOString(),
          to: new Date(bucket.toMs).toISOString(),
        })),
      });
    },
  );
}

function requireWriteTokenOnWrites(token: string) {
  const check = requireWriteToken(token);
  return async (c: Parameters<typeof check>[0], next: Parameters<typeof check>[1]) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : check(c, next);
}
