import { BUILT_IN_SITE_IDS, getBuiltInSite, type HourlyWeather, synthesizeYear } from '@karst/climate';
import { COOLING_DESIGN_TYPES } from '@karst/cooling';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeBudget } from './compute-budget.js';
import type { PlanInput } from './plan-schema.js';

const planArbitrary = fc.record({
  site: fc.constantFrom(...BUILT_IN_SITE_IDS),
  racks: fc.integer({ min: 1, max: 3000 }),
  kwPerRack: fc.double({ min: 1, max: 60, noNaN: true }),
  utilization: fc.double({ min: 0.05, max: 1, noNaN: true }),
  cooling: fc.constantFrom(...COOLING_DESIGN_TYPES),
});

type PlanSample = typeof planArbitrary extends fc.Arbitrary<infer T> ? T : never;

function planOf(p: PlanSample): PlanInput {
  return {
    site: p.site,
    itPlan: { racks: p.racks, kwPerRack: p.kwPerRack, utilization: p.utilization },
    cooling: { type: p.cooling },
    gridConnection: { capKw: 200_000 },
  };
}

const runs = { numRuns: 40 };

describe('computeBudget properties', () => {
  it('PUE is at least 1 in every hour, and energy is conserved in every hour', () => {
    fc.assert(
      fc.property(planArbitrary, (p) => {
        const hourly = computeBudget({ ...planOf(p), includeHourly: true }).hourly!;
        // Plain comparisons per hour and one assertion per plan: an expect() per hour (17,520 per plan)
        // made this test spend two minutes of a busy CI machine in the assertion library, not the model.
        const broken: string[] = [];
        for (let i = 0; i < hourly.pue.length && broken.length < 5; i++) {
          const sum =
            hourly.itPowerKw[i]! +
            hourly.coolingPowerKw[i]! +
            hourly.powerLossKw[i]! +
            hourly.otherPowerKw[i]!;
          if (!(hourly.pue[i]! >= 1)) broken.push(`hour ${i}: PUE ${hourly.pue[i]}`);
          if (hourly.facilityPowerKw[i] !== sum)
            broken.push(`hour ${i}: facility ${hourly.facilityPowerKw[i]} kW != parts ${sum} kW`);
        }
        expect(broken).toEqual([]);
      }),
      runs,
    );
  });

  it('more IT load never lowers the facility energy', () => {
    fc.assert(
      fc.property(planArbitrary, fc.integer({ min: 1, max: 500 }), (p, extraRacks) => {
        const base = computeBudget(planOf(p));
        const bigger = computeBudget(planOf({ ...p, racks: p.racks + extraRacks }));
        expect(bigger.annual.facilityEnergyMwh).toBeGreaterThanOrEqual(base.annual.facilityEnergyMwh);
      }),
      runs,
    );
  });

  it('months sum to the year', () => {
    fc.assert(
      fc.property(planArbitrary, (p) => {
        const budget = computeBudget(planOf(p));
        const facility = budget.months.reduce((sum, month) => sum + month.facilityEnergyMwh, 0);
        const economizer = budget.months.reduce((sum, month) => sum + month.economizerHours, 0);
        expect(facility).toBeCloseTo(budget.annual.facilityEnergyMwh, 6);
        expect(economizer).toBe(budget.annual.economizerHours);
      }),
      runs,
    );
  });

  it('a uniformly hotter year never adds economizer hours', () => {
    const base = synthesizeYear(getBuiltInSite('guiyang'));
    const hotter = (deltaK: number): HourlyWeather => ({
      ...base,
      dryBulbC: base.dryBulbC.map((value) => value + deltaK),
      dewPointC: base.dewPointC.map((value) => value + deltaK),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...COOLING_DESIGN_TYPES),
        fc.double({ min: 0.1, max: 8, noNaN: true }),
        (cooling, deltaK) => {
          const plan = { cooling: { type: cooling } };
          const now = computeBudget(plan, { weather: hotter(0) });
          const warmer = computeBudget(plan, { weather: hotter(deltaK) });
          expect(warmer.annual.economizerHours).toBeLessThanOrEqual(now.annual.economizerHours);
          expect(warmer.annual.facilityEnergyMwh).toBeGreaterThanOrEqual(now.annual.facilityEnergyMwh - 1e-9);
        },
      ),
      { numRuns: 20 },
    );
  });
});
