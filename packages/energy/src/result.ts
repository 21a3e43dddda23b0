import type { EpwWarning } from '@karst/climate';
import type { PlanWarning } from './plan-warnings.js';

export type { PlanWarning } from './plan-warnings.js';

import type { CoolingMode } from '@karst/cooling';

/** Energy, cost, carbon and water over a period (a month or the year). */
export interface PeriodBudget {
  hours: number;
  itEnergyMwh: number;
  coolingEnergyMwh: number;
  powerLossEnergyMwh: number;
  otherEnergyMwh: number;
  facilityEnergyMwh: number;
  /** Energy-weighted PUE: facility energy / IT energy; 0 for a period with no IT energy (no PUE). */
  pue: number;
  /** Partial PUE of cooling: (IT + cooling energy) / IT energy. */
  coolingPartialPue: number;
  peakFacilityPowerKw: number;
  energyCost: number;
  demandCost: number;
  cost: number;
  carbonLocationBasedTCo2e: number;
  carbonMarketBasedTCo2e: number;
  waterM3: number;
  /** Water usage effectiveness (The Green Grid): site water litres per kWh of IT energy. */
  wueLPerKwh: number;
  /** Hours that ran without compressors. */
  economizerHours: number;
  hoursOutOfEnvelope: number;
}

export interface MonthBudget extends PeriodBudget {
  month: number;
  /** Hours the cooling plant spent in each mode during the month. */
  modeHours: Record<CoolingMode, number>;
}

export interface PeakHour {
  facilityPowerKw: number;
  itPowerKw: number;
  coolingPowerKw: number;
  dryBulbC: number;
  wetBulbC: number;
  dewPointC: number;
  mode: CoolingMode;
}

export interface Headroom {
  capKw: number;
  /** The larger of the worst hour and the design-day facility power. */
  peakFacilityPowerKw: number;
  /** capKw - peakFacilityPowerKw; negative when the plan is over its cap. */
  marginKw: number;
  withinCap: boolean;
  /** Hours of the year whose facility power exceeds the cap. */
  hoursOverCap: number;
  /** The largest IT load (at the plan's peak utilization) that fits under the cap at every governing condition. */
  maxItPowerKw: number;
  /** Whole racks of the plan's kind that fit. */
  maxRacks: number;
  plannedRacks: number;
  plannedPeakItPowerKw: number;
}

export interface Budget {
  site: {
    id: string;
    name: string;
    elevationM: number;
    weather: 'synthesized-from-profile' | 'given-series';
    currency: string;
  };
  /**
   * The repairs and doubts of the weather the budget was computed from (the EPW file given, or the file a
   * site profile was imported from), each with the one message every consumer prints; empty for a
   * built-in site.
   */
  weatherWarnings: EpwWarning[];
  /**
   * Where the budget's own figures rest on equipment run past its rating (a transformer carrying more
   * than its rating in the peak hour), each with the one message every consumer prints; empty when none.
   */
  planWarnings: PlanWarning[];
  coolingDesign: string;
  annual: PeriodBudget;
  months: MonthBudget[];
  modeHours: Record<CoolingMode, number>;
  carbonFactors: { locationKgCo2ePerKwh: number; marketKgCo2ePerKwh: number };
  /** The hour of the year with the highest facility power, with its outdoor state (station pressure, Pa). */
  worstHour: PeakHour & { month: number; day: number; hourOfDay: number; pressurePa: number };
  designDay: PeakHour & { basis: string };
  headroom: Headroom;
  hourly?: HourlyBudgetSeries;
}

/** Hourly series as plain arrays (JSON), returned only when the plan asks for them. */
export interface HourlyBudgetSeries {
  itPowerKw: number[];
  coolingPowerKw: number[];
  powerLossKw: number[];
  otherPowerKw: number[];
  facilityPowerKw: number[];
  /** Facility over IT power; null in an hour with no IT load, which has no PUE. */
  pue: (number | null)[];
  mode: CoolingMode[];
  mechanicalFraction: number[];
  waterLiters: number[];
  dryBulbC: number[];
  wetBulbC: number[];
}
