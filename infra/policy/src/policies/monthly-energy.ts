import type { ResourceValidationPolicy } from '@pulumi/policy';
import { BUDGET_TAGS } from '../tag-names.js';
import { HOURS_IN_LONGEST_MONTH, MONTHLY_ENERGY_TOLERANCE, poolTags, tagNumber } from './budget.js';
import { asNumber, formatNumber } from './shared.js';

/**
 * The compute pool running at its desired size for a 31-day month stays within the budget's largest
 * month (5% slack, since the budget's months follow the weather and the pool's draw is flat).
 */
export const monthlyEnergyPolicy: ResourceValidationPolicy = {
  name: 'karst-monthly-energy',
  description:
    "The compute pool's desired size, run for a 31-day month at the budget's PUE, stays within 5% of the " +
    "budget's largest month of facility energy.",
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    const tags = poolTags(args.type, args.props);
    if (tags === undefined) return;
    const nodeKw = tagNumber(tags, BUDGET_TAGS.nodeItKw);
    const pue = tagNumber(tags, BUDGET_TAGS.pue);
    const maxMonthMwh = tagNumber(tags, BUDGET_TAGS.maxMonthEnergyMwh);
    // Without desiredCapacity an auto scaling group starts at minSize.
    const desired = asNumber(args.props.desiredCapacity) ?? asNumber(args.props.minSize);
    if (nodeKw === undefined || pue === undefined || maxMonthMwh === undefined || desired === undefined)
      return;
    const monthMwh = (desired * nodeKw.value * HOURS_IN_LONGEST_MONTH * pue.value) / 1000;
    const limitMwh = maxMonthMwh.value * MONTHLY_ENERGY_TOLERANCE;
    if (monthMwh > limitMwh) {
      reportViolation(
        `the compute pool's ${formatNumber(desired)} nodes x ${formatNumber(nodeKw.value)} kW x ` +
          `${HOURS_IN_LONGEST_MONTH} h x PUE ${formatNumber(pue.value)} = ${formatNumber(monthMwh)} ` +
          `MWh a month exceeds the budget's largest month, ${formatNumber(maxMonthMwh.value)} MWh, ` +
          `by more than 5% (limit ${formatNumber(limitMwh)} MWh): lower karst:aws.desiredNodes, ` +
          'or leave it unset so the pool follows karst:itPlan',
      );
    }
  },
};
