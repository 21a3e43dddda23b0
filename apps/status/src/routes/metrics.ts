import { Gauge } from 'prom-client';
import type { App, RouteContext } from '../deps.js';

/** Prometheus wants base units: kW as watts, MWh as joules (1 MWh = 3.6e9 J). */
const WATTS_PER_KW = 1000;
const JOULES_PER_MWH = 3.6e9;

/**
 * How long a rendered /metrics body is reused. Prometheus scrapes every 15-60 s; a burst of scrapers (or
 * of attackers) within this second gets one rendering, so the route costs no more than the text it sends.
 */
const RENDER_TTL_MS = 1000;

export function registerMetrics(app: App, ctx: RouteContext): void {
  const registers = [ctx.metrics.registry];
  const site = ctx.budgets.site.id;
  const budget = ctx.budgets.deployment;
  const fixed = (name: string, help: string, value: number) => {
    const gauge = new Gauge({ name, help, labelNames: ['site'] as const, registers });
    gauge.set({ site }, value);
  };
  fixed('karst_budget_pue_ratio', 'Annual energy-weighted PUE of the budget.', budget.annual.pue);
  fixed(
    'karst_budget_facility_energy_joules',
    'Annual facility energy of the budget (MWh x 3.6e9).',
    budget.annual.facilityEnergyMwh * JOULES_PER_MWH,
  );
  fixed(
    'karst_budget_peak_facility_power_watts',
    'Peak facility power of the budget.',
    budget.headroom.peakFacilityPowerKw * WATTS_PER_KW,
  );
  fixed(
    'karst_budget_headroom_watts',
    'Grid cap minus the budget peak.',
    budget.headroom.marginKw * WATTS_PER_KW,
  );

  // Live gauges are set from the live figures just before each rendering.
  const live = (name: string, help: string, labelled = true) =>
    new Gauge({ name, help, labelNames: labelled ? (['site'] as const) : [], registers });
  const livePue = live('karst_live_pue_ratio', 'Facility over IT power of the latest readings.');
  const liveFacility = live('karst_live_facility_power_watts', 'Facility power of the latest readings.');
  const liveIt = live('karst_live_it_power_watts', 'IT power of the latest readings.');
  const monthEnergy = live(
    'karst_month_to_date_facility_energy_joules',
    'Metered facility energy this month.',
  );
  const monthBudget = live(
    'karst_month_budget_facility_energy_joules',
    'Budgeted facility energy for this month.',
  );
  const dueByNow = live('karst_month_budget_due_by_now_joules', 'Share of the month budget due by now.');
  const readings = live('karst_telemetry_readings_stored', 'Readings in the store.', false);
  const alerts = live('karst_alerts_active', 'Active alerts.', false);

  let rendered: { atMs: number; body: string } | undefined;
  app.get('/metrics', async (c) => {
    const nowMs = performance.now();
    if (rendered === undefined || nowMs - rendered.atMs >= RENDER_TTL_MS) {
      const figures = await ctx.live.get();
      livePue.set({ site }, figures.livePue ?? Number.NaN);
      liveFacility.set({ site }, (figures.liveFacilityPowerKw ?? Number.NaN) * WATTS_PER_KW);
      liveIt.set({ site }, (figures.liveItPowerKw ?? Number.NaN) * WATTS_PER_KW);
      monthEnergy.set({ site }, figures.monthToDate.facilityEnergyMwh * JOULES_PER_MWH);
      monthBudget.set({ site }, figures.monthToDate.budgetFacilityEnergyMwh * JOULES_PER_MWH);
      dueByNow.set({ site }, figures.monthToDate.budgetDueByNowMwh * JOULES_PER_MWH);
      readings.set(figures.readingsStored);
      alerts.set(figures.alerts.length);
      rendered = { atMs: nowMs, body: await ctx.metrics.render() };
    }
    return c.body(rendered.body, 200, { 'content-type': ctx.metrics.contentType });
  });
}
