import type { Budget } from '@karst/energy';
import type { InfraConfig } from './config.js';

/** How many compute nodes the region may run, from the budget. */
export interface PoolSizing {
  /** Nodes that fit in the power headroom: the headroom's IT load over the IT power one node stands for. */
  maxSize: number;
  /** The plan's average IT load in nodes (or the configured count), never above maxSize. */
  desiredSize: number;
  /** True when the plan asked for more nodes than fit, so the pool was capped. */
  capped: boolean;
  nodeItKw: number;
}

export function poolSizing(budget: Budget, aws: InfraConfig['aws']): PoolSizing {
  const maxSize = Math.max(0, Math.floor(budget.headroom.maxItPowerKw / aws.nodeItKw));
  const averageItKw = (budget.annual.itEnergyMwh * 1000) / budget.annual.hours;
  const wanted = aws.desiredNodes ?? Math.ceil(averageItKw / aws.nodeItKw);
  return {
    maxSize,
    desiredSize: Math.min(wanted, maxSize),
    capped: wanted > maxSize,
    nodeItKw: aws.nodeItKw,
  };
}

/** The tags that let the policy pack and the status service check the deployment against its budget. */
export function budgetTags(
  budget: Budget,
  sizing: PoolSizing,
  /** Where the site is: the national-hub policy reads its country and region (province). */
  location?: { country: string; region: string },
): Record<string, string> {
  const fixed = (value: number, digits = 1) => value.toFixed(digits);
  return {
    'karst:site': budget.site.id,
    ...(location?.country ? { 'karst:site-country': location.country } : {}),
    ...(location?.region ? { 'karst:site-region': location.region } : {}),
    'karst:budget-pue': fixed(budget.annual.pue, 3),
    'karst:budget-peak-facility-kw': fixed(budget.headroom.peakFacilityPowerKw),
    'karst:budget-cap-kw': fixed(budget.headroom.capKw),
    'karst:budget-max-it-kw': fixed(budget.headroom.maxItPowerKw),
    'karst:budget-within-cap': String(budget.headroom.withinCap),
    'karst:budget-facility-energy-mwh': fixed(budget.annual.facilityEnergyMwh, 0),
    'karst:budget-max-month-energy-mwh': fixed(
      Math.max(...budget.months.map((month) => month.facilityEnergyMwh)),
      0,
    ),
    'karst:node-it-kw': fixed(sizing.nodeItKw, 3),
  };
}
