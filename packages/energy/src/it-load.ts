import type { ItPlan } from './plan-schema.js';

/**
 * Share by which server fans raise IT power at a supply (inlet) air temperature, 1 at or below the
 * reference: 1 + k max(0, t_inlet - t_ref), applied to the air-cooled share of the IT load only.
 */
export function inletPowerFactor(itPlan: ItPlan, supplyAirC: number, airCooledShare = 1): number {
  return (
    1 + airCooledShare * itPlan.inletPowerIncreasePerK * Math.max(0, supplyAirC - itPlan.inletReferenceC)
  );
}

/**
 * IT power in every hour: racks x design kW per rack x utilization, shaped by the optional hourly
 * profile and capped at the racks' design power, times the server-fan factor of the inlet air
 * (`inletPowerFactor`, 1 by default).
 */
export function itPowerSeriesKw(
  itPlan: ItPlan,
  hourOfDay: Uint8Array,
  hours: number,
  powerFactor = 1,
  into: Float64Array = new Float64Array(hours),
): Float64Array {
  const designKw = itPlan.racks * itPlan.kwPerRack * powerFactor;
  const series = into;
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
