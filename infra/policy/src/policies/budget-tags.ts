import type { ResourceValidationPolicy } from '@pulumi/policy';
import { BUDGET_TAGS } from '../tag-names.js';
import { NUMERIC_BUDGET_TAGS, poolTags, REQUIRED_BUDGET_TAGS } from './budget.js';
import { parseTagNumber } from './shared.js';

/**
 * Every auto scaling group carries the energy budget as tags, each number a number: the status service,
 * the alarms and the other budget policies read them, and a pool without them draws power nobody counts.
 */
export const budgetTagsPolicy: ResourceValidationPolicy = {
  name: 'karst-budget-tags',
  description:
    "Compute pools (auto scaling groups) carry the energy budget's tags, with numeric values where " +
    'numbers are due.',
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    const tags = poolTags(args.type, args.props);
    if (tags === undefined) return;
    const missing = REQUIRED_BUDGET_TAGS.filter((key) => (tags[key] ?? '').trim() === '');
    if (missing.length > 0) {
      reportViolation(
        `the compute pool is missing the budget tag(s) ${missing.join(', ')} that the status ` +
          "service and the alarms read: tag the pool with the budget's tags (budgetTags in " +
          'infra/src/sizing.ts, passed to ComputePool as budgetTags)',
      );
    }
    for (const key of NUMERIC_BUDGET_TAGS) {
      const value = tags[key];
      if (value === undefined || value.trim() === '' || parseTagNumber(value) !== undefined) continue;
      reportViolation(
        `the compute pool's tag ${key} is '${value}', not a number: set it to a non-negative decimal ` +
          "such as '1.150' (budgetTags in infra/src/sizing.ts writes them with toFixed)",
      );
    }
    const withinCap = tags[BUDGET_TAGS.withinCap];
    if (withinCap !== undefined && withinCap !== 'true' && withinCap !== 'false') {
      reportViolation(
        `the compute pool's tag karst:budget-within-cap is '${withinCap}', not 'true' or 'false': ` +
          "set it from the budget's headroom.withinCap",
      );
    }
  },
};
