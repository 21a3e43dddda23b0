import { describe, expect, it } from 'vitest';
import { powerChainSchema } from './plan-schema.js';
import { transformerLossKw, upsEfficiency, upsLossKw } from './power-chain.js';

const chain = powerChainSchema.parse({});

describe('UPS', () => {
  it('interpolates the efficiency curve and holds it flat beyond its ends', () => {
    // Default curve: 94% at 25% load, 96% at 50%. At 30%: 0.94 + (0.05 / 0.25) x 0.02 = 0.944.
    expect(upsEfficiency(chain.upsEfficiencyCurve, 0.3)).toBeCloseTo(0.944, 12);
    expect(upsEfficiency(chain.upsEfficiencyCurve, 0.05)).toBe(0.88);
    expect(upsEfficiency(chain.upsEfficiencyCurve, 1.2)).toBe(0.96);
  });

  it('loses input minus output at the load fraction each installed module sees', () => {
    // 300 kW on 1,000 kW installed = 30% load, efficiency 0.944: 300 / 0.944 - 300 = 17.7966 kW.
    expect(upsLossKw(chain.upsEfficiencyCurve, 300, 1000)).toBeCloseTo(17.7966, 4);
    expect(upsLossKw(chain.upsEfficiencyCurve, 0, 1000)).toBe(0);
  });
});

describe('transformer', () => {
  it('adds a constant core loss to a copper loss that grows with the load squared (IEC 60076-1)', () => {
    // Rating 2,000 kW, 0.2% core and 1% copper at rated load, carrying 1,000 kW:
    // 2000 x (0.002 + 0.01 x 0.5^2) = 4 + 5 = 9 kW.
    expect(transformerLossKw(chain, 1000, 2000)).toBeCloseTo(9, 12);
    expect(transformerLossKw(chain, 0, 2000)).toBeCloseTo(4, 12);
  });
});
