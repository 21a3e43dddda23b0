import { describe, expect, it } from 'vitest';
import { computePool, guiyangBudgetTags, karstTags, messagesOf } from '../testing/builders.js';
import { monthlyEnergyPolicy } from './monthly-energy.js';

describe('karst-monthly-energy', () => {
  it("passes a pool whose month at the desired size fits the budget's largest month", () => {
    // 30 x 100 kW x 744 h x 1.19 = 2656.08 MWh <= 2744 MWh.
    expect(messagesOf(monthlyEnergyPolicy, [computePool()])).toEqual([]);
  });

  it('allows up to 5% over the largest month', () => {
    // 32 nodes: 2833.152 MWh, within 2744 x 1.05 = 2881.2 MWh.
    expect(messagesOf(monthlyEnergyPolicy, [computePool({ desiredCapacity: 32 })])).toEqual([]);
  });

  it('refuses a pool whose month runs more than 5% over', () => {
    expect(messagesOf(monthlyEnergyPolicy, [computePool({ desiredCapacity: 33 })])).toEqual([
      "the compute pool's 33 nodes x 100 kW x 744 h x PUE 1.19 = 2921.688 MWh a month exceeds the budget's " +
        'largest month, 2744 MWh, by more than 5% (limit 2881.2 MWh): lower karst:aws.desiredNodes, ' +
        'or leave it unset so the pool follows karst:itPlan',
    ]);
  });

  it('counts a group without desiredCapacity at its minimum size', () => {
    expect(messagesOf(monthlyEnergyPolicy, [computePool({ desiredCapacity: null, minSize: 40 })])).toEqual([
      "the compute pool's 40 nodes x 100 kW x 744 h x PUE 1.19 = 3541.44 MWh a month exceeds the budget's " +
        'largest month, 2744 MWh, by more than 5% (limit 2881.2 MWh): lower karst:aws.desiredNodes, ' +
        'or leave it unset so the pool follows karst:itPlan',
    ]);
  });

  it('leaves a pool whose energy tags are unreadable to karst-budget-tags', () => {
    const tags = { ...karstTags(), ...guiyangBudgetTags({ 'karst:budget-pue': 'high' }) };
    expect(messagesOf(monthlyEnergyPolicy, [computePool({ desiredCapacity: 45, tags })])).toEqual([]);
  });
});

describe('karst-monthly-energy at its edges', () => {
  it('passes a month exactly 5% over the largest month, and refuses one node more', () => {
    // 21 x 100 kW x 744 h x PUE 1.000 = 1562.4 MWh = 1488 MWh x 1.05: at the limit, not over it.
    const tags = {
      ...karstTags(),
      ...guiyangBudgetTags({ 'karst:budget-pue': '1.000', 'karst:budget-max-month-energy-mwh': '1488' }),
    };
    expect(messagesOf(monthlyEnergyPolicy, [computePool({ desiredCapacity: 21, tags })])).toEqual([]);
    // 22 nodes: 1636.8 MWh > 1562.4 MWh.
    expect(messagesOf(monthlyEnergyPolicy, [computePool({ desiredCapacity: 22, tags })])).toEqual([
      "the compute pool's 22 nodes x 100 kW x 744 h x PUE 1 = 1636.8 MWh a month exceeds the budget's " +
        'largest month, 1488 MWh, by more than 5% (limit 1562.4 MWh): lower karst:aws.desiredNodes, ' +
        'or leave it unset so the pool follows karst:itPlan',
    ]);
  });

  it('leaves a pool without a readable node size, largest month or size to karst-budget-tags', () => {
    for (const tag of ['karst:node-it-kw', 'karst:budget-max-month-energy-mwh']) {
      const tags = { ...karstTags(), ...guiyangBudgetTags({ [tag]: 'n/a' }) };
      expect(messagesOf(monthlyEnergyPolicy, [computePool({ desiredCapacity: 1000, tags })])).toEqual([]);
    }
    const pool = computePool({ desiredCapacity: null });
    const { minSize: _dropped, ...sizeless } = pool.props;
    expect(messagesOf(monthlyEnergyPolicy, [{ ...pool, props: sizeless }])).toEqual([]);
  });
});
