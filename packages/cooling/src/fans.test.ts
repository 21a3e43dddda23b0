import { standardPressurePa } from '@karst/climate';
import { describe, expect, it } from 'vitest';
import { coolingDesignSchema } from './design.js';
import {
  affinityFanPowerKw,
  airMassFlowKgPerS,
  airVolumeFlowM3PerS,
  fanPowerKw,
  partLoadFanPowerKw,
} from './fans.js';
import { coolingAtConditions } from './simulate.js';

describe('fan power and air density', () => {
  it('moves Q / (cp ΔT) of air: 1,000 kW at 12 K is 82.836 kg/s', () => {
    // 1,000 / (1.006 x 12) = 82.8363 kg/s.
    expect(airMassFlowKgPerS(1000, 12)).toBeCloseTo(82.8363, 4);
    // At 1.2 kg/m³: 1,000 / (1.2 x 1.006 x 12) = 69.0303 m³/s; at 1,000 W per m³/s, 69.0303 kW.
    expect(fanPowerKw(airVolumeFlowM3PerS(1000, 12, 1.2), 1000)).toBeCloseTo(69.0303, 4);
  });

  it('needs 15.9 % more fan power at 1,224 m than at sea level (air 13.7 % less dense)', () => {
    // Standard pressure at 1,224 m (ASHRAE HoF ch. 1 eq. 3): 101,325 (1 - 2.25577e-5 x 1,224)^5.2559
    // = 87,459 Pa, 0.86316 of sea level. Same temperature, so density is 13.68 % lower, the volume
    // flow and fan power 1 / 0.86316 = 1.15854 times higher.
    const guiyangPa = standardPressurePa(1224);
    expect(guiyangPa).toBeCloseTo(87_459, 0);
    const design = coolingDesignSchema.parse({ type: 'free-air', envelope: 'A1' });
    const hour = { dryBulbC: 10, dewPointC: 5, wetBulbC: 7.6 };
    const seaLevel = coolingAtConditions(design, { ...hour, pressurePa: 101_325 }, 1000, { elevationM: 0 });
    const guiyang = coolingAtConditions(design, { ...hour, pressurePa: guiyangPa }, 1000, {
      elevationM: 1224,
    });
    // In free-air mode the supply fans are the whole cooling power: 48.8116 kW at sea level (hand-calc test).
    expect(seaLevel.coolingPowerKw).toBeCloseTo(48.8116, 3);
    expect(guiyang.coolingPowerKw / seaLevel.coolingPowerKw).toBeCloseTo(1.15854, 4);
  });
});

describe('fans at part load', () => {
  it('follows the affinity laws from the design flow, with a minimum speed', () => {
    // Sized for 100 m³/s at 800 W per m³/s: 80 kW at design.
    expect(partLoadFanPowerKw(100, 100, 800, 0.2)).toBeCloseTo(80, 12);
    // At 60 % flow: 80 x 0.6^2.8 = 19.1387 kW, 0.399 of the 48 kW a linear model gives (the review's
    // 0.36-0.46 for fans slowed by the affinity laws).
    expect(partLoadFanPowerKw(60, 100, 800, 0.2)).toBeCloseTo(80 * 0.6 ** 2.8, 12);
    expect(partLoadFanPowerKw(60, 100, 800, 0.2) / (0.6 * 80)).toBeCloseTo(0.3987, 4);
    // Pure cube law when asked: 80 x 0.6^3 = 17.28 kW.
    expect(partLoadFanPowerKw(60, 100, 800, 0.2, 3)).toBeCloseTo(17.28, 12);
    // Below the minimum speed: held at 30 % speed, 80 x 0.3^2.8.
    expect(partLoadFanPowerKw(10, 100, 800, 0.3)).toBeCloseTo(80 * 0.3 ** 2.8, 12);
    // No flow, no fans.
    expect(partLoadFanPowerKw(0, 100, 800, 0.3)).toBe(0);
  });

  it('gives s^n within 1e-11 of it at every speed from the minimum to twice design, for exponents 1..3', () => {
    // The tabled power (cubic Hermite between exact nodes) against exp(n ln s), speeds off the nodes.
    let worst = 0;
    for (const exponent of [1, 1.7, 2.5, 2.8, 3]) {
      for (let speed = 0.05; speed < 2.2; speed += 0.000_731) {
        const exact = Math.exp(exponent * Math.log(speed));
        worst = Math.max(worst, Math.abs(partLoadFanPowerKw(speed, 1, 1000, 0, exponent) - exact) / exact);
      }
    }
    expect(worst).toBeLessThan(1e-11);
  });
});

describe('fans with no flow', () => {
  it('stop instead of holding their minimum speed, whatever the design flow', () => {
    // 10 m³/s x 1,000 W/(m³/s) = 10 kW at design speed; 0.1 of it runs at the 0.25 minimum: 10 x 0.25³ = 0.15625 kW.
    expect(affinityFanPowerKw(10, 1000, 0.1, 0.25, 3)).toBeCloseTo(0.15625, 12);
    expect(affinityFanPowerKw(10, 1000, 0, 0.25, 3)).toBe(0);
    expect(affinityFanPowerKw(10, 1000, -0.5, 0.25, 3)).toBe(0);
    expect(partLoadFanPowerKw(0, 10, 1000, 0.25, 3)).toBe(0);
    expect(partLoadFanPowerKw(5, 0, 1000, 0.25, 3)).toBe(0);
  });
});
