import type { GridCarbon } from '@karst/climate';
import type { CarbonOptions } from './plan-schema.js';

export interface CarbonFactors {
  locationKgCo2ePerKwh: number;
  /** The energy-weighted factor of the plan's supply under the market-based method. */
  marketKgCo2ePerKwh: number;
}

/**
 * Location-based: the grid's average factor. Market-based (GHG Protocol Scope 2 Guidance, 2015): each
 * contractual instrument's own factor for the energy it covers (hydro contract, certificates at 0), and a
 * residual factor for the rest.
 */
export function carbonFactors(grid: GridCarbon, options: CarbonOptions): CarbonFactors {
  const locationKgCo2ePerKwh = options.locationKgCo2ePerKwh ?? grid.locationKgCo2ePerKwh;
  const residualKgCo2ePerKwh = options.residualKgCo2ePerKwh ?? locationKgCo2ePerKwh;
  const uncoveredShare = 1 - options.hydroContractShare - options.greenCertificateShare;
  return {
    locationKgCo2ePerKwh,
    marketKgCo2ePerKwh:
      options.hydroContractShare * options.hydroKgCo2ePerKwh + uncoveredShare * residualKgCo2ePerKwh,
  };
}
