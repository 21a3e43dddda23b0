import type { ItPlan } from './plan-schema.js';

/**
 * IT power in every hour: racks x design kW per rack x utilization, shaped by the optional hourly
 * profile and capped at the racks' design power.
 */
export function itPowerSeriesKw(itPlan: ItPlan, hourOfDay: Uint8Array, hours: number): Float64Array {
  const designKw = itPlan.racks * itPlan.kwPerRack;
  const series = new Float64Array(hours);
  const profile = itPlan.hourlyProfile;
  for (let i = 0; i < hours; i++) {
    const multiplier = !profile ? 1 : profile.length === 24 ? profile[hourOfDay[i]!]! : (profile[i] ?? 1);
    series[i] = designKw * Math.min(1, itPlan.utilization * multiplier);
  }
  return series;
}

/** The largest share of its design power a rack draws in any hour of the plan. */
export function peakUtilization(itPlan: ItPlan): number {
  const peakMultiplier = itPlan.hourlyProfile ? Math.max(...itPlan.hourlyProfile) : 1;
  return Math.min(1, itPlan.utilization * peakMultiplier);
}
