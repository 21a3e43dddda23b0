import { standardPressurePa } from '@karst/climate';
import { airCooledShare, airVolumeFlowM3PerS } from '@karst/cooling';
import { type HallRating, powerBreakdown } from './electrical.js';
import { thousands } from './format.js';
import type { Plan } from './plan-schema.js';

/**
 * A doubt about a budget's own figures: the model ran, but part of the result rests on equipment run
 * outside its rating. `kind` is stable for programs; `message` is the one text every consumer prints.
 */
export interface PlanWarning {
  /**
   * `transformer-overloaded`: the peak hour puts more power through the transformer than its rating, so
   * its load loss (rating x loadLossFraction x (load / rating)², a nameplate curve) is extrapolated past
   * the nameplate, where a real transformer would trip or be replaced by a bigger one.
   */
  kind: 'transformer-overloaded' | 'air-cooled-density';
  message: string;
}

/**
 * Heat per rack, kW, above which a budget warns that air cannot carry it (`air-cooled-density`): the
 * share of `kwPerRack` the plan's cooling design leaves to air (all of it but the cold plates' share of a
 * warm-water-liquid hall). Air-cooled racks are reported at up to ~35 kW with containment ("in the past,
 * a common assumption ... above 25 kW per rack it was time to transition to liquid cooling ... [now] up
 * to and even exceed 35 kW per rack with traditional air cooling": G. Johnson, Subzero Engineering,
 * Intelligent Data Centres issue 56, 2023, p. 47); 50 kW leaves a margin above that, and at a 12 K rise
 * is 3.4 m³/s of air through one rack at sea level.
 */
export const AIR_COOLED_RACK_LIMIT_KW = 50;

/** Specific gas constant of dry air, J/(kg K) (ASHRAE Handbook Fundamentals 2021, ch. 1). */
const DRY_AIR_GAS_CONSTANT_J_PER_KG_K = 287.055;

/**
 * The plan's warnings: racks whose air-cooled heat is above AIR_COOLED_RACK_LIMIT_KW, and, at its peak
 * hour (IT and cooling power, kW, of the year's highest facility-power hour), a transformer carrying more
 * than its rating. The rating is powerChain.transformerRatingKw, or the
 * grid cap when that is not set, so a plan far over its cap is warned that its power losses are not
 * physical as well as told it is over the cap (headroom).
 */
export function planWarnings(
  plan: Plan,
  rating: HallRating,
  peakItPowerKw: number,
  peakCoolingPowerKw: number,
  elevationM = 0,
): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const airShare = airCooledShare(plan.cooling);
  const airKwPerRack = plan.itPlan.kwPerRack * airShare;
  if (airKwPerRack > AIR_COOLED_RACK_LIMIT_KW) {
    const riseK = plan.cooling.airTemperatureRiseK;
    // Air at 20 °C and the site's standard pressure (thinner at altitude: more volume per kW).
    const densityKgPerM3 = standardPressurePa(elevationM) / (DRY_AIR_GAS_CONSTANT_J_PER_KG_K * 293.15);
    const airflowM3PerS = airVolumeFlowM3PerS(airKwPerRack, riseK, densityKgPerM3);
    const liquid = plan.cooling.type === 'warm-water-liquid';
    const share = airShare === 1 ? 'all of it' : `${Math.round(airShare * 100)} % of it`;
    const remedy = liquid
      ? `raise cooling.coldPlateShare (now ${Math.round((1 - airShare) * 100)} %) until the air's share is at most ${AIR_COOLED_RACK_LIMIT_KW} kW per rack`
      : 'use cooling type warm-water-liquid (cold plates)';
    warnings.push({
      kind: 'air-cooled-density',
      message:
        `racks of ${kw(plan.itPlan.kwPerRack)} kW leave ${kw(airKwPerRack)} kW each to air (${share}, ` +
        `${plan.cooling.type}): ${airflowM3PerS.toFixed(1)} m³/s of air through one rack at the hall's ` +
        `${riseK} K rise, beyond what air cooling carries (reported up to ~35 kW per rack with containment); ` +
        `the cooling figures assume the air gets there. For racks above ${AIR_COOLED_RACK_LIMIT_KW} kW of air-cooled heat, ${remedy}`,
    });
  }
  const peak = powerBreakdown(plan, rating, peakItPowerKw, peakCoolingPowerKw);
  const throughputKw = peak.facilityPowerKw - peak.transformerLossKw;
  const loadRatio = throughputKw / rating.transformerRatingKw;
  if (loadRatio > 1) {
    const defaulted = plan.powerChain.transformerRatingKw === undefined;
    const ratedBy = defaulted
      ? 'the grid cap, as powerChain.transformerRatingKw is not set'
      : 'powerChain.transformerRatingKw';
    const remedy = defaulted
      ? 'set powerChain.transformerRatingKw to the nameplate rating, or raise gridConnection.capKw (the rating follows it)'
      : `fit a transformer rated for the peak (at least ${kw(Math.ceil(throughputKw))} kW) or plan fewer racks`;
    // Far past the nameplate the extrapolated loss dominates the losses; a little past it, it is small
    // but the transformer is still run beyond its rating every peak hour.
    const consequence =
      loadRatio >= TRANSFORMER_FAR_PAST_RATING
        ? 'so the power losses and PUE are not physical'
        : 'a transformer run past its nameplate, which the budget does not model';
    warnings.push({
      kind: 'transformer-overloaded',
      message:
        `the transformer, rated ${kw(rating.transformerRatingKw)} kW (${ratedBy}), carries ` +
        `${kw(throughputKw)} kW in the peak hour, ${loadRatio.toFixed(2)}x its rating: its load loss ` +
        `(${kw(peak.transformerLossKw)} kW then) is extrapolated past the nameplate, ${consequence}; ${remedy}`,
    });
  }
  return warnings;
}

/**
 * Load over rating from which the transformer warning says the losses are not physical: a distribution
 * transformer is loaded past its nameplate for hours at most (IEEE C57.91-2011, Guide for Loading
 * Mineral-Oil-Immersed Transformers: planned overloads to ~1.3x, emergency loading to ~1.5x of the
 * nameplate for short times); beyond 1.5x all year the extrapolated quadratic loss is fiction.
 */
export const TRANSFORMER_FAR_PAST_RATING = 1.5;

/** Whole kW with thousands separators, as the CLI prints power. */
function kw(value: number): string {
  return thousands(Math.round(value));
}
