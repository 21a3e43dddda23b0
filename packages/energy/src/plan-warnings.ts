import { airCooledShare, airVolumeFlowM3PerS } from '@karst/cooling';
import { type HallRating, powerBreakdown } from './electrical.js';
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
 * is 3.4 m³/s of air through one rack.
 */
export const AIR_COOLED_RACK_LIMIT_KW = 50;

/** Sea-level air density, kg/m³, for the airflow the density warning names (ISO 2533 at 20 °C). */
const AIR_DENSITY_KG_PER_M3 = 1.204;

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
): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const airShare = airCooledShare(plan.cooling);
  const airKwPerRack = plan.itPlan.kwPerRack * airShare;
  if (airKwPerRack > AIR_COOLED_RACK_LIMIT_KW) {
    const riseK = plan.cooling.airTemperatureRiseK;
    const airflowM3PerS = airVolumeFlowM3PerS(airKwPerRack, riseK, AIR_DENSITY_KG_PER_M3);
    const share = airShare === 1 ? 'all of it' : `${Math.round(airShare * 100)} % of it`;
    warnings.push({
      kind: 'air-cooled-density',
      message:
        `racks of ${round(plan.itPlan.kwPerRack)} kW leave ${round(airKwPerRack)} kW each to air (${share}, ` +
        `${plan.cooling.type}): ${airflowM3PerS.toFixed(1)} m³/s of air through one rack at the hall's ` +
        `${riseK} K rise, beyond what air cooling carries (reported up to ~35 kW per rack with containment); ` +
        `the cooling figures assume the air gets there. For racks above ${AIR_COOLED_RACK_LIMIT_KW} kW of air-cooled heat, ` +
        'use cooling type warm-water-liquid (cold plates)',
    });
  }
  const peak = powerBreakdown(plan, rating, peakItPowerKw, peakCoolingPowerKw);
  const throughputKw = peak.facilityPowerKw - peak.transformerLossKw;
  const loadRatio = throughputKw / rating.transformerRatingKw;
  if (loadRatio > 1) {
    const ratedBy =
      plan.powerChain.transformerRatingKw === undefined
        ? 'the grid cap, as powerChain.transformerRatingKw is not set'
        : 'powerChain.transformerRatingKw';
    warnings.push({
      kind: 'transformer-overloaded',
      message:
        `the transformer, rated ${round(rating.transformerRatingKw)} kW (${ratedBy}), carries ` +
        `${round(throughputKw)} kW in the peak hour, ${loadRatio.toFixed(2)}x its rating: its load loss ` +
        `(${round(peak.transformerLossKw)} kW then) is extrapolated past the nameplate, so the power losses ` +
        'and PUE are not physical; set powerChain.transformerRatingKw to the nameplate rating, or raise ' +
        'gridConnection.capKw',
    });
  }
  return warnings;
}

function round(kw: number): string {
  return String(Math.round(kw));
}
