import { enthalpyKjPerKg, humidityRatioFromDewPoint, humidityRatioFromWetBulb } from '@karst/climate';
import { describe, expect, it } from 'vitest';
import {
  airSensibleKw,
  blowdownLiters,
  directEvaporativeOutlet,
  dryBulbOnWetBulbLineC,
  evaporationFromAirLitersPerHour,
  evaporationLitersPerHour,
  latentShare,
  makeupWaterLitersPerHour,
  saturatedAirAtEnthalpy,
  saturatedHumidityRatio,
  towerAirFlowKgPerS,
  wetBulbLineHumidityRatio,
  wetStreamEvaporationLitersPerHour,
} from './water.js';

const SEA_LEVEL_PA = 101_325;

describe('water from the air-state change', () => {
  it('counts m_da (W_out - W_in) x 3,600 s as evaporated water', () => {
    // 10 kg/s of dry air gaining 0.005 kg/kg: 0.05 kg/s, 180 kg per hour, 180.36 L at 998 kg/m³.
    expect(evaporationFromAirLitersPerHour(10, 0.008, 0.013)).toBeCloseTo(180 / 0.998, 9);
    expect(evaporationFromAirLitersPerHour(10, 0.013, 0.008)).toBe(0);
  });

  it('cools air along its wet bulb through wetted media, the water taking the sensible heat', () => {
    // Dry desert air, 35 °C dry bulb and 18 °C wet bulb, media effectiveness 0.9: 35 - 0.9 x 17 = 19.7 °C.
    const outlet = directEvaporativeOutlet(35, 18, 0.9, SEA_LEVEL_PA);
    expect(outlet.dryBulbC).toBeCloseTo(19.7, 12);
    expect(outlet.humidityRatio).toBeCloseTo(humidityRatioFromWetBulb(19.7, 18, SEA_LEVEL_PA), 15);
    // Adiabatic: the enthalpy hardly changes (only the liquid water's enthalpy at the wet bulb enters,
    // 4.186 x 18 x ΔW ≈ 0.5 J/kg per g/kg), so the latent heat of the water equals the air's sensible heat.
    const inlet = humidityRatioFromWetBulb(35, 18, SEA_LEVEL_PA);
    const deltaW = outlet.humidityRatio - inlet;
    const sensibleKjPerKg = (1.006 + 1.86 * inlet) * (35 - 19.7);
    expect((deltaW * (2501 + 1.86 * 19.7 - 4.186 * 18)) / sensibleKjPerKg).toBeCloseTo(1, 2);
  });

  it('finds saturated air at an enthalpy (inverse of ASHRAE HoF eq. 32)', () => {
    for (const [tempC, pressurePa] of [
      [-20, SEA_LEVEL_PA],
      [0, SEA_LEVEL_PA],
      [15, SEA_LEVEL_PA],
      [25.5, SEA_LEVEL_PA],
      [40, SEA_LEVEL_PA],
      [25.5, 87_459],
    ] as const) {
      const h = enthalpyKjPerKg(tempC, saturatedHumidityRatio(tempC, pressurePa));
      // One Newton step from a 1 K table at the pressure: within 1e-4 K.
      expect(Math.abs(saturatedAirAtEnthalpy(h, pressurePa).dryBulbC - tempC)).toBeLessThan(1e-4);
    }
  });

  it('stays within 1e-4 K and 1e-6 of W across -59..59 °C and 70-105 kPa (the interpolated p_ws included)', () => {
    let worstK = 0;
    let worstW = 0;
    for (let tempC = -59; tempC <= 59; tempC += 0.37) {
      for (const pressurePa of [70_000, 87_459, 101_325, 105_000]) {
        const exactW = saturatedHumidityRatio(tempC, pressurePa);
        const air = saturatedAirAtEnthalpy(enthalpyKjPerKg(tempC, exactW), pressurePa);
        worstK = Math.max(worstK, Math.abs(air.dryBulbC - tempC));
        worstW = Math.max(worstW, Math.abs(air.humidityRatio - exactW) / exactW);
      }
    }
    expect(worstK).toBeLessThan(1e-4);
    expect(worstW).toBeLessThan(1e-6);
  });
});

describe('cooling tower evaporation with its sensible share', () => {
  // 1,000 kW at a 5 K range: 1,000 / (4.186 x 5) = 47.78 kg/s of water; at L/G = 1, 47.78 kg/s of air
  // whose enthalpy rises by 1,000 / 47.78 = 20.93 kJ/kg, leaving saturated.
  const airKgPerS = towerAirFlowKgPerS(1000, 5, 1);

  it('sizes the tower air from the water flow and L/G', () => {
    expect(airKgPerS).toBeCloseTo(1000 / (4.186 * 5), 9);
  });

  it('evaporates 85-95 % of the heat as latent in warm humid air, less in cold air', () => {
    // ASHRAE Handbook HVAC S&E 2020 ch. 40: evaporation ≈ 1 % of the circulating flow per 7 K of range,
    // i.e. ≈ 0.85 of the heat latent at design summer conditions.
    const warm = humidityRatioFromDewPoint(22, SEA_LEVEL_PA);
    const warmLiters = wetStreamEvaporationLitersPerHour(1000, airKgPerS, 28, warm, SEA_LEVEL_PA);
    expect(latentShare(1000, warmLiters)).toBeGreaterThan(0.85);
    expect(latentShare(1000, warmLiters)).toBeLessThan(0.95);
    const cold = humidityRatioFromDewPoint(0, SEA_LEVEL_PA);
    const coldLiters = wetStreamEvaporationLitersPerHour(1000, airKgPerS, 5, cold, SEA_LEVEL_PA);
    expect(latentShare(1000, coldLiters)).toBeLessThan(latentShare(1000, warmLiters));
    // Both stay below the all-latent bound Q x 3,600 / h_fg the model used before.
    expect(warmLiters).toBeLessThan(evaporationLitersPerHour(1000));
  });

  it('evaporates more than Q / h_fg in hot dry air, which cools itself on the wetted surface', () => {
    const dry = humidityRatioFromWetBulb(38, 18, SEA_LEVEL_PA);
    const liters = wetStreamEvaporationLitersPerHour(1000, airKgPerS, 38, dry, SEA_LEVEL_PA);
    expect(liters).toBeGreaterThan(evaporationLitersPerHour(1000));
  });

  it('takes the leaving humidity ratio within 3e-7 of the exact saturation solve, at any pressure', () => {
    // The hourly path reads W_s(h) from tables every 1 kJ/kg and 100 Pa (water.ts); the reference here
    // solves h_sat(t) = h by bisection on the Hyland-Wexler p_ws to 1e-12 K. Heat 1,000 kW into 40 kg/s
    // of air raises h by 25 kJ/kg; inlet states from -30 to 45 °C, pressures between the table keys.
    const reference = (h: number, pressurePa: number) => {
      let low = -60;
      let high = 60;
      for (let i = 0; i < 60; i++) {
        const mid = (low + high) / 2;
        if (enthalpyKjPerKg(mid, saturatedHumidityRatio(mid, pressurePa)) < h) low = mid;
        else high = mid;
      }
      return saturatedHumidityRatio((low + high) / 2, pressurePa);
    };
    const litersPerKgPerS = (3600 / 998) * 1000;
    let worst = 0;
    for (let tempC = -30; tempC <= 45; tempC += 1.7) {
      for (const pressurePa of [70_031, 87_459.4, 95_050, 101_325, 104_987.5]) {
        const inletW = Math.min(0.5 * saturatedHumidityRatio(tempC, pressurePa), 0.03);
        const liters = wetStreamEvaporationLitersPerHour(1000, 40, tempC, inletW, pressurePa);
        const outletW = inletW + liters / (40 * litersPerKgPerS);
        const exactW = reference(enthalpyKjPerKg(tempC, inletW) + 1000 / 40, pressurePa);
        worst = Math.max(worst, Math.abs(outletW - exactW) / exactW);
      }
    }
    expect(worst).toBeLessThan(3e-7);
  });

  it('evaporates nothing without heat or air', () => {
    expect(wetStreamEvaporationLitersPerHour(0, airKgPerS, 20, 0.008, SEA_LEVEL_PA)).toBe(0);
    expect(wetStreamEvaporationLitersPerHour(1000, 0, 20, 0.008, SEA_LEVEL_PA)).toBe(0);
  });
});

describe('the wet-bulb line (ASHRAE HoF 2017 ch. 1 eq. 33, eq. 35 below 0 °C)', () => {
  it('gives W = 0.00640 at 40 °C dry bulb and 20 °C wet bulb at sea level (HoF 2017 ch. 1, Example 2)', () => {
    // W_s*(20 °C) = 0.621945 x 2,339 Pa / (101,325 - 2,339) Pa = 0.01470;
    // W = ((2,501 - 2.326 x 20) x 0.01470 - 1.006 x (40 - 20)) / (2,501 + 1.86 x 40 - 4.186 x 20) = 0.00640.
    expect(wetBulbLineHumidityRatio(40, 20, SEA_LEVEL_PA)).toBeCloseTo(0.0064, 5);
    // And back: the dry bulb on that line holding W = 0.00640 is 40 °C.
    expect(
      dryBulbOnWetBulbLineC(20, wetBulbLineHumidityRatio(40, 20, SEA_LEVEL_PA), SEA_LEVEL_PA),
    ).toBeCloseTo(40, 9);
  });

  it('takes eq. 33 (over water) from a wet bulb of 0 °C up, and eq. 35 (over ice) below', () => {
    // 5 °C / 0 °C: W_s* = 0.621945 x 611.2 / (101,325 - 611.2) = 0.003774;
    // W = (2,501 x 0.003774 - 1.006 x 5) / (2,501 + 1.86 x 5) = 0.001757 (eq. 35 would give 0.00199).
    expect(wetBulbLineHumidityRatio(5, 0, SEA_LEVEL_PA)).toBeCloseTo(0.001757, 6);
    expect(dryBulbOnWetBulbLineC(0, 0.001757, SEA_LEVEL_PA)).toBeCloseTo(5, 2);
    // 0 °C / -5 °C: W_s* over ice = 0.621945 x 401.8 / (101,325 - 401.8) = 0.002476;
    // W = ((2,830 + 0.24 x 5) x 0.002476 - 1.006 x 5) / (2,830 + 0 + 2.1 x 5) = 0.000697.
    expect(wetBulbLineHumidityRatio(0, -5, SEA_LEVEL_PA)).toBeCloseTo(0.000697, 6);
    expect(dryBulbOnWetBulbLineC(-5, 0.000697, SEA_LEVEL_PA)).toBeCloseTo(0, 2);
    // 4 °C / -2 °C: W_s* over ice = 0.621945 x 517.7 / (101,325 - 517.7) = 0.003194;
    // W = ((2,830 + 0.24 x 2) x 0.003194 - 1.006 x 6) / (2,830 + 1.86 x 4 + 2.1 x 2) = 0.0010575.
    expect(wetBulbLineHumidityRatio(4, -2, SEA_LEVEL_PA)).toBeCloseTo(0.0010575, 7);
    expect(dryBulbOnWetBulbLineC(-2, 0.0010575, SEA_LEVEL_PA)).toBeCloseTo(4, 3);
  });

  it('has no moisture left where the line runs below W = 0 (60 °C dry bulb, 10 °C wet bulb)', () => {
    // (2,501 - 23.26) x 0.00766 - 1.006 x 50 = -31.3 < 0.
    expect(wetBulbLineHumidityRatio(60, 10, SEA_LEVEL_PA)).toBe(0);
  });
});

describe('water balances by hand', () => {
  it('evaporates Q x 3,600 s / h_fg: 1,000 kW for an hour is 1,469.4 kg, 1,472.3 L at 0.998 kg/L', () => {
    // 1,000 x 3,600 / 2,450 = 1,469.39 kg; / 0.998 kg/L = 1,472.33 L.
    expect(evaporationLitersPerHour(1000)).toBeCloseTo(1472.33, 2);
    // All of it latent: the share is 1; no heat, no share.
    expect(latentShare(1000, evaporationLitersPerHour(1000))).toBeCloseTo(1, 12);
    expect(latentShare(0, 5)).toBe(0);
  });

  it('adds blowdown at evaporation / (cycles - 1): at 4 cycles make-up is 4/3 of the evaporation', () => {
    expect(blowdownLiters(300, 4)).toBe(100);
    // 1,472.33 L x 4 / 3 = 1,963.11 L.
    expect(makeupWaterLitersPerHour(1000, 4)).toBeCloseTo(1963.11, 2);
  });

  it('sizes tower air by L/G and counts sensible heat as m cp ΔT', () => {
    // 1,000 kW / (4.186 kJ/(kg K) x 5 K) = 47.78 kg/s of water; at L/G 1.25, 38.22 kg/s of dry air.
    expect(towerAirFlowKgPerS(1000, 5, 1.25)).toBeCloseTo(38.2226, 4);
    // 10 kg/s x 1.006 kJ/(kg K) x 5 K = 50.3 kW.
    expect(airSensibleKw(10, 5)).toBeCloseTo(50.3, 12);
  });

  it('holds saturated air at 60 °C, the top of the model, for a larger enthalpy', () => {
    // W_s(60 °C) = 0.621945 x 19,946 Pa / (101,325 - 19,946) Pa = 0.1524.
    const air = saturatedAirAtEnthalpy(1000, SEA_LEVEL_PA);
    expect(air.dryBulbC).toBe(60);
    expect(air.humidityRatio).toBeCloseTo(0.1524, 4);
  });
});
