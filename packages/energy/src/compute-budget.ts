import { type EpwWarning, type HourlyWeather, parseWith } from '@karst/climate';
import { COOLING_MODES } from '@karst/cooling';
import { monthlyAndAnnual } from './aggregate.js';
import { carbonFactors } from './carbon.js';
import { hallRating } from './electrical.js';
import { designPoints, headroom, type OutdoorPoint, peakHourAt } from './headroom.js';
import { createHourBuffers, type HourBuffers, type HourlyPower, simulateHours } from './hourly-model.js';
import { type Plan, type PlanInput, planSchema } from './plan-schema.js';
import { planWarnings } from './plan-warnings.js';
import type { Budget, HourlyBudgetSeries, PeakHour } from './result.js';
import { conditionsFor, siteOf } from './site-weather.js';

export interface ComputeBudgetOptions {
  /**
   * Hourly weather to use instead of the site profile's synthesized typical year (for example a parsed
   * EPW file's `hourly`). The site still supplies elevation, design conditions, tariff and grid carbon.
   */
  weather?: HourlyWeather;
  /**
   * The repairs and doubts of the file `weather` came from (a parsed EPW file's `warnings`), carried into
   * the budget's `weatherWarnings`. Without `weather`, the site profile's `climate.weatherWarnings` are used.
   */
  weatherWarnings?: readonly EpwWarning[];
}

/**
 * The whole budget of a plan: hourly cooling and power over a typical year, then annual and monthly
 * energy, PUE, cost, carbon (location- and market-based), water, the design-day and worst-hour peaks and
 * the power headroom under the grid cap. A plan over its cap is a result that says so, not an error.
 *
 * @throws ValidationError naming the path of every invalid field of the plan (e.g. `itPlan.racks`).
 */
export function computeBudget(planInput: PlanInput, options: ComputeBudgetOptions = {}): Budget {
  const plan = parseWith(planSchema, planInput, 'plan');
  const site = siteOf(plan);
  const { conditions, source } = conditionsFor(site, options.weather);
  const power = simulateHours(plan, site, conditions, scratchFor(conditions.hours));
  const tariff = plan.tariff ?? site.power.tariff;
  const factors = carbonFactors(site.power.gridCarbon, plan.carbon);
  const { months, annual, modeHours } = monthlyAndAnnual(power, conditions, tariff, factors);

  const worstIndex = indexOfMax(power.facilityPowerKw);
  const worstPoint: OutdoorPoint = {
    dryBulbC: conditions.dryBulbC[worstIndex]!,
    wetBulbC: conditions.wetBulbC[worstIndex]!,
    dewPointC: conditions.dewPointC[worstIndex]!,
    pressurePa: conditions.pressurePa[worstIndex]!,
  };
  const elevationM = site.location.elevationM;
  const designs = designPoints(site);
  const design = designs
    .map(({ basis, point }) => designDayPeak(basis, peakHourAt(plan, plan.itPlan.racks, point, elevationM)))
    .reduce((worst, candidate) => (candidate.facilityPowerKw > worst.facilityPowerKw ? candidate : worst));
  const worstHourFacilityKw = power.facilityPowerKw[worstIndex]!;
  const hoursOverCap = countAbove(power.facilityPowerKw, power.hours, plan.gridConnection.capKw);

  const budget: Budget = {
    site: {
      id: site.id,
      name: site.name,
      elevationM,
      weather: source,
      currency: tariff.currency,
    },
    weatherWarnings: [
      ...(options.weatherWarnings ?? (options.weather ? [] : (site.climate.weatherWarnings ?? []))),
    ],
    planWarnings: planWarnings(
      plan,
      hallRating(plan, plan.itPlan.racks),
      power.itPowerKw[worstIndex]!,
      power.coolingPowerKw[worstIndex]!,
      elevationM,
    ),
    coolingDesign: plan.cooling.type,
    annual,
    months,
    modeHours,
    carbonFactors: factors,
    worstHour: {
      month: conditions.month[worstIndex]!,
      day: conditions.day[worstIndex]!,
      hourOfDay: conditions.hourOfDay[worstIndex]!,
      facilityPowerKw: worstHourFacilityKw,
      itPowerKw: power.itPowerKw[worstIndex]!,
      coolingPowerKw: power.coolingPowerKw[worstIndex]!,
      dryBulbC: worstPoint.dryBulbC,
      wetBulbC: worstPoint.wetBulbC,
      dewPointC: worstPoint.dewPointC,
      pressurePa: worstPoint.pressurePa,
      mode: COOLING_MODES[power.cooling.mode[worstIndex]!]!,
    },
    designDay: design,
    headroom: headroom(
      plan,
      elevationM,
      [worstPoint, ...designs.map(({ point }) => point)],
      Math.max(worstHourFacilityKw, design.facilityPowerKw),
      hoursOverCap,
    ),
  };
  if (plan.includeHourly) budget.hourly = hourlySeries(power, conditions);
  return budget;
}

// Result objects are built field by field, not by spreading: spreads here made V8 deoptimize
// computeBudget on every call (--trace-deopt, "wrong map").
function designDayPeak(basis: string, peak: PeakHour): Budget['designDay'] {
  return {
    basis,
    facilityPowerKw: peak.facilityPowerKw,
    itPowerKw: peak.itPowerKw,
    coolingPowerKw: peak.coolingPowerKw,
    dryBulbC: peak.dryBulbC,
    wetBulbC: peak.wetBulbC,
    dewPointC: peak.dewPointC,
    mode: peak.mode,
  };
}

// One set of hourly buffers reused by every call (computeBudget is synchronous and copies every hourly
// value it returns), so a sweep of budgets does not allocate and collect ~1 MB of arrays per plan.
let scratch: HourBuffers | undefined;

function scratchFor(hours: number): HourBuffers {
  if (scratch?.hours !== hours) scratch = createHourBuffers(hours);
  return scratch;
}

// The loops over 8,760 hours live in functions of their own: a long loop in computeBudget itself made V8
// run it as on-stack-replaced code that deoptimized at the result literal on every call (--trace-deopt).
function countAbove(values: Float64Array, hours: number, limit: number): number {
  let count = 0;
  for (let i = 0; i < hours; i++) if (values[i]! > limit) count++;
  return count;
}

function indexOfMax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function hourlySeries(
  power: HourlyPower,
  conditions: { dryBulbC: Float64Array; wetBulbC: Float64Array },
): HourlyBudgetSeries {
  const hours = power.hours;
  const list = (values: ArrayLike<number>) => Array.from({ length: hours }, (_, i) => values[i]!);
  return {
    itPowerKw: list(power.itPowerKw),
    coolingPowerKw: list(power.coolingPowerKw),
    powerLossKw: list(power.powerLossKw),
    otherPowerKw: list(power.otherPowerKw),
    facilityPowerKw: list(power.facilityPowerKw),
    pue: Array.from({ length: hours }, (_, i) =>
      power.itPowerKw[i]! > 0 ? power.facilityPowerKw[i]! / power.itPowerKw[i]! : null,
    ),
    mode: Array.from({ length: hours }, (_, i) => COOLING_MODES[power.cooling.mode[i]!]!),
    mechanicalFraction: list(power.cooling.mechanicalFraction),
    waterLiters: list(power.cooling.waterLiters),
    dryBulbC: list(conditions.dryBulbC),
    wetBulbC: list(conditions.wetBulbC),
  };
}

export type { Plan };
