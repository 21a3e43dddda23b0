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
  const totals = Array.from({ length: 12 }, emptyTotals);
  const { cooling } = power;
  for (let i = 0; i < power.hours; i++) {
    const month = totals[conditions.month[i]! - 1]!;
    const facilityKw = power.facilityPowerKw[i]!;
    month.hours++;
    month.itKwh += power.itPowerKw[i]!;
    month.coolingKwh += power.coolingPowerKw[i]!;
    month.lossKwh += power.powerLossKw[i]!;
    month.otherKwh += power.otherPowerKw[i]!;
    month.facilityKwh += facilityKw;
    if (facilityKw > month.peakKw) month.peakKw = facilityKw;
    month.energyCost += facilityKw * prices[conditions.hourOfDay[i]!]!;
    month.waterLiters += cooling.waterLiters[i]!;
    if (cooling.mechanicalFraction[i] === 0) month.economizerHours++;
    if (cooling.withinEnvelope[i] === 0) month.hoursOutOfEnvelope++;
  }
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
