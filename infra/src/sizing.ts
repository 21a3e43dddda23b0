import type { Budget } from '@karst/energy';
import { BUDGET_TAGS } from '@karst/policy/tag-names';
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
    [BUDGET_TAGS.site]: budget.site.id,
    ...(location?.country ? { [BUDGET_TAGS.siteCountry]: location.country } : {}),
    ...(location?.region ? { [BUDGET_TAGS.siteRegion]: location.region } : {}),
    [BUDGET_TAGS.pue]: fixed(budget.annual.pue, 3),
    [BUDGET_TAGS.peakFacilityKw]: fixed(budget.headroom.peakFacilityPowerKw),
    [BUDGET_TAGS.capKw]: fixed(budget.headroom.capKw),
    [BUDGET_TAGS.maxItKw]: fixed(budget.headroom.maxItPowerKw),
    [BUDGET_TAGS.withinCap]: String(budget.headroom.withinCap),
    [BUDGET_TAGS.facilityEnergyMwh]: fixed(budget.annual.facilityEnergyMwh, 0),
    [BUDGET_TAGS.maxMonthEnergyMwh]: fixed(
      Math.max(...budget.months.map((month) => month.facilityEnergyMwh)),
      0,
    ),
    [BUDGET_TAGS.nodeItKw]: fixed(sizing.nodeItKw, 3),
  };
}
