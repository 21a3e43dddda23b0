import type { LivePowerPoint, SiteComparisonRow } from '@karst/charts';
import { BUILT_IN_SITE_IDS, getBuiltInSite } from '@karst/climate';
import { computeBudget } from '@karst/energy';
import type { DashboardModel } from './render-dashboard.js';

/** The default plan at every built-in site. */
export function comparisonRows(): SiteComparisonRow[] {
  return BUILT_IN_SITE_IDS.map((id) => {
    const { site, annual } = computeBudget({ site: id });
    return { id, name: site.name, pue: annual.pue, facilityEnergyMwh: annual.facilityEnergyMwh };
  });
}

/** 15 July 2025, 12:00 in Guiyang (UTC+8): fixed so renders are reproducible. */
export const FIXTURE_NOW_MS = Date.UTC(2025, 6, 15, 4, 0);

/**
 * A realistic model for the default site: the default plan's budget, a day of 5-minute telemetry around
 * July's budgeted power with an afternoon excursion above it, and two alerts.
 */
export function sampleDashboardModel(
  options: { siteName?: string; telemetry?: boolean } = {},
): DashboardModel {
  const profile = getBuiltInSite('guiyang');
  const budget = computeBudget({ site: profile.id });
  const july = budget.months.find((m) => m.month === 7)!;
  const julyAverageKw = (july.facilityEnergyMwh * 1000) / july.hours;
  const points: LivePowerPoint[] = [];
  const samples = 288;
  for (let i = 0; i < samples; i++) {
    const timestampMs = FIXTURE_NOW_MS - (samples - 1 - i) * 300_000;
    const hourOfDay = (new Date(timestampMs).getUTCHours() + 8) % 24;
    // Cooling load follows the afternoon heat; a short excursion makes the over-budget markers visible.
    const diurnal = 0.02 * Math.sin(((hourOfDay - 9) / 24) * 2 * Math.PI);
    const excursion = hourOfDay >= 15 && hourOfDay < 17 && i < 144 ? 0.03 : 0;
    const noise = 0.006 * Math.sin(i * 1.7);
    points.push({ timestampMs, facilityPowerKw: julyAverageKw * (0.975 + diurnal + excursion + noise) });
  }
  const latestPowerKw = points[points.length - 1]!.facilityPowerKw;
  const itPowerKw = latestPowerKw / july.pue;
  const telemetry = options.telemetry ?? true;
  return {
    site: {
      id: profile.id,
      name: options.siteName ?? profile.name,
      region: profile.region,
      elevationM: profile.location.elevationM,
      timeZoneHours: profile.location.timeZoneHours,
    },
    deployment: {
      region: profile.awsRegion?.id ?? 'local',
      stack: 'karst-guiyang-prod',
      version: '0.1.0+3f2c1ab',
    },
    budget,
    comparison: comparisonRows(),
    live: telemetry
      ? {
          points,
          latest: { facilityPowerKw: latestPowerKw, itPowerKw, pue: latestPowerKw / itPowerKw },
          monthToDate: {
            energyMwh: july.facilityEnergyMwh * (14.5 / 31) * 1.01,
            budgetMwh: july.facilityEnergyMwh,
            cost: july.cost * (14.5 / 31) * 1.01,
          },
        }
      : { points: [] },
    alerts: telemetry
      ? [
          {
            id: 'facility-power-over-budget',
            severity: 'warning',
            message: 'Facility power ran above the July budget for 2 hours yesterday afternoon.',
          },
          { id: 'telemetry-gap', severity: 'info', message: 'One 5-minute sample missing from rack row B.' },
        ]
      : [],
    generatedAtMs: FIXTURE_NOW_MS,
  };
}
