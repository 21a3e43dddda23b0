import { airCooledShare } from '@karst/cooling';
import { inletPowerFactor } from './it-load.js';
import type { Plan } from './plan-schema.js';
import { transformerLossKw, upsCurve, upsInstalledFactor, upsLossKw } from './power-chain.js';
import type { UpsEfficiencyCurve } from './ups-curves.js';

/** The electrical sizing of a hall of `racks` racks under a plan, fixed for every hour. */
export interface HallRating {
  itDesignKw: number;
  /** IT power per unit of the racks' drawn power: server fans at the hall's supply air (inletPowerFactor). */
  itPowerFactor: number;
  upsCapacityKw: number;
  upsCurve: UpsEfficiencyCurve;
  lightingKw: number;
  /** Generator heaters and controls, outside the cooled hall. */
  facilityLoadsKw: number;
  miscKw: number;
  transformerRatingKw: number;
}

export function hallRating(plan: Plan, racks: number): HallRating {
  const itDesignKw = racks * plan.itPlan.kwPerRack;
  // Server fans speed up for the air-cooled share of the IT load only (cold plates need no fans).
  const itPowerFactor = inletPowerFactor(
    plan.itPlan,
    plan.cooling.supplyAirSetpointC,
    airCooledShare(plan.cooling),
  );
  const other = plan.otherLoads;
  return {
    itDesignKw,
    itPowerFactor,
    // The UPS is sized for the racks' design power with their fans at the hall's inlet temperature.
    upsCapacityKw: itDesignKw * itPowerFactor * upsInstalledFactor(plan.powerChain),
    upsCurve: upsCurve(plan.powerChain),
    lightingKw: (other.lightingWPerItKw / 1000) * itDesignKw,
    facilityLoadsKw: ((other.generatorHeaterWPerItKw + other.controlsWPerItKw) / 1000) * itDesignKw,
    miscKw: other.miscKw,
    transformerRatingKw: plan.powerChain.transformerRatingKw ?? plan.gridConnection.capKw,
  };
}

/** The facility's power in one hour, by where it goes; `facilityPowerKw` is exactly their sum. */
export interface PowerBreakdown {
  itPowerKw: number;
  upsLossKw: number;
  distributionLossKw: number;
  transformerLossKw: number;
  coolingPowerKw: number;
  lightingKw: number;
  facilityLoadsKw: number;
  miscKw: number;
  facilityPowerKw: number;
}

/** Heat the cooling plant removes from the hall: IT, UPS and distribution losses, and lighting. */
export function hallHeatLoadKw(
  plan: Plan,
  rating: HallRating,
  itPowerKw: number,
  upsKw = upsLossKw(rating.upsCurve, itPowerKw, rating.upsCapacityKw),
): number {
  return itPowerKw + upsKw + plan.powerChain.distributionLossFraction * itPowerKw + rating.lightingKw;
}

/**
 * The heat load the cooling plant's fans and pumps are sized for: the hall's heat with every rack at its
 * design power (server fans at the hall's supply air), so the plant runs at part load below it.
 */
export function designHeatLoadKw(plan: Plan, rating: HallRating): number {
  return hallHeatLoadKw(plan, rating, rating.itDesignKw * rating.itPowerFactor);
}

/**
 * Everything on the meter in one hour, given the IT load and the cooling power it needs. The transformer
 * carries all other loads, so its loss comes last; the facility power is the sum of the parts. `ups` is
 * the UPS loss at this IT load, for a caller that already has it (upsLossKw).
 */
export function powerBreakdown(
  plan: Plan,
  rating: HallRating,
  itPowerKw: number,
  coolingPowerKw: number,
  ups = upsLossKw(rating.upsCurve, itPowerKw, rating.upsCapacityKw),
): PowerBreakdown {
  const distribution = plan.powerChain.distributionLossFraction * itPowerKw;
  const otherKw = rating.lightingKw + rating.facilityLoadsKw + rating.miscKw;
  const transformer = transformerLossOfHourKw(
    plan,
    rating,
    itPowerKw,
    ups,
    distribution,
    coolingPowerKw,
    otherKw,
  );
  return {
    itPowerKw,
    upsLossKw: ups,
    distributionLossKw: distribution,
    transformerLossKw: transformer,
    coolingPowerKw,
    lightingKw: rating.lightingKw,
    facilityLoadsKw: rating.facilityLoadsKw,
    miscKw: rating.miscKw,
    // Grouped as the budget reports it (IT + cooling + losses + other), so the parts sum to it exactly.
    facilityPowerKw: itPowerKw + coolingPowerKw + (ups + distribution + transformer) + otherKw,
  };
}

/**
 * powerBreakdown for hours 0..hours-1, as the budget keeps it: writes each hour's losses (UPS,
 * distribution and transformer), other loads and facility power, kW, with the same arithmetic in the same
 * order, so each hour equals powerBreakdown's fields bit for bit (a test checks it). A loop of its own
 * rather than powerBreakdown per hour: `karst budget` runs it once, in V8's interpreter, where a result
 * object per hour costs 8,760 allocations.
 */
export function writePowerSeries(
  plan: Plan,
  rating: HallRating,
  hours: number,
  itPowerKw: Float64Array,
  coolingPowerKw: Float64Array,
  upsLossSeriesKw: Float64Array,
  into: { powerLossKw: Float64Array; otherPowerKw: Float64Array; facilityPowerKw: Float64Array },
): void {
  const { powerLossKw, otherPowerKw, facilityPowerKw } = into;
  const distributionLossFraction = plan.powerChain.distributionLossFraction;
  const otherKw = rating.lightingKw + rating.facilityLoadsKw + rating.miscKw;
  for (let i = 0; i < hours; i++) {
    const it = itPowerKw[i]!;
    const cooling = coolingPowerKw[i]!;
    const ups = upsLossSeriesKw[i]!;
    const distribution = distributionLossFraction * it;
    const transformer = transformerLossOfHourKw(plan, rating, it, ups, distribution, cooling, otherKw);
    const lossKw = ups + distribution + transformer;
    powerLossKw[i] = lossKw;
    otherPowerKw[i] = otherKw;
    facilityPowerKw[i] = it + cooling + lossKw + otherKw;
  }
}

/** The transformer's loss, kW, carrying all of an hour's other power (IT, losses before it, cooling, other). */
function transformerLossOfHourKw(
  plan: Plan,
  rating: HallRating,
  itPowerKw: number,
  upsKw: number,
  distributionKw: number,
  coolingPowerKw: number,
  otherKw: number,
): number {
  const throughputKw = itPowerKw + upsKw + distributionKw + coolingPowerKw + otherKw;
  return transformerLossKw(plan.powerChain, throughputKw, rating.transformerRatingKw);
}
