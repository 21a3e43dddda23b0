import type { OutdoorConditions, SiteProfile } from '@karst/climate';
import { type CoolingSeries, simulateCooling } from '@karst/cooling';
import { designHeatLoadKw, hallHeatLoadKw, hallRating, powerBreakdown } from './electrical.js';
import { itPowerSeriesKw } from './it-load.js';
import type { Plan } from './plan-schema.js';

/** Every hour of the year, by where the power goes. facilityPowerKw[i] is the exact sum of the parts. */
export interface HourlyPower {
  readonly hours: number;
  readonly itPowerKw: Float64Array;
  readonly coolingPowerKw: Float64Array;
  /** UPS, distribution and transformer losses. */
  readonly powerLossKw: Float64Array;
  /** Lighting, generator heaters, controls and miscellaneous loads. */
  readonly otherPowerKw: Float64Array;
  readonly facilityPowerKw: Float64Array;
  readonly cooling: CoolingSeries;
}

export function simulateHours(plan: Plan, site: SiteProfile, conditions: OutdoorConditions): HourlyPower {
  const hours = conditions.hours;
  const rating = hallRating(plan, plan.itPlan.racks);
  const itPowerKw = itPowerSeriesKw(plan.itPlan, conditions.hourOfDay, hours, rating.itPowerFactor);
  const heatLoadKw = new Float64Array(hours);
  for (let i = 0; i < hours; i++) heatLoadKw[i] = hallHeatLoadKw(plan, rating, itPowerKw[i]!);
  const cooling = simulateCooling(plan.cooling, conditions, heatLoadKw, {
    elevationM: site.location.elevationM,
    designHeatLoadKw: designHeatLoadKw(plan, rating),
  });

  const powerLossKw = new Float64Array(hours);
  const otherPowerKw = new Float64Array(hours);
  const facilityPowerKw = new Float64Array(hours);
  for (let i = 0; i < hours; i++) {
    const power = powerBreakdown(plan, rating, itPowerKw[i]!, cooling.coolingPowerKw[i]!);
    powerLossKw[i] = power.upsLossKw + power.distributionLossKw + power.transformerLossKw;
    otherPowerKw[i] = power.lightingKw + power.facilityLoadsKw + power.miscKw;
    facilityPowerKw[i] = power.facilityPowerKw;
  }
  return {
    hours,
    itPowerKw,
    coolingPowerKw: cooling.coolingPowerKw,
    powerLossKw,
    otherPowerKw,
    facilityPowerKw,
    cooling,
  };
}
