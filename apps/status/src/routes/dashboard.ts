import { BUILT_IN_SITE_IDS } from '@karst/climate';
import { renderDashboard } from '../dashboard/render-dashboard.js';
import type { App, RouteContext } from '../deps.js';
import { HOUR_MS } from '../telemetry/rollup.js';
import { rawBuckets, rollupBuckets } from './telemetry.js';

/**
 * The chart's ranges: the last day in 5-minute means (from raw readings, at most 288 points), the last
 * week and the month so far in hourly means (from the rollups), however dense the telemetry.
 */
const RANGES = [
  { id: '24h', label: 'the last 24 h', stepLabel: '5-minute' },
  { id: '7d', label: 'the last 7 days', stepLabel: 'hourly' },
  { id: 'month', label: 'the month so far', stepLabel: 'hourly' },
] as const;
const RANGE_OPTIONS = [
  { id: '24h', label: '24 h' },
  { id: '7d', label: '7 d' },
  { id: 'month', label: 'Month' },
];

export function registerDashboard(app: App, ctx: RouteContext): void {
  app.get('/', async (c) => {
    const nowMs = ctx.clock();
    const live = await ctx.live.get();
    const site = ctx.budgets.site;
    const range = RANGES.find((option) => option.id === c.req.query('range')) ?? RANGES[0];
    // The site's facility power per step: each meter's mean, summed over meters (SQL aggregation).
    const buckets =
      range.id === '24h'
        ? await rawBuckets(ctx, nowMs - 24 * HOUR_MS, nowMs + 1, 300_000)
        : await rollupBuckets(
            ctx,
            range.id === '7d'
              ? Math.floor((nowMs - 7 * 24 * HOUR_MS) / HOUR_MS) * HOUR_MS
              : live.monthToDate.fromMs,
            Math.ceil((nowMs + 1) / HOUR_MS) * HOUR_MS,
            HOUR_MS,
          );
    const points = buckets
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
          range: { ...range, options: RANGE_OPTIONS },
          meters: live.meters.map((meter) => ({
            id: meter.id,
            roles: meter.roles,
            stale: meter.stale,
            lastReadingMs: meter.lastReadingMs,
            pueCategory: meter.pueCategory,
            ...(meter.livePowerKw.facility === undefined
              ? {}
              : { liveFacilityPowerKw: meter.livePowerKw.facility }),
            ...(meter.livePowerKw.it === undefined ? {} : { liveItPowerKw: meter.livePowerKw.it }),
            ...(meter.monthToDate.meanPowerKw.facility === undefined
              ? {}
              : { monthMeanFacilityPowerKw: meter.monthToDate.meanPowerKw.facility }),
          })),
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
                  coverageShare: mtd.coverageShare,
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
