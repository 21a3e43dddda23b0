import type { Budget } from '@karst/energy';

const number = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The budget as a few lines a person reads in a terminal. */
export function budgetSummaryLines(budget: Budget): string[] {
  const { annual, headroom } = budget;
  const currency = budget.site.currency;
  return [
    `Budget at ${budget.site.name} (${number(budget.site.elevationM)} m), cooling ${budget.coolingDesign}:`,
    `  PUE ${number(annual.pue, 3)} (cooling partial PUE ${number(annual.coolingPartialPue, 3)}); ${number(annual.economizerHours)} of ${number(annual.hours)} hours without compressors`,
    `  energy ${number(annual.facilityEnergyMwh)} MWh facility / ${number(annual.itEnergyMwh)} MWh IT; cost ${number(annual.cost)} ${currency}`,
    `  carbon ${number(annual.carbonLocationBasedTCo2e)} t CO2e location-based, ${number(annual.carbonMarketBasedTCo2e)} t market-based`,
    `  water ${number(annual.waterM3)} m3 (WUE ${number(annual.wueLPerKwh, 2)} L/kWh)`,
    `  peak ${number(headroom.peakFacilityPowerKw)} kW ${headroom.withinCap ? 'under' : 'over'} a ${number(headroom.capKw)} kW cap: headroom ${number(headroom.marginKw)} kW, ${number(headroom.maxRacks)} racks fit (${number(headroom.plannedRacks)} planned)`,
    // Where the figures above rest on equipment past its rating (the deployment's plan should not start so).
    ...budget.planWarnings.map((warning) => `  plan warning: ${warning.message}`),
  ];
}
