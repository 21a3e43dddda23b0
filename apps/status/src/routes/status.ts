import { createRoute, z } from '@hono/zod-openapi';
import type { App, RouteContext } from '../deps.js';
import { fastResponse } from '../http/envelope.js';
import type { LiveFigures } from '../telemetry/live-state.js';

const statusSchema = z
  .object({
    site: z.object({ id: z.string(), name: z.string(), region: z.string(), elevationM: z.number() }),
    deployment: z.object({
      awsRegion: z.string(),
      stack: z.string(),
      version: z.string(),
      uptimeS: z.number(),
    }),
    budget: z.object({
      coolingDesign: z.string(),
      annualPue: z.number(),
      facilityEnergyMwh: z.number(),
      cost: z.number(),
      currency: z.string(),
      carbonLocationBasedTCo2e: z.number(),
      carbonMarketBasedTCo2e: z.number(),
      waterM3: z.number(),
      economizerHours: z.number(),
      peakFacilityPowerKw: z.number(),
      headroomKw: z.number(),
      withinCap: z.boolean(),
      /** Where the budget's figures rest on equipment past its rating (see @karst/energy's planWarnings). */
      planWarnings: z.array(z.object({ kind: z.string(), message: z.string() })),
    }),
    live: z.object({
      latest: z.unknown().nullable(),
      livePue: z.number().nullable(),
      liveFacilityPowerKw: z.number().nullable(),
      liveItPowerKw: z.number().nullable(),
      liveCoolingPowerKw: z.number().nullable(),
      outdoor: z.unknown().nullable(),
      /** Meters known (registered or reporting) and how many are stale; each one at /v1/meters. */
      meters: z.object({ total: z.number(), stale: z.number() }),
      readingsStored: z.number(),
    }),
    monthToDate: z.record(z.string(), z.unknown()),
    alerts: z.array(z.object({ id: z.string(), severity: z.string(), message: z.string() })),
  })
  .openapi('Status');

export function registerStatus(app: App, ctx: RouteContext): void {
  // The status only changes when the live figures are recomputed (after a write, or every few seconds)
  // and when the uptime passes a second: its JSON is built once per such change, not per request.
  let cached: { live: object; uptimeS: number; body: string } | undefined;

  // Documented like every route; served from the cached JSON text, which the typed handler cannot return.
  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get',
      path: '/v1/status',
      tags: ['status'],
      summary: 'Where the deployment is, its budget, and how the hall stands against it',
      responses: {
        200: { description: 'status', content: { 'application/json': { schema: statusSchema } } },
      },
    }),
  );
  const body = async () => {
    const live = await ctx.live.get();
    const uptimeS = Math.round((ctx.clock() - ctx.startedAtMs) / 1000);
    if (cached?.live !== live || cached.uptimeS !== uptimeS) {
      cached = { live, uptimeS, body: JSON.stringify(statusDocument(ctx, live, uptimeS)) };
    }
    return cached.body;
  };
  ctx.hot.set('/v1/status', { route: '/v1/status', contentType: 'application/json', body });
  app.get('/v1/status', async (c) => fastResponse(c, await body(), 'application/json'));
}

function statusDocument(ctx: RouteContext, live: LiveFigures, uptimeS: number): z.infer<typeof statusSchema> {
  const budget = ctx.budgets.deployment;
  const site = ctx.budgets.site;
  return {
    site: { id: site.id, name: site.name, region: site.region, elevationM: site.location.elevationM },
    deployment: {
      awsRegion: ctx.config.AWS_REGION,
      stack: ctx.config.KARST_STACK,
      version: ctx.config.KARST_VERSION,
      uptimeS,
    },
    budget: {
      coolingDesign: budget.coolingDesign,
      annualPue: budget.annual.pue,
      facilityEnergyMwh: budget.annual.facilityEnergyMwh,
      cost: budget.annual.cost,
      currency: budget.site.currency,
      carbonLocationBasedTCo2e: budget.annual.carbonLocationBasedTCo2e,
      carbonMarketBasedTCo2e: budget.annual.carbonMarketBasedTCo2e,
      waterM3: budget.annual.waterM3,
      economizerHours: budget.annual.economizerHours,
      peakFacilityPowerKw: budget.headroom.peakFacilityPowerKw,
      headroomKw: budget.headroom.marginKw,
      withinCap: budget.headroom.withinCap,
      planWarnings: budget.planWarnings.map(({ kind, message }) => ({ kind, message })),
    },
    live: {
      latest: live.latest,
      livePue: live.livePue,
      liveFacilityPowerKw: live.liveFacilityPowerKw,
      liveItPowerKw: live.liveItPowerKw,
      liveCoolingPowerKw: live.liveCoolingPowerKw,
      outdoor: live.outdoor,
      meters: { total: live.meters.length, stale: live.meters.filter((meter) => meter.stale).length },
      readingsStored: live.readingsStored,
    },
    monthToDate: live.monthToDate,
    alerts: live.alerts,
  };
}
