import { getBuiltInSite, issuesOf } from '@karst/climate';
import { describe, expect, it } from 'vitest';
import { PLAN_LIMITS, planSchema } from './plan-schema.js';

function issues(input: unknown) {
  const result = planSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error!.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('planSchema strictness', () => {
  it('refuses unknown keys at every level, with the key it most likely meant', () => {
    const found = issues({
      hydroShare: 0.5,
      itPlan: { racks: 10, kwPerRack: 10, utilisation: 0.5 },
      cooling: { type: 'indirect-evaporative', supplyAirSetpiontC: 22 },
    });
    expect(found).toContainEqual({
      path: '',
      message: 'unknown key "hydroShare" (did you mean "carbon.hydroContractShare"?)',
    });
    expect(found).toContainEqual({
      path: 'itPlan',
      message: 'unknown key "utilisation" (did you mean "utilization"?)',
    });
    expect(found).toContainEqual({
      path: 'cooling',
      message: 'unknown key "supplyAirSetpiontC" (did you mean "supplyAirSetpointC"?)',
    });
  });

  it('names the preset a misspelled one most likely meant (a new user, 2026-12-02)', () => {
    const ids =
      'hyperscale-direct-evaporative, modern-indirect-evaporative, warm-water-liquid, legacy-enterprise, tropical-chilled-water';
    expect(issues({ preset: 'warm-water-liquidd' })).toEqual([
      { path: 'preset', message: `must be one of ${ids} (did you mean "warm-water-liquid"?)` },
    ]);
    expect(issues({ preset: 'nope' })).toEqual([{ path: 'preset', message: `must be one of ${ids}` }]);
  });

  it('refuses unknown keys inside a custom site profile and its tariff', () => {
    const found = issues({
      site: { ...getBuiltInSite('guiyang'), regoin: 'X' },
      tariff: { source: 's', currency: 'CNY', energyPricePerKwh: 1, demandCharge: 1 },
    });
    expect(
      found.some((issue) => issue.message.includes('unknown key "regoin" (did you mean "region"?)')),
    ).toBe(true);
    expect(found.some((issue) => issue.path === 'tariff' && issue.message.includes('"demandCharge"'))).toBe(
      true,
    );
  });

  it("points a field given at the top level to the object it belongs in (a new user's first plan)", () => {
    expect(issues({ utilisation: 0.5 })).toEqual([
      { path: '', message: 'unknown key "utilisation" (did you mean "itPlan.utilization"?)' },
    ]);
    expect(issues({ supplyAirSetpointC: 27 })).toEqual([
      { path: '', message: 'unknown key "supplyAirSetpointC" (did you mean "cooling.supplyAirSetpointC"?)' },
    ]);
  });

  it('says that an itPlan replaces the default whole when it lacks racks or kwPerRack', () => {
    expect(issues({ itPlan: { racks: 10 } })).toEqual([
      {
        path: 'itPlan.kwPerRack',
        message:
          'is required when itPlan is given: an itPlan replaces the default (500 racks x 10 kW) whole, so give racks and kwPerRack (utilization defaults to 0.6)',
      },
    ]);
    expect(issues({ itPlan: { racks: '10', kwPerRack: 10 } })).toEqual([
      { path: 'itPlan.racks', message: 'must be a number, got string' },
    ]);
    // A number out of range keeps its range message, with the unit (an API client sees only this).
    expect(issues({ itPlan: { racks: 10, kwPerRack: -1 } })).toEqual([
      { path: 'itPlan.kwPerRack', message: 'must be above 0 and at most 500 kW per rack' },
    ]);
  });

  it('accepts the preset-shaped default plan', () => {
    expect(planSchema.safeParse({}).success).toBe(true);
  });
});

describe('planSchema range messages', () => {
  const issues = (input: unknown) => {
    const result = planSchema.safeParse(input);
    return result.success ? [] : issuesOf(result.error);
  };

  it.each([
    [
      { itPlan: { racks: 10, kwPerRack: 10, utilization: 1.5 } },
      'itPlan.utilization',
      "must be above 0 and at most 1 (a share of the racks' design power)",
    ],
    [
      { itPlan: { racks: 10, kwPerRack: 10, utilization: 0 } },
      'itPlan.utilization',
      "must be above 0 and at most 1 (a share of the racks' design power)",
    ],
    [{ gridConnection: { capKw: -5 } }, 'gridConnection.capKw', 'must be above 0 and at most 10,000,000 kW'],
    [
      { powerChain: { distributionLossFraction: 0.5 } },
      'powerChain.distributionLossFraction',
      'must be from 0 to 0.1 (a share of the IT load)',
    ],
    [
      { powerChain: { upsModulesOfNeed: 2.5 } },
      'powerChain.upsModulesOfNeed',
      'must be a whole number of modules',
    ],
    [
      { otherLoads: { lightingWPerItKw: 500 } },
      'otherLoads.lightingWPerItKw',
      'must be from 0 to 100 W per kW of IT',
    ],
    [{ carbon: { hydroKgCo2ePerKwh: 3 } }, 'carbon.hydroKgCo2ePerKwh', 'must be from 0 to 2 kg CO2e/kWh'],
    [
      { itPlan: { racks: 10, kwPerRack: 10, inletReferenceC: 60 } },
      'itPlan.inletReferenceC',
      'must be from 10 to 40 °C',
    ],
  ])('names the range and its unit: %j', (input, path, message) => {
    expect(issues(input)).toEqual([{ path, message }]);
  });

  it('says a number is wanted when the value is not one', () => {
    expect(issues({ gridConnection: { capKw: '6000' } })).toEqual([
      { path: 'gridConnection.capKw', message: 'must be a number' },
    ]);
  });
});

describe('planSchema bounds', () => {
  it('refuses an absurd rack count on itPlan.racks', () => {
    // 2^53 - 1 racks gave a PUE of 6.27e12 before the bound.
    expect(issues({ itPlan: { racks: Number.MAX_SAFE_INTEGER, kwPerRack: 10 } })).toContainEqual({
      path: 'itPlan.racks',
      message: `must be at most ${PLAN_LIMITS.maxRacks.toLocaleString('en')}`,
    });
  });

  it('refuses a grid connection of 1e308 kW on gridConnection.capKw', () => {
    expect(issues({ gridConnection: { capKw: 1e308 } }).map((issue) => issue.path)).toEqual([
      'gridConnection.capKw',
    ]);
  });

  it('refuses an all-zero hourly profile on itPlan.hourlyProfile', () => {
    expect(
      issues({ itPlan: { racks: 10, kwPerRack: 10, hourlyProfile: new Array(24).fill(0) } }).map(
        (issue) => issue.path,
      ),
    ).toEqual(['itPlan.hourlyProfile']);
  });

  it('checks the size of a huge hourly profile before its items: one issue, no stack overflow', () => {
    const found = issues({
      itPlan: { racks: 10, kwPerRack: 10, hourlyProfile: new Array(150_000).fill('x') },
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.path).toBe('itPlan.hourlyProfile');
  });

  it('bounds the length of strings in a custom site profile', () => {
    const found = issues({ site: { ...getBuiltInSite('guiyang'), name: 'x'.repeat(900_000) } });
    expect(found).toContainEqual({ path: 'site.name', message: 'must be at most 200 characters' });
  });
});
