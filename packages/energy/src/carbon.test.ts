import { getBuiltInSite } from '@karst/climate';
import { describe, expect, it } from 'vitest';
import { carbonFactors } from './carbon.js';
import { carbonOptionsSchema } from './plan-schema.js';

const guiyangGrid = getBuiltInSite('guiyang').power.gridCarbon;

describe('carbonFactors', () => {
  it('without contracts, market-based equals location-based (residual defaults to the grid average)', () => {
    expect(carbonFactors(guiyangGrid, carbonOptionsSchema.parse({}))).toEqual({
      locationKgCo2ePerKwh: 0.5,
      marketKgCo2ePerKwh: 0.5,
    });
  });

  it('weights each instrument by the share of energy it covers', () => {
    // 60% hydro at 0, 10% certificates at 0, 30% residual at 0.5: 0.3 x 0.5 = 0.15 kg/kWh.
    const options = carbonOptionsSchema.parse({ hydroContractShare: 0.6, greenCertificateShare: 0.1 });
    expect(carbonFactors(guiyangGrid, options).marketKgCo2ePerKwh).toBeCloseTo(0.15, 12);
    // Location-based never changes with contracts: it is the grid's average.
    expect(carbonFactors(guiyangGrid, options).locationKgCo2ePerKwh).toBe(0.5);
  });

  it('refuses shares that cover more than all the energy, naming the field', () => {
    const result = carbonOptionsSchema.safeParse({ hydroContractShare: 0.8, greenCertificateShare: 0.3 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['greenCertificateShare']);
  });
});
