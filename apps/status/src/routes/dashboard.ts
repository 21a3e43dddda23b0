import { BUILT_IN_SITE_IDS } from '@karst/climate';
import { renderDashboard } from '../dashboard/render-dashboard.js';
import type { App, RouteContext } from '../deps.js';
import { rawBuckets } from './telemetry.js';

/** The live chart shows the last day in 5-minute means: at most 288 points, however dense the telemetry. */
const LIVE_WINDOW_MS = 24 * 3_600_000;
const LIVE_STEP_S = 300;

export function registerDashboard(app: App, ctx: RouteContext): void {
  app.get('/', async (c) => {
    const nowMs = ctx.clock();
    const live = await ctx.live.get();
    const site = ctx.budgets.site;
    const fromMs = nowMs - LIVE_WINDOW_MS;
    // The site's facility power per step: each meter's mean, summed over meters (SQL aggregation).
    const points = (await rawBuckets(ctx, fromMs, nowMs + 1, LIVE_STEP_S * 1000))
      .filter((bucket) => bucket.meanFacilityPowerKw !== null)
      .map((bucket) => ({ timestampMs: bucket.fromMs, facilityPowerKw: bucket.meanFacilityPowerKw! }));
    const mtd = live.monthToDate;
    return c.html(
      renderDashboard({
        site: {
          id: site.id,
          name: site.name,
          region: site.region,
          elevationM: site.location.elevationM,
          timeZoneHours: site.location.timeZoneHours,
        },
        deployment: {
          region: ctx.config.AWS_REGION,
          stack: ctx.config.KARST_STACK,
          version: ctx.config.KARST_VERSION,
        },
        budget: ctx.budgets.deployment,
        comparison: BUILT_IN_SITE_IDS.map((id) => ctx.budgets.comparisonRow(id)),
        live: {
          points,
          budgetPowerKw: mtd.budgetMeanFacilityPowerKw,
          ...(live.livePue !== null && live.liveFacilityPowerKw !== null && live.liveItPowerKw !== null
            ? {
                latest: {
                  facilityPowerKw: live.liveFacilityPowerKw,
                  itPowerKw: live.liveItPowerKw,
                  pue: live.livePue,
                },
              }
            : {}),
          ...(live.latest !== null
            ? {
                monthToDate: {
                  energyMwh: mtd.facilityEnergyMwh,
                  budgetMwh: mtd.budgetFacilityEnergyMwh,
                  cost: mtd.cost,
                },
              }
            : {}),
        },
        alerts: live.alerts,
        generatedAtMs: nowMs,
      }),
    );
  });
}
