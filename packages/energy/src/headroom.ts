import { dewPointFromWetBulbC, type SiteProfile, standardPressurePa } from '@karst/climate';
import { coolingAtConditions } from '@karst/cooling';
import { designHeatLoadKw, hallHeatLoadKw, hallRating, powerBreakdown } from './electrical.js';
import { peakUtilization } from './it-load.js';
import type { Plan } from './plan-schema.js';
import type { Headroom, PeakHour } from './result.js';

export interface OutdoorPoint {
  dryBulbC: number;
  wetBulbC: number;
  dewPointC: number;
  pressurePa: number;
}

/** Facility power of a hall of `racks` racks at their peak draw, at one outdoor condition. */
export function peakHourAt(plan: Plan, racks: number, point: OutdoorPoint, elevationM: number): PeakHour {
  const rating = hallRating(plan, racks);
  const itPowerKw = rating.itDesignKw * rating.itPowerFactor * peakUtilization(plan.itPlan);
  const heatKw = hallHeatLoadKw(plan, rating, itPowerKw);
  const cooling = coolingAtConditions(plan.cooling, point, heatKw, {
    elevationM,
    designHeatLoadKw: designHeatLoadKw(plan, rating),
  });
  const power = powerBreakdown(plan, rating, itPowerKw, cooling.coolingPowerKw);
  return {
    facilityPowerKw: power.facilityPowerKw,
    itPowerKw,
    coolingPowerKw: cooling.coolingPowerKw,
    dryBulbC: point.dryBulbC,
    wetBulbC: point.wetBulbC,
    dewPointC: point.dewPointC,
    mode: cooling.mode,
  };
}

/**
 * The two ASHRAE annual design points that bound a cooling plant's peak: 0.4% dry bulb with its mean
 * coincident wet bulb (governs dry and compressor modes) and 0.4% evaporation wet bulb with its mean
 * coincident dry bulb (governs evaporative and tower modes), at the site's standard pressure.
 */
export function designPoints(site: SiteProfile): { basis: string; point: OutdoorPoint }[] {
  const pressurePa = standardPressurePa(site.location.elevationM);
  const d = site.designConditions;
  return [
    {
      basis: `ASHRAE 0.4% cooling dry bulb ${d.cooling04DryBulbC} °C with mean coincident wet bulb ${d.cooling04CoincidentWetBulbC} °C`,
      point: pointFromDryAndWetBulb(d.cooling04DryBulbC, d.cooling04CoincidentWetBulbC, pressurePa),
    },
    {
      basis: `ASHRAE 0.4% evaporation wet bulb ${d.evaporation04WetBulbC} °C with mean coincident dry bulb ${d.evaporation04CoincidentDryBulbC} °C`,
      point: pointFromDryAndWetBulb(d.evaporation04CoincidentDryBulbC, d.evaporation04WetBulbC, pressurePa),
    },
  ];
}

function pointFromDryAndWetBulb(dryBulbC: number, wetBulbC: number, pressurePa: number): OutdoorPoint {
  return { dryBulbC, wetBulbC, dewPointC: dewPointFromWetBulbC(dryBulbC, wetBulbC, pressurePa), pressurePa };
}

/**
 * How much IT fits under the grid cap: the largest number of racks (continuous, by bisection) whose
 * facility power at their peak draw stays within the cap at every governing condition (the year's worst
 * hour and the design points), then whole racks.
 */
export function headroom(
  plan: Plan,
  elevationM: number,
  governing: readonly OutdoorPoint[],
  peakFacilityPowerKw: number,
  hoursOverCap: number,
): Headroom {
  const capKw = plan.gridConnection.capKw;
  const perRackPeakKw =
    plan.itPlan.kwPerRack * hallRating(plan, 1).itPowerFactor * peakUtilization(plan.itPlan);
  // A plan whose racks never draw power (an all-zero profile) has no IT peak to fit under the cap: the
  // number of racks is then bounded by nothing the budget models, so it reports the planned racks.
  if (!(perRackPeakKw > 0)) {
    return {
      capKw,
      peakFacilityPowerKw,
      marginKw: capKw - peakFacilityPowerKw,
      withinCap: peakFacilityPowerKw <= capKw,
      hoursOverCap,
      maxItPowerKw: 0,
      maxRacks: plan.itPlan.racks,
      plannedRacks: plan.itPlan.racks,
      plannedPeakItPowerKw: 0,
    };
  }
  // excessKw(r) > 0 where r racks do not fit. The boundary is bracketed [low fits, high does not] and
  // narrowed to 1e-6 racks by regula falsi with the Illinois modification (Dowell & Jarratt 1971), which
  // keeps bisection's guarantee (low always fits) in fewer evaluations where facility power is
  // near-linear in racks (7-20 for the default plan and designs, instead of ~32); a chord point not strictly inside the bracket
  // (rounding) is replaced by the midpoint.
  const excessKw = (racks: number) => {
    let worst = Number.NEGATIVE_INFINITY;
    for (const point of governing) {
      worst = Math.max(worst, peakHourAt(plan, racks, point, elevationM).facilityPowerKw - capKw);
    }
    return worst;
  };
  let low = 0;
  let high = Math.max(1, capKw / perRackPeakKw);
  let lowExcess = excessKw(low);
  let highExcess = lowExcess > 0 ? 0 : excessKw(high);
  if (lowExcess > 0) high = 0;
  else if (!(highExcess > 0)) low = high;
  let retained = 0; // -1: low was kept last step, 1: high was kept
  for (let i = 0; i < 100 && high - low > 1e-6; i++) {
    let mid = low - (lowExcess * (high - low)) / (highExcess - lowExcess);
    if (!(mid > low && mid < high)) mid = (low + high) / 2;
    const midExcess = excessKw(mid);
    if (midExcess > 0) {
      high = mid;
      highExcess = midExcess;
      if (retained === -1) lowExcess /= 2;
      retained = -1;
    } else {
      low = mid;
      lowExcess = midExcess;
      if (retained === 1) highExcess /= 2;
      retained = 1;
    }
  }
  return {
    capKw,
    peakFacilityPowerKw,
    marginKw: capKw - peakFacilityPowerKw,
    withinCap: peakFacilityPowerKw <= capKw,
    hoursOverCap,
    maxItPowerKw: low * perRackPeakKw,
    maxRacks: Math.floor(low + 1e-9),
    plannedRacks: plan.itPlan.racks,
    plannedPeakItPowerKw: plan.itPlan.racks * perRackPeakKw,
  };
}
