import { describe, expect, it } from 'vitest';
import { powerChainSchema } from './plan-schema.js';
import { transformerLossKw, upsCurve, upsEfficiency, upsInstalledFactor, upsLossKw } from './power-chain.js';

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

describe('UPS topology and mode', () => {
  const parse = (input: object) => powerChainSchema.parse(input);

  it('installs 2x for 2N, (N + 1) / N for N+1, 1.5x distributed, nothing without a central UPS', () => {
    expect(upsInstalledFactor(parse({}))).toBe(2);
    // N+1 of 4 modules of need: 5 / 4.
    expect(upsInstalledFactor(parse({ upsTopology: 'N+1' }))).toBe(1.25);
    expect(upsInstalledFactor(parse({ upsTopology: 'N+1', upsModulesOfNeed: 2 }))).toBe(1.5);
    expect(upsInstalledFactor(parse({ upsTopology: 'distributed' }))).toBe(1.5);
    expect(upsInstalledFactor(parse({ upsTopology: 'none' }))).toBe(0);
    // An explicit factor overrides the topology's (plans written before topologies existed).
    expect(upsInstalledFactor(parse({ upsTopology: 'N+1', upsRedundancyFactor: 3 }))).toBe(3);
  });

  it('loses nothing without a UPS', () => {
    expect(upsLossKw(chain.upsEfficiencyCurve, 300, 0)).toBe(0);
  });

  it('runs eco mode on its own curve: 99 % from half load (Schneider Galaxy VS eConversion)', () => {
    const eco = parse({ upsMode: 'eco' });
    expect(upsCurve(eco)).toBe(eco.upsEcoEfficiencyCurve);
    expect(upsCurve(chain)).toBe(chain.upsEfficiencyCurve);
    // 2N at 60 % of 5,000 kW: 3,000 kW on 10,000 kW installed, 30 % load. Eco: 0.985 + 0.05/0.25 x
    // 0.005 = 0.986; double conversion 0.944 (above). Loss 3,000 / 0.986 - 3,000 = 42.6 kW against
    // 3,000 / 0.944 - 3,000 = 177.97 kW.
    expect(upsLossKw(upsCurve(eco), 3000, 10_000)).toBeCloseTo(3000 / 0.986 - 3000, 9);
    expect(upsLossKw(upsCurve(chain), 3000, 10_000)).toBeCloseTo(177.966, 3);
  });

  it('rejects an unknown topology or mode, naming the choices', () => {
    expect(() => parse({ upsTopology: '3N' })).toThrow(/2N, N\+1, distributed, none/);
    expect(() => parse({ upsMode: 'standby' })).toThrow(/double-conversion, eco/);
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
