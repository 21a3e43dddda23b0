import type { OutdoorConditions, Tariff } from '@karst/climate';
import { COOLING_MODES, type CoolingMode } from '@karst/cooling';
import type { CarbonFactors } from './carbon.js';
import type { HourlyPower } from './hourly-model.js';
import type { MonthBudget, PeriodBudget } from './result.js';
import { pricePerKwhByHourOfDay } from './tariff.js';

interface Totals {
  hours: number;
  itKwh: number;
  coolingKwh: number;
  lossKwh: number;
  otherKwh: number;
  facilityKwh: number;
  peakKw: number;
  energyCost: number;
  waterLiters: number;
  economizerHours: number;
  hoursOutOfEnvelope: number;
}

/**
 * Monthly budgets from hourly power (each hour is one hour long, so kW sums to kWh), with the hours the
 * plant spent in each cooling mode, and the year as the sum of its months, so months always add up to
 * the year. One pass over the hours fills flat typed tables (sums stay unboxed doubles); the result
 * objects are then built field by field (object spreads here made V8 deoptimize on every call).
 */
export function monthlyAndAnnual(
  power: HourlyPower,
  conditions: OutdoorConditions,
  tariff: Tariff,
  carbon: CarbonFactors,
): { months: MonthBudget[]; annual: PeriodBudget; modeHours: Record<CoolingMode, number> } {
  const prices = pricePerKwhByHourOfDay(tariff);
  const sums = new Float64Array(12 * TOTAL_FIELDS);
  const modeCount = COOLING_MODES.length;
  const modeCounts = new Uint16Array(12 * modeCount);
  sumByMonth(power, conditions, prices, sums, modeCounts);
  // The year: every sum added over the months, the peak as their maximum.
  const year = new Float64Array(TOTAL_FIELDS);
  for (let month = 0; month < 12; month++) {
    for (let field = 0; field < TOTAL_FIELDS; field++) {
      const value = sums[month * TOTAL_FIELDS + field]!;
      year[field] = field === PEAK ? Math.max(year[field]!, value) : year[field]! + value;
    }
  }
  const months: MonthBudget[] = [];
  const modeHours = noModeHours();
  let annualDemandCost = 0;
  for (let month = 0; month < 12; month++) {
    const monthModeHours = noModeHours();
    for (let index = 0; index < modeCount; index++) {
      const hours = modeCounts[month * modeCount + index]!;
      const name = COOLING_MODES[index]!;
      monthModeHours[name] = hours;
      modeHours[name] += hours;
    }
    if (!(sums[month * TOTAL_FIELDS + HOURS]! > 0)) continue;
    const period = periodBudget(totalsAt(sums, month * TOTAL_FIELDS), tariff, carbon);
    // The demand charge is billed per month on that month's peak.
    annualDemandCost += period.demandCost;
    months.push(monthBudget(month + 1, period, monthModeHours));
  }
  const annual = periodBudget(totalsAt(year, 0), tariff, carbon, annualDemandCost);
  return { months, annual, modeHours };
}

/**
 * Adds every hour into its month's row of `sums` (TOTAL_FIELDS per month) and its mode's count. A function
 * of its own, so V8 optimizes the loop whole rather than as on-stack-replaced code inside the caller.
 */
function sumByMonth(
  power: HourlyPower,
  conditions: OutdoorConditions,
  prices: Float64Array,
  sums: Float64Array,
  modeCounts: Uint16Array,
): void {
  const modeCount = COOLING_MODES.length;
  const { itPowerKw, coolingPowerKw, powerLossKw, otherPowerKw, facilityPowerKw, cooling } = power;
  const { waterLiters, mechanicalFraction, withinEnvelope, mode } = cooling;
  const monthOfHour = conditions.month;
  const hourOfDay = conditions.hourOfDay;
  // Hours come in runs of one month (a typical year is in calendar order), so each run is summed in
  // local variables and added to its month's row when the month changes.
  let runMonth = -1;
  let hours = 0;
  let itKwh = 0;
  let coolingKwh = 0;
  let lossKwh = 0;
  let otherKwh = 0;
  let facilityKwh = 0;
  let peakKw = 0;
  let energyCost = 0;
  let waterL = 0;
  let economizerHours = 0;
  let outOfEnvelopeHours = 0;
  for (let i = 0; i <= power.hours; i++) {
    const monthIndex = i < power.hours ? monthOfHour[i]! - 1 : -1;
    if (monthIndex !== runMonth) {
      if (runMonth >= 0) {
        const at = runMonth * TOTAL_FIELDS;
        sums[at + HOURS]! += hours;
        sums[at + IT]! += itKwh;
        sums[at + COOLING]! += coolingKwh;
        sums[at + LOSS]! += lossKwh;
        sums[at + OTHER]! += otherKwh;
        sums[at + FACILITY]! += facilityKwh;
        if (peakKw > sums[at + PEAK]!) sums[at + PEAK] = peakKw;
        sums[at + COST]! += energyCost;
        sums[at + WATER]! += waterL;
        sums[at + ECONOMIZER]! += economizerHours;
        sums[at + OUT_OF_ENVELOPE]! += outOfEnvelopeHours;
      }
      if (monthIndex < 0) break;
      runMonth = monthIndex;
      hours = itKwh = coolingKwh = lossKwh = otherKwh = facilityKwh = peakKw = energyCost = waterL = 0;
      economizerHours = outOfEnvelopeHours = 0;
    }
    const facilityKw = facilityPowerKw[i]!;
    hours += 1;
    itKwh += itPowerKw[i]!;
    coolingKwh += coolingPowerKw[i]!;
    lossKwh += powerLossKw[i]!;
    otherKwh += otherPowerKw[i]!;
    facilityKwh += facilityKw;
    if (facilityKw > peakKw) peakKw = facilityKw;
    energyCost += facilityKw * prices[hourOfDay[i]!]!;
    waterL += waterLiters[i]!;
    if (mechanicalFraction[i] === 0) economizerHours += 1;
    if (withinEnvelope[i] === 0) outOfEnvelopeHours += 1;
    modeCounts[monthIndex * modeCount + mode[i]!]!++;
  }
}

function noModeHours(): Record<CoolingMode, number> {
  const hours = {} as Record<CoolingMode, number>;
  for (const mode of COOLING_MODES) hours[mode] = 0;
  return hours;
}

// Offsets of one month's sums in monthlyAndAnnual's flat table.
const HOURS = 0;
const IT = 1;
const COOLING = 2;
const LOSS = 3;
const OTHER = 4;
const FACILITY = 5;
const PEAK = 6;
const COST = 7;
const WATER = 8;
const ECONOMIZER = 9;
const OUT_OF_ENVELOPE = 10;
const TOTAL_FIELDS = 11;

function totalsAt(sums: Float64Array, at: number): Totals {
  return {
    hours: sums[at + HOURS]!,
    itKwh: sums[at + IT]!,
    coolingKwh: sums[at + COOLING]!,
    lossKwh: sums[at + LOSS]!,
    otherKwh: sums[at + OTHER]!,
    facilityKwh: sums[at + FACILITY]!,
    peakKw: sums[at + PEAK]!,
    energyCost: sums[at + COST]!,
    waterLiters: sums[at + WATER]!,
    economizerHours: sums[at + ECONOMIZER]!,
    hoursOutOfEnvelope: sums[at + OUT_OF_ENVELOPE]!,
  };
}

function monthBudget(
  month: number,
  period: PeriodBudget,
  modeHours: Record<CoolingMode, number>,
): MonthBudget {
  return {
    month,
    hours: period.hours,
    itEnergyMwh: period.itEnergyMwh,
    coolingEnergyMwh: period.coolingEnergyMwh,
    powerLossEnergyMwh: period.powerLossEnergyMwh,
    otherEnergyMwh: period.otherEnergyMwh,
    facilityEnergyMwh: period.facilityEnergyMwh,
    pue: period.pue,
    coolingPartialPue: period.coolingPartialPue,
    peakFacilityPowerKw: period.peakFacilityPowerKw,
    energyCost: period.energyCost,
    demandCost: period.demandCost,
    cost: period.cost,
    carbonLocationBasedTCo2e: period.carbonLocationBasedTCo2e,
    carbonMarketBasedTCo2e: period.carbonMarketBasedTCo2e,
    waterM3: period.waterM3,
    wueLPerKwh: period.wueLPerKwh,
    economizerHours: period.economizerHours,
    hoursOutOfEnvelope: period.hoursOutOfEnvelope,
    modeHours,
  };
}

function periodBudget(
  totals: Totals,
  tariff: Tariff,
  carbon: CarbonFactors,
  demandCost?: number,
): PeriodBudget {
  const demand = demandCost ?? tariff.demandChargePerKwMonth * totals.peakKw;
  return {
    hours: totals.hours,
    itEnergyMwh: totals.itKwh / 1000,
    coolingEnergyMwh: totals.coolingKwh / 1000,
    powerLossEnergyMwh: totals.lossKwh / 1000,
    otherEnergyMwh: totals.otherKwh / 1000,
    facilityEnergyMwh: totals.facilityKwh / 1000,
    pue: totals.itKwh > 0 ? totals.facilityKwh / totals.itKwh : 0,
    coolingPartialPue: totals.itKwh > 0 ? (totals.itKwh + totals.coolingKwh) / totals.itKwh : 0,
    peakFacilityPowerKw: totals.peakKw,
    energyCost: totals.energyCost,
    demandCost: demand,
    cost: totals.energyCost + demand,
    carbonLocationBasedTCo2e: (totals.facilityKwh * carbon.locationKgCo2ePerKwh) / 1000,
    carbonMarketBasedTCo2e: (totals.facilityKwh * carbon.marketKgCo2ePerKwh) / 1000,
    waterM3: totals.waterLiters / 1000,
    wueLPerKwh: totals.itKwh > 0 ? totals.waterLiters / totals.itKwh : 0,
    economizerHours: totals.economizerHours,
    hoursOutOfEnvelope: totals.hoursOutOfEnvelope,
  };
}
