import { describe, expect, it } from 'vitest';
import {
  computePool,
  guiyangBudgetTags,
  karstTags,
  launchTemplate,
  messagesOf,
} from '../testing/builders.js';
import { budgetTagsPolicy } from './budget-tags.js';

describe('karst-budget-tags', () => {
  it('passes a pool tagged with the whole budget', () => {
    expect(messagesOf(budgetTagsPolicy, [computePool()])).toEqual([]);
  });

  it('refuses a pool missing budget tags, naming each', () => {
    const tags = {
      ...karstTags(),
      ...guiyangBudgetTags({
        'karst:budget-pue': undefined,
        'karst:node-it-kw': undefined,
        'karst:budget-cap-kw': ' ',
      }),
    };
    expect(messagesOf(budgetTagsPolicy, [computePool({ tags })])).toEqual([
      'the compute pool is missing the budget tag(s) karst:budget-pue, karst:budget-cap-kw, ' +
        "karst:node-it-kw that the status service and the alarms read: tag the pool with the budget's " +
        'tags (budgetTags in infra/src/sizing.ts, passed to ComputePool as budgetTags)',
    ]);
  });

  it('refuses a pool without any budget (an untracked node group)', () => {
    const messages = messagesOf(budgetTagsPolicy, [computePool({ tags: { project: 'karst' } })]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(
      'missing the budget tag(s) karst:site, karst:budget-pue, karst:budget-peak-facility-kw, ' +
        'karst:budget-cap-kw, karst:budget-max-it-kw, karst:budget-max-month-energy-mwh, karst:node-it-kw',
    );
  });

  it('refuses budget tags that are not numbers', () => {
    const tags = {
      ...karstTags(),
      ...guiyangBudgetTags({ 'karst:budget-pue': '1,19', 'karst:budget-max-it-kw': '-5' }),
    };
    expect(messagesOf(budgetTagsPolicy, [computePool({ tags })])).toEqual([
      "the compute pool's tag karst:budget-pue is '1,19', not a number: set it to a non-negative " +
        "decimal such as '1.150' (budgetTags in infra/src/sizing.ts writes them with toFixed)",
      "the compute pool's tag karst:budget-max-it-kw is '-5', not a number: set it to a " +
        "non-negative decimal such as '1.150' (budgetTags in infra/src/sizing.ts writes them with toFixed)",
    ]);
  });

  it("refuses a within-cap tag other than 'true' or 'false'", () => {
    const tags = { ...karstTags(), ...guiyangBudgetTags({ 'karst:budget-within-cap': 'yes' }) };
    expect(messagesOf(budgetTagsPolicy, [computePool({ tags })])).toEqual([
      "the compute pool's tag karst:budget-within-cap is 'yes', not 'true' or 'false': set it from the " +
        "budget's headroom.withinCap",
    ]);
  });

  it('checks auto scaling groups only', () => {
    expect(messagesOf(budgetTagsPolicy, [launchTemplate({ tags: {} })])).toEqual([]);
  });
});

describe('karst-budget-tags on the within-cap flag', () => {
  it("takes 'true' and 'false' (the over-cap plan is karst-power-headroom's to refuse), nothing else", () => {
    for (const flag of ['true', 'false']) {
      const tags = { ...karstTags(), ...guiyangBudgetTags({ 'karst:budget-within-cap': flag }) };
      expect(messagesOf(budgetTagsPolicy, [computePool({ tags })])).toEqual([]);
    }
    const tags = { ...karstTags(), ...guiyangBudgetTags({ 'karst:budget-within-cap': 'no' }) };
    expect(messagesOf(budgetTagsPolicy, [computePool({ tags })])).toEqual([
      "the compute pool's tag karst:budget-within-cap is 'no', not 'true' or 'false': " +
        "set it from the budget's headroom.withinCap",
    ]);
  });
});
