import type { ResourceValidationPolicy } from '@pulumi/policy';
import { BUDGET_TAGS } from '../tag-names.js';
import { poolTags, tagNumber } from './budget.js';
import { asNumber, formatNumber } from './shared.js';

/**
 * The compute pool at its maximum size fits under the grid cap, and the plan behind it does too.
 * A resource policy on the pool rather than a stack policy: `pulumi up` runs resource policies before the
 * resource is created, stack policies only after everything is.
 */
export const powerHeadroomPolicy: ResourceValidationPolicy = {
  name: 'karst-power-headroom',
  description:
    "The compute pool's maximum size times each node's IT power fits the IT load the grid cap allows, " +
    "and the plan's peak facility power is within the cap.",
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    const tags = poolTags(args.type, args.props);
    if (tags === undefined) return;

    if (tags[BUDGET_TAGS.withinCap] === 'false') {
      const peak = tagNumber(tags, BUDGET_TAGS.peakFacilityKw);
      const cap = tagNumber(tags, BUDGET_TAGS.capKw);
      const over =
        peak !== undefined && cap !== undefined
          ? `, ${formatNumber(peak.value)} kW, is ${formatNumber(peak.value - cap.value)} kW over ` +
            `the grid cap of ${formatNumber(cap.value)} kW`
          : ' is over the grid cap';
      reportViolation(
        `the plan's peak facility power${over} (karst:budget-within-cap is 'false'): ` +
          'lower karst:itPlan.racks or raise karst:powerCapKw',
      );
    }

    // Pools without these tags are karst-budget-tags' to report; one cause, one message.
    const nodeKw = tagNumber(tags, BUDGET_TAGS.nodeItKw);
    const maxItKw = tagNumber(tags, BUDGET_TAGS.maxItKw);
    const maxSize = asNumber(args.props.maxSize);
    if (nodeKw === undefined || maxItKw === undefined || maxSize === undefined) return;
    const poolKw = maxSize * nodeKw.value;
    // The headroom tag is rounded (toFixed(1)), so a pool sized exactly to it may read a hair over. The node
    // size is configuration, written with the three decimals it is given in, so it is taken as exact.
    const allowedKw = maxItKw.value + maxItKw.rounding + 1e-9;
    if (poolKw > allowedKw) {
      reportViolation(
        `the compute pool's maximum of ${formatNumber(maxSize)} nodes x ${formatNumber(nodeKw.value)} kW = ` +
          `${formatNumber(poolKw)} kW exceeds the IT load that fits under the grid cap, ` +
          `${formatNumber(maxItKw.value)} kW: lower karst:aws.desiredNodes / karst:itPlan.racks or ` +
          `raise karst:powerCapKw`,
      );
    }
  },
};
