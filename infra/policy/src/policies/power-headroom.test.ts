import { describe, expect, it } from 'vitest';
import { computePool, guiyangBudgetTags, karstTags, messagesOf, table } from '../testing/builders.js';
import { powerHeadroomPolicy } from './power-headroom.js';

describe('karst-power-headroom', () => {
  it('passes a pool whose maximum fits the headroom', () => {
    expect(messagesOf(powerHeadroomPolicy, [computePool()])).toEqual([]);
  });

  it('allows for the rounding of the headroom tag, and no more', () => {
    // A headroom of 100.04 kW is written '100.0'; the program sized the pool to floor(100.04 / 0.01) nodes.
    const tags = {
      ...karstTags(),
      ...guiyangBudgetTags({ 'karst:node-it-kw': '0.010', 'karst:budget-max-it-kw': '100.0' }),
    };
    expect(messagesOf(powerHeadroomPolicy, [computePool({ maxSize: 10_004, tags })])).toEqual([]);
    expect(messagesOf(powerHeadroomPolicy, [computePool({ maxSize: 10_006, tags })])).toEqual([
      "the compute pool's maximum of 10006 nodes x 0.01 kW = 100.06 kW exceeds the IT load that " +
        'fits under the grid cap, 100 kW: lower karst:aws.desiredNodes / karst:itPlan.racks or ' +
        'raise karst:powerCapKw',
    ]);
  });

  it('refuses a pool whose maximum exceeds the IT load under the cap', () => {
    expect(messagesOf(powerHeadroomPolicy, [computePool({ maxSize: 46 })])).toEqual([
      "the compute pool's maximum of 46 nodes x 100 kW = 4600 kW exceeds the IT load that fits " +
        'under the grid cap, 4537.2 kW: lower karst:aws.desiredNodes / karst:itPlan.racks or ' +
        'raise karst:powerCapKw',
    ]);
  });

  it('refuses a plan whose peak facility power is over the cap, saying by how much', () => {
    const tags = {
      ...karstTags(),
      ...guiyangBudgetTags({
        'karst:budget-within-cap': 'false',
        'karst:budget-peak-facility-kw': '3977.8',
        'karst:budget-cap-kw': '3000.0',
        'karst:budget-max-it-kw': '2268.6',
      }),
    };
    expect(
      messagesOf(powerHeadroomPolicy, [computePool({ maxSize: 22, desiredCapacity: 22, tags })]),
    ).toEqual([
      "the plan's peak facility power, 3977.8 kW, is 977.8 kW over the grid cap of 3000 kW " +
        "(karst:budget-within-cap is 'false'): lower karst:itPlan.racks or raise karst:powerCapKw",
    ]);
  });

  it('still refuses an over-cap plan when the peak or cap tag is unreadable', () => {
    const tags = {
      ...karstTags(),
      ...guiyangBudgetTags({ 'karst:budget-within-cap': 'false', 'karst:budget-cap-kw': 'n/a' }),
    };
    expect(messagesOf(powerHeadroomPolicy, [computePool({ tags })])).toEqual([
      "the plan's peak facility power is over the grid cap (karst:budget-within-cap is 'false'): " +
        'lower karst:itPlan.racks or raise karst:powerCapKw',
    ]);
  });

  it('leaves pools without readable budget tags and other resources to other policies', () => {
    const tags = { ...karstTags(), ...guiyangBudgetTags({ 'karst:node-it-kw': 'lots' }) };
    expect(messagesOf(powerHeadroomPolicy, [computePool({ maxSize: 1000, tags }), table()])).toEqual([]);
  });
});

describe('karst-power-headroom at its edges', () => {
  it("allows half a unit of an integer headroom tag: 201 x 0.5 kW = 100.5 kW fits '100' (100 +/- 0.5)", () => {
    const tags = {
      ...karstTags(),
      ...guiyangBudgetTags({ 'karst:node-it-kw': '0.500', 'karst:budget-max-it-kw': '100' }),
    };
    expect(messagesOf(powerHeadroomPolicy, [computePool({ maxSize: 201, tags })])).toEqual([]);
    // 202 x 0.5 kW = 101 kW is past the rounding of '100'.
    expect(messagesOf(powerHeadroomPolicy, [computePool({ maxSize: 202, tags })])).toHaveLength(1);
  });

  it('reads the rounding of a headroom tag written with spaces as the tag without them', () => {
    // ' 100.0 ' is 100.0 +/- 0.05 like '100.0': 10,004 x 0.010 kW = 100.04 kW fits, as in the test above.
    const tags = {
      ...karstTags(),
      ...guiyangBudgetTags({ 'karst:node-it-kw': '0.010', 'karst:budget-max-it-kw': ' 100.0 ' }),
    };
    expect(messagesOf(powerHeadroomPolicy, [computePool({ maxSize: 10_004, tags })])).toEqual([]);
  });

  it('still refuses an over-cap plan when the peak tag is unreadable', () => {
    const tags = {
      ...karstTags(),
      ...guiyangBudgetTags({ 'karst:budget-within-cap': 'false', 'karst:budget-peak-facility-kw': '' }),
    };
    expect(messagesOf(powerHeadroomPolicy, [computePool({ tags })])).toEqual([
      "the plan's peak facility power is over the grid cap (karst:budget-within-cap is 'false'): " +
        'lower karst:itPlan.racks or raise karst:powerCapKw',
    ]);
  });

  it('leaves a pool without a readable headroom tag or maximum size to karst-budget-tags', () => {
    const tags = { ...karstTags(), ...guiyangBudgetTags({ 'karst:budget-max-it-kw': 'n/a' }) };
    expect(messagesOf(powerHeadroomPolicy, [computePool({ maxSize: 1000, tags })])).toEqual([]);
    const pool = computePool({ maxSize: 1000 });
    const { maxSize: _dropped, ...withoutMaxSize } = pool.props;
    expect(messagesOf(powerHeadroomPolicy, [{ ...pool, props: withoutMaxSize }])).toEqual([]);
  });
});
