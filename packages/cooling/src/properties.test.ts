import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COOLING_DESIGN_TYPES, type CoolingDesign, coolingDesignSchema } from './design.js';
import { ENVELOPE_IDS } from './envelopes.js';
import { coolingAtConditions } from './simulate.js';

const designArb: fc.Arbitrary<CoolingDesign> = fc
  .record({
    type: fc.constantFrom(...COOLING_DESIGN_TYPES),
    envelope: fc.constantFrom(...ENVELOPE_IDS),
    airTemperatureRiseK: fc.double({ min: 5, max: 25, noNaN: true }),
    mechanicalCapacityFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ envelope, ...rest }) =>
    coolingDesignSchema.parse({
      ...rest,
      envelope,
      supplyAirSetpointC: envelope === 'recommended' ? 22 : 24,
    }),
  );

// Weather inputs are drawn independently: each design reads only some of them (free air the dry bulb
// and dew point, the tower the wet bulb), so monotonicity must hold in each one alone.
const hourArb = fc.record({
  dryBulbC: fc.double({ min: -30, max: 48, noNaN: true }),
  dewPointC: fc.double({ min: -40, max: 30, noNaN: true }),
  wetBulbC: fc.double({ min: -30, max: 35, noNaN: true }),
  pressurePa: fc.double({ min: 60_000, max: 105_000, noNaN: true }),
});
const loadArb = fc.double({ min: 0, max: 50_000, noNaN: true });
const riseArb = fc.double({ min: 0, max: 15, noNaN: true });

describe('cooling model properties', () => {
  it('gives finite, non-negative power and water, and a mechanical fraction in 0..1', () => {
    fc.assert(
      fc.property(designArb, hourArb, loadArb, (design, hour, load) => {
        const result = coolingAtConditions(design, hour, load);
        expect(Number.isFinite(result.coolingPowerKw) && result.coolingPowerKw >= 0).toBe(true);
        expect(Number.isFinite(result.waterLiters) && result.waterLiters >= 0).toBe(true);
        expect(Number.isFinite(result.supplyAirC)).toBe(true);
        expect(result.mechanicalFraction >= 0 && result.mechanicalFraction <= 1).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never economizes more in a hotter hour: mechanical fraction is non-decreasing in each temperature', () => {
    fc.assert(
      fc.property(
        designArb,
        hourArb,
        loadArb,
        riseArb,
        fc.constantFrom('dryBulbC', 'dewPointC', 'wetBulbC'),
        (design, hour, load, riseK, field) => {
          const hotter = { ...hour, [field]: hour[field] + riseK };
          const base = coolingAtConditions(design, hour, load, { elevationM: 500 });
          const warm = coolingAtConditions(design, hotter, load, { elevationM: 500 });
          expect(warm.mechanicalFraction).toBeGreaterThanOrEqual(base.mechanicalFraction);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('never economizes more when dry bulb, dew point and wet bulb all rise together', () => {
    fc.assert(
      fc.property(designArb, hourArb, loadArb, riseArb, (design, hour, load, riseK) => {
        const hotter = {
          ...hour,
          dryBulbC: hour.dryBulbC + riseK,
          dewPointC: hour.dewPointC + riseK,
          wetBulbC: hour.wetBulbC + riseK,
        };
        const base = coolingAtConditions(design, hour, load, { elevationM: 500 });
        const warm = coolingAtConditions(design, hotter, load, { elevationM: 500 });
        expect(warm.mechanicalFraction).toBeGreaterThanOrEqual(base.mechanicalFraction);
      }),
      { numRuns: 2000 },
    );
  });

  it('never lowers cooling power or water when the heat load grows', () => {
    fc.assert(
      fc.property(designArb, hourArb, loadArb, loadArb, (design, hour, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const less = coolingAtConditions(design, hour, low);
        const more = coolingAtConditions(design, hour, high);
        expect(more.coolingPowerKw).toBeGreaterThanOrEqual(less.coolingPowerKw * (1 - 1e-12));
        expect(more.waterLiters).toBeGreaterThanOrEqual(less.waterLiters * (1 - 1e-12));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives zero power and water at zero load', () => {
    fc.assert(
      fc.property(designArb, hourArb, (design, hour) => {
        const result = coolingAtConditions(design, hour, 0);
        expect(result.coolingPowerKw).toBe(0);
        expect(result.waterLiters).toBe(0);
      }),
    );
  });
});
