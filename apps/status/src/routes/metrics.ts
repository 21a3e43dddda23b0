import type { App, RouteContext } from '../deps.js';
import { gauge } from '../http/metrics.js';

export function registerMetrics(app: App, ctx: RouteContext): void {
  app.get('/metrics', async (c) => {
    const live = await ctx.live.get();
    const budget = ctx.budgets.deployment;
    const site = `site="${ctx.budgets.site.id}"`;
    const body = [
      gauge('karst_budget_pue', 'Annual energy-weighted PUE of the budget.', budget.annual.pue, site),
      gauge(
        'karst_budget_facility_energy_mwh',
        'Annual facility energy of the budget.',
        budget.annual.facilityEnergyMwh,
        site,
      ),
      gauge(
        'karst_budget_peak_facility_power_kw',
        'Peak facility power of the budget.',
        budget.headroom.peakFacilityPowerKw,
        site,
      ),
      gauge('karst_budget_headroom_kw', 'Grid cap minus the budget peak.', budget.headroom.marginKw, site),
      gauge(
        'karst_live_pue',
        'Facility over IT power of the latest readings.',
        live.livePue ?? Number.NaN,
        site,
      ),
      gauge(
        'karst_live_facility_power_kw',
        'Facility power of the latest readings.',
        live.liveFacilityPowerKw ?? Number.NaN,
        site,
      ),
      gauge(
        'karst_live_it_power_kw',
        'IT power of the latest readings.',
        live.liveItPowerKw ?? Number.NaN,
        site,
      ),
      gauge(
        'karst_month_to_date_facility_energy_mwh',
        'Metered facility energy this month.',
        live.monthToDate.facilityEnergyMwh,
        site,
      ),
      gauge(
        'karst_month_budget_facility_energy_mwh',
        'Budgeted facility energy for this month.',
        live.monthToDate.budgetFacilityEnergyMwh,
        site,
      ),
      gauge(
        'karst_month_budget_due_by_now_mwh',
        'Share of the month budget due by now.',
        live.monthToDate.budgetDueByNowMwh,
        site,
      ),
      gauge('karst_telemetry_readings_stored', 'Readings in the store.', live.readingsStored),
      gauge('karst_alerts_active', 'Active alerts.', live.alerts.length),
      ctx.metrics.render(),
    ].join('\n');
    return c.body(`${body}\n`, 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
}
