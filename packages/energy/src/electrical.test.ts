import { describe, expect, it } from 'vitest';
import { hallRating, powerBreakdown, writePowerSeries } from './electrical.js';
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
