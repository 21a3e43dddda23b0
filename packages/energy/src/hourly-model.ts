import type { OutdoorConditions, SiteProfile } from '@karst/climate';
import { type CoolingSeries, createCoolingSeries, simulateCooling } from '@karst/cooling';
import { designHeatLoadKw, hallHeatLoadKw, hallRating, writePowerSeries } from './electrical.js';
import { itPowerSeriesKw } from './it-load.js';
import type { Plan } from './plan-schema.js';
import { upsLossKw } from './power-chain.js';

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

/** The arrays one simulateHours call fills, `hours` long each. */
export interface HourBuffers {
  readonly hours: number;
  readonly itPowerKw: Float64Array;
  readonly powerLossKw: Float64Array;
  readonly otherPowerKw: Float64Array;
  readonly facilityPowerKw: Float64Array;
  readonly cooling: CoolingSeries;
  readonly upsLossKw: Float64Array;
  readonly heatLoadKw: Float64Array;
}

/** Fresh buffers for `hours` hours. */
export function createHourBuffers(hours: number): HourBuffers {
  return {
    hours,
    itPowerKw: new Float64Array(hours),
    powerLossKw: new Float64Array(hours),
    otherPowerKw: new Float64Array(hours),
    facilityPowerKw: new Float64Array(hours),
    cooling: createCoolingSeries(hours),
    upsLossKw: new Float64Array(hours),
    heatLoadKw: new Float64Array(hours),
  };
}

/**
 * Every hour of the plan's year. Writes into `into` when given (buffers as long as the weather: a caller
 * that copies what it keeps before the next call can reuse one set, as computeBudget does), else into
 * fresh arrays.
 */
export function simulateHours(
  plan: Plan,
  site: SiteProfile,
  conditions: OutdoorConditions,
  into: HourBuffers = createHourBuffers(conditions.hours),
): HourlyPower {
  const hours = conditions.hours;
  if (into.hours !== hours) throw new RangeError(`buffers hold ${into.hours} hours, the weather ${hours}`);
  const rating = hallRating(plan, plan.itPlan.racks);
  const itPowerKw = itPowerSeriesKw(
    plan.itPlan,
    conditions.hourOfDay,
    hours,
    rating.itPowerFactor,
    into.itPowerKw,
  );
  // The UPS loss is recomputed only when the IT load changes (it is constant in a flat plan).
  const upsLossSeriesKw = into.upsLossKw;
  const heatLoadKw = into.heatLoadKw;
  let lastItKw = Number.NaN;
  let lastUpsLossKw = 0;
  for (let i = 0; i < hours; i++) {
    const itKw = itPowerKw[i]!;
    if (itKw !== lastItKw) {
      lastUpsLossKw = upsLossKw(rating.upsCurve, itKw, rating.upsCapacityKw);
      lastItKw = itKw;
    }
    upsLossSeriesKw[i] = lastUpsLossKw;
    heatLoadKw[i] = hallHeatLoadKw(plan, rating, itKw, lastUpsLossKw);
  }
  const cooling = simulateCooling(plan.cooling, conditions, heatLoadKw, {
    elevationM: site.location.elevationM,
    designHeatLoadKw: designHeatLoadKw(plan, rating),
    into: into.cooling,
  });

  writePowerSeries(plan, rating, hours, itPowerKw, cooling.coolingPowerKw, upsLossSeriesKw, into);
  return {
    hours,
    itPowerKw,
    coolingPowerKw: cooling.coolingPowerKw,
    powerLossKw: into.powerLossKw,
    otherPowerKw: into.otherPowerKw,
    facilityPowerKw: into.facilityPowerKw,
    cooling,
  };
}
