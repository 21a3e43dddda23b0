import type { OutdoorConditions, Tariff } from '@karst/climate';
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

function emptyTotals(): Totals {
  return {
    hours: 0,
    itKwh: 0,
    coolingKwh: 0,
    lossKwh: 0,
    otherKwh: 0,
    facilityKwh: 0,
    peakKw: 0,
    energyCost: 0,
    waterLiters: 0,
    economizerHours: 0,
    hoursOutOfEnvelope: 0,
  };
}

/**
 * Monthly budgets from hourly power (each hour is one hour long, so kW sums to kWh), and the year as the
 * sum of its months, so months always add up to the year.
 */
export function monthlyAndAnnual(
  power: HourlyPower,
  conditions: OutdoorConditions,
  tariff: Tariff,
  carbon: CarbonFactors,
): { months: Omit<MonthBudget, 'modeHours'>[]; annual: PeriodBudget } {
  const prices = pricePerKwhByHourOfDay(tariff);
  // One pass over the hours into a flat table, 12 months x TOTAL_FIELDS (typed, so the sums stay unboxed
  // doubles), then the months and the year as Totals.
  const sums = new Float64Array(12 * TOTAL_FIELDS);
  const { itPowerKw, coolingPowerKw, powerLossKw, otherPowerKw, facilityPowerKw, cooling } = power;
  const { waterLiters, mechanicalFraction, withinEnvelope } = cooling;
  const monthOfHour = conditions.month;
  const hourOfDay = conditions.hourOfDay;
  for (let i = 0; i < power.hours; i++) {
    const at = (monthOfHour[i]! - 1) * TOTAL_FIELDS;
    const facilityKw = facilityPowerKw[i]!;
    sums[at + HOURS]! += 1;
    sums[at + IT]! += itPowerKw[i]!;
    sums[at + COOLING]! += coolingPowerKw[i]!;
    sums[at + LOSS]! += powerLossKw[i]!;
    sums[at + OTHER]! += otherPowerKw[i]!;
    sums[at + FACILITY]! += facilityKw;
    if (facilityKw > sums[at + PEAK]!) sums[at + PEAK] = facilityKw;
    sums[at + COST]! += facilityKw * prices[hourOfDay[i]!]!;
    sums[at + WATER]! += waterLiters[i]!;
    if (mechanicalFraction[i] === 0) sums[at + ECONOMIZER]! += 1;
    if (withinEnvelope[i] === 0) sums[at + OUT_OF_ENVELOPE]! += 1;
  }
  const totals = Array.from({ length: 12 }, (_, month) => totalsAt(sums, month * TOTAL_FIELDS));
  const months = totals
    .map((month, index) => ({ month: index + 1, ...periodBudget(month, tariff, carbon) }))
    .filter((month) => month.hours > 0);
  const year = totals.reduce((sum, month) => {
    for (const key of Object.keys(sum) as (keyof Totals)[]) {
      sum[key] = key === 'peakKw' ? Math.max(sum[key], month[key]) : sum[key] + month[key];
    }
    return sum;
  }, emptyTotals());
  // The demand charge is billed per month on that month's peak.
  const annualDemandCost = months.reduce((sum, month) => sum + month.demandCost, 0);
  const annual = periodBudget(year, tariff, carbon, annualDemandCost);
  return { months, annual };
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
