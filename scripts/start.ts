// Karst's main job: the budget of the default plan at the default site (Guiyang), printed for a person.
// (The status service with its dashboard joins this command when apps/status lands.)
import { getBuiltInSite } from '@karst/climate';
import { type Budget, computeBudget } from '@karst/energy';

const budget: Budget = computeBudget({});
const site = getBuiltInSite(budget.site.id);
const { annual, headroom } = budget;
const number = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

console.log(
  `Karst: budget of the default plan at ${site.name}, ${site.region} (${site.location.elevationM} m)`,
);
console.log(
  `  cooling ${budget.coolingDesign}; weather: typical year synthesized from ${site.climate.source}`,
);
console.log();
console.table({
  'annual PUE': number(annual.pue, 3),
  'cooling partial PUE': number(annual.coolingPartialPue, 3),
  'IT energy (MWh)': number(annual.itEnergyMwh),
  'facility energy (MWh)': number(annual.facilityEnergyMwh),
  [`cost (${budget.site.currency})`]: number(annual.cost),
  'carbon, location-based (t CO2e)': number(annual.carbonLocationBasedTCo2e),
  'carbon, market-based (t CO2e)': number(annual.carbonMarketBasedTCo2e),
  'water (m3)': number(annual.waterM3),
  'WUE (L/kWh)': number(annual.wueLPerKwh, 2),
  'hours without compressors': `${annual.economizerHours} of ${annual.hours}`,
  'peak facility power (kW)': number(headroom.peakFacilityPowerKw),
  'grid cap (kW)': number(headroom.capKw),
  'headroom (kW)': number(headroom.marginKw),
  'racks that fit (planned)': `${headroom.maxRacks} (${headroom.plannedRacks})`,
});
console.log('Hours per cooling mode');
console.table(Object.fromEntries(Object.entries(budget.modeHours).filter(([, hours]) => hours > 0)));
console.log('Monthly budget');
console.table(
  budget.months.map((month) => ({
    month: month.month,
    'facility MWh': number(month.facilityEnergyMwh),
    PUE: number(month.pue, 3),
    [`cost ${budget.site.currency}`]: number(month.cost),
    'water m3': number(month.waterM3),
  })),
);
