import type { Plan } from './plan-schema.js';
import { transformerLossKw, upsLossKw } from './power-chain.js';

/** The electrical sizing of a hall of `racks` racks under a plan, fixed for every hour. */
export interface HallRating {
  itDesignKw: number;
  upsCapacityKw: number;
  lightingKw: number;
  miscKw: number;
  transformerRatingKw: number;
}

export function hallRating(plan: Plan, racks: number): HallRating {
  const itDesignKw = racks * plan.itPlan.kwPerRack;
  return {
    itDesignKw,
    upsCapacityKw: itDesignKw * plan.powerChain.upsRedundancyFactor,
    lightingKw: (plan.otherLoads.lightingWPerItKw / 1000) * itDesignKw,
    miscKw: plan.otherLoads.miscKw,
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
  miscKw: number;
  facilityPowerKw: number;
}

/** Heat the cooling plant removes from the hall: IT, UPS and distribution losses, and lighting. */
export function hallHeatLoadKw(plan: Plan, rating: HallRating, itPowerKw: number): number {
  return (
    itPowerKw +
    upsLossKw(plan.powerChain.upsEfficiencyCurve, itPowerKw, rating.upsCapacityKw) +
    plan.powerChain.distributionLossFraction * itPowerKw +
    rating.lightingKw
  );
}

/**
 * Everything on the meter in one hour, given the IT load and the cooling power it needs. The transformer
 * carries all other loads, so its loss comes last; the facility power is the sum of the parts.
 */
export function powerBreakdown(
  plan: Plan,
  rating: HallRating,
  itPowerKw: number,
  coolingPowerKw: number,
): PowerBreakdown {
  const ups = upsLossKw(plan.powerChain.upsEfficiencyCurve, itPowerKw, rating.upsCapacityKw);
  const distribution = plan.powerChain.distributionLossFraction * itPowerKw;
  const throughputKw = itPowerKw + ups + distribution + coolingPowerKw + rating.lightingKw + rating.miscKw;
  const transformer = transformerLossKw(plan.powerChain, throughputKw, rating.transformerRatingKw);
  return {
    itPowerKw,
    upsLossKw: ups,
    distributionLossKw: distribution,
    transformerLossKw: transformer,
    coolingPowerKw,
    lightingKw: rating.lightingKw,
    miscKw: rating.miscKw,
    // Grouped as the budget reports it (IT + cooling + losses + other), so the parts sum to it exactly.
    facilityPowerKw:
      itPowerKw + coolingPowerKw + (ups + distribution + transformer) + (rating.lightingKw + rating.miscKw),
  };
}
