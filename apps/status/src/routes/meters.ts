import { createRoute, z } from '@hono/zod-openapi';
import type { App, RouteContext } from '../deps.js';
import { problem } from '../http/problem.js';
import { requireWriteToken } from '../http/write-auth.js';
import { type Meter, meterBodySchema, meterSchema } from '../telemetry/meters.js';
import { meterIdSchema } from '../telemetry/reading.js';

const meterBody = meterSchema.openapi('Meter');
const meterPutBody = meterBodySchema.openapi('MeterBody');

export function registerMeters(app: App, ctx: RouteContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/meters',
      tags: ['telemetry'],
      summary:
        'The meter registry and every meter that has reported: roles, PUE category, staleness, live power',
      responses: {
        200: {
          description: 'meters',
          content: { 'application/json': { schema: z.object({ meters: z.array(z.unknown()) }) } },
        },
      },
    }),
    async (c) => {
      const live = await ctx.live.get();
      const registry = await ctx.meters.all();
      return c.json({
        meters: live.meters.map((status) => ({
          ...status,
          lastReading: status.lastReadingMs === null ? null : new Date(status.lastReadingMs).toISOString(),
          ...(registry.has(status.id) ? { registry: registry.get(status.id) } : {}),
        })),
      });
    },
  );

  if (ctx.config.KARST_WRITE_TOKEN)
    app.use('/v1/meters/*', requireWriteTokenOnWrites(ctx.config.KARST_WRITE_TOKEN));
  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/meters/{id}',
      tags: ['telemetry'],
      summary: 'Register a meter, or replace its entry: roles, IT measurement point, interval, rating',
      security: [{ bearer: [] }],
      request: {
        params: z.object({ id: meterIdSchema }),
        body: { required: true, content: { 'application/json': { schema: meterPutBody } } },
      },
      responses: {
        200: { description: 'stored', content: { 'application/json': { schema: meterBody } } },
        400: { description: 'invalid meter (problem document naming each field)' },
        401: { description: 'no bearer token' },
        403: { description: 'wrong bearer token' },
      },
    }),
    async (c) => {
      if (!ctx.config.KARST_WRITE_TOKEN) {
        return problem(c, 403, 'Writes disabled', { detail: 'set KARST_WRITE_TOKEN to register meters' });
      }
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      if (body.id !== undefined && body.id !== id) {
        return problem(c, 400, 'Invalid request', {
          errors: [{ path: 'id', message: `the body's id ${body.id} is not the path's ${id}` }],
        });
      }
      // The path names the meter; the body's other fields were checked as the registry's are.
      const meter: Meter = { ...body, id };
      await ctx.meters.put(meter);
      ctx.live.invalidate();
      return c.json(meter, 200);
    },
  );
}

function requireWriteTokenOnWrites(token: string) {
  const check = requireWriteToken(token);
  return async (c: Parameters<typeof check>[0], next: Parameters<typeof check>[1]) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : check(c, next);
}
