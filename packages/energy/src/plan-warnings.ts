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
  kind: 'transformer-overloaded';
  message: string;
}

/**
 * The plan's warnings at its peak hour (IT and cooling power, kW, of the year's highest facility-power
 * hour): a transformer carrying more than its rating. The rating is powerChain.transformerRatingKw, or the
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
