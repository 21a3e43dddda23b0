import { describe, expect, it } from 'vitest';
import { carnotCop, compressorPowerKw, partLoadPowerFraction } from './chiller.js';
import { CHILLER_DEFAULTS, DX_DEFAULTS } from './designs/parts.js';

const curve = { constant: 0.1, linear: 0.4, quadratic: 0.5, minimumRatio: 0.2 };

describe('compressor model', () => {
  it('gives COP 5.780 for the default chiller at the AHRI 550/590 rating point', () => {
    // 6.7 °C chilled water, 29.4 °C entering condenser water with a 5.6 K range:
    // T_evap = 6.7 - 1.5 = 5.2 °C = 278.35 K; T_cond = 35.0 + 1.5 = 36.5 °C; lift 31.3 K;
    // COP = 0.65 x 278.35 / 31.3 = 5.7804.
    const cop = carnotCop(
      6.7 - CHILLER_DEFAULTS.evaporatorApproachK,
      29.4 + 5.6 + CHILLER_DEFAULTS.condenserApproachK,
      CHILLER_DEFAULTS.carnotEfficiency,
      CHILLER_DEFAULTS.maxCop,
    );
    expect(cop).toBeCloseTo(5.7804, 4);
  });

  it('gives DX COP 4.20 at 27.5 °C outdoors (Singapore annual mean) with 24 °C supply air', () => {
    // T_evap = 24 - 12 = 12 °C = 285.15 K; T_cond = 27.5 + 15 = 42.5 °C; COP = 0.45 x 285.15 / 30.5 = 4.2071.
    expect(carnotCop(12, 42.5, DX_DEFAULTS.carnotEfficiency, DX_DEFAULTS.maxCop)).toBeCloseTo(4.2071, 4);
  });

  it('caps the COP when the lift vanishes', () => {
    expect(carnotCop(16, 16, 0.65, 12)).toBe(12);
    expect(carnotCop(16, 10, 0.65, 12)).toBe(12);
  });

  it('follows the part-load curve and cycles below the minimum ratio', () => {
    // F(1) = 1; F(0.5) = 0.1 + 0.2 + 0.125 = 0.425; F(0.2) = 0.1 + 0.08 + 0.02 = 0.2; F(0.1) = 0.1/0.2 x 0.2 = 0.1.
    expect(partLoadPowerFraction(1, curve)).toBeCloseTo(1, 12);
    expect(partLoadPowerFraction(0.5, curve)).toBeCloseTo(0.425, 12);
    expect(partLoadPowerFraction(0.2, curve)).toBeCloseTo(0.2, 12);
    expect(partLoadPowerFraction(0.1, curve)).toBeCloseTo(0.1, 12);
    expect(partLoadPowerFraction(0, curve)).toBe(0);
    // 500 kW of load on 1,000 kW of capacity at COP 5: 1,000 / 5 x 0.425 = 85 kW.
    expect(compressorPowerKw(1000, 500, 5, curve)).toBeCloseTo(85, 10);
  });
});
