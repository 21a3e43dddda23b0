import { describe, expect, it } from 'vitest';
import {
  designHeatLoadKw,
  hallHeatLoadKw,
  hallRating,
  powerBreakdown,
  writePowerSeries,
} from './electrical.js';
import { planSchema } from './plan-schema.js';
import { upsLossKw } from './power-chain.js';

describe('writePowerSeries', () => {
  // A plan whose transformer and UPS both matter: N+1 UPS, a sized transformer, other loads.
  const plan = planSchema.parse({ preset: 'legacy-enterprise' });
  const rating = hallRating(plan, plan.itPlan.racks);

  it('writes each hour exactly as powerBreakdown reports it, bit for bit', () => {
    // IT from idle to above design, cooling from none to heavy: hours that exercise every loss curve.
    const hours = 200;
    const itPowerKw = Float64Array.from({ length: hours }, (_, i) => (rating.itDesignKw * i) / (hours - 20));
    const coolingPowerKw = Float64Array.from({ length: hours }, (_, i) => ((i * 37) % 101) * 9.5);
    const upsLossSeriesKw = itPowerKw.map((kw) => upsLossKw(rating.upsCurve, kw, rating.upsCapacityKw));
    const into = {
      powerLossKw: new Float64Array(hours),
      otherPowerKw: new Float64Array(hours),
      facilityPowerKw: new Float64Array(hours),
    };
    writePowerSeries(plan, rating, hours, itPowerKw, coolingPowerKw, upsLossSeriesKw, into);
    for (let i = 0; i < hours; i++) {
      const hour = powerBreakdown(plan, rating, itPowerKw[i]!, coolingPowerKw[i]!);
      expect(into.powerLossKw[i]).toBe(hour.upsLossKw + hour.distributionLossKw + hour.transformerLossKw);
      expect(into.otherPowerKw[i]).toBe(hour.lightingKw + hour.facilityLoadsKw + hour.miscKw);
      expect(into.facilityPowerKw[i]).toBe(hour.facilityPowerKw);
    }
    // Not a vacuous match: the transformer and UPS losses are there.
    const last = powerBreakdown(plan, rating, itPowerKw[hours - 1]!, coolingPowerKw[hours - 1]!);
    expect(last.transformerLossKw).toBeGreaterThan(0);
    expect(last.upsLossKw).toBeGreaterThan(0);
  });
});

describe('hallRating at a warm hall', () => {
  // Supply air 27 °C, 3 K above the 24 °C inlet reference: server fans draw 1 + 0.004 x 3 = 1.012 of the
  // IT power (itPlan.inletPowerIncreasePerK 0.004). 500 racks x 10 kW = 5,000 kW of design IT.
  const plan = planSchema.parse({ cooling: { type: 'indirect-evaporative', supplyAirSetpointC: 27 } });
  const rating = hallRating(plan, plan.itPlan.racks);

  it('sizes the UPS for the racks at design power with their fans at the warm inlet', () => {
    expect(rating.itPowerFactor).toBeCloseTo(1.012, 12);
    // 2N: twice 5,000 x 1.012 = 10,120 kW installed.
    expect(rating.upsCapacityKw).toBeCloseTo(10_120, 9);
  });

  it("sizes the cooling plant for the hall's heat at design power, fans included", () => {
    expect(designHeatLoadKw(plan, rating)).toBe(hallHeatLoadKw(plan, rating, 5000 * 1.012));
  });
});

describe('other loads on the meter', () => {
  it('adds the constant misc load to every hour, in the breakdown and the series alike', () => {
    const plan = planSchema.parse({ otherLoads: { miscKw: 100 } });
    const rating = hallRating(plan, plan.itPlan.racks);
    const hour = powerBreakdown(plan, rating, 3000, 200);
    expect(hour.miscKw).toBe(100);
    // Lighting 3 W and generator heaters + controls 5 W per design IT kW: 15 + 25 kW, plus 100 kW misc.
    expect(hour.lightingKw + hour.facilityLoadsKw + hour.miscKw).toBeCloseTo(140, 9);
    const into = {
      powerLossKw: new Float64Array(1),
      otherPowerKw: new Float64Array(1),
      facilityPowerKw: new Float64Array(1),
    };
    writePowerSeries(
      plan,
      rating,
      1,
      Float64Array.of(3000),
      Float64Array.of(200),
      Float64Array.of(hour.upsLossKw),
      into,
    );
    expect(into.otherPowerKw[0]).toBeCloseTo(140, 9);
    expect(into.facilityPowerKw[0]).toBe(hour.facilityPowerKw);
  });
});
