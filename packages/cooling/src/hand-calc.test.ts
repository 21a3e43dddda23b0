import { describe, expect, it } from 'vitest';
import { coolingDesignSchema } from './design.js';
import { coolingAtConditions } from './simulate.js';

// Shared hand calculation for every case below (sea level, 1,000 kW of heat, default designs):
//   supply air 24 °C, IT air rise 12 K, so return air 36 °C.
//   Dry-air density at 24 °C, 101,325 Pa: ρ = 101,325 / (287.042 x 297.15) = 1.187943 kg/m³.
//   Airflow V = Q / (ρ cp ΔT) = 1,000 / (1.187943 x 1.006 x 12) = 69.7309 m³/s.
//   Water: evaporation = m_air (W_out - W_in) x 3,600 / 0.998 L, the air leaving a wet stream saturated at
//   h_in + Q / m_air (water.ts, worked in water.test.ts); blowdown = evaporation / (cycles - 1).
//   Fans sized to the hour's load (no design load given) run at design speed: P = SFP x V; a fan at
//   part speed s draws P_design x s^2.8 (partLoadFanPowerKw).
//   Part-load fraction of full-load power F(p) = 0.1 + 0.4 p + 0.5 p², and F(p) = p below p = 0.2.
//   DX COP = 0.45 x T_evap / (T_cond - T_evap), capped at 8; T_evap = 24 - 12 = 12 °C = 285.15 K,
//   T_cond = outdoor dry bulb + 15 K.
const seaLevel = { pressurePa: 101_325 };
const atSeaLevel = { elevationM: 0 };
const heatLoadKw = 1000;

describe('one hand-calculated hour per mode', () => {
  it('free-air: 10 °C, dew point 5 °C is mixed with return air to 24 °C; only the supply fans run', () => {
    // fan = 700 W/(m³/s) x 69.7309 m³/s = 48.8116 kW. No compressor, no water.
    const design = coolingDesignSchema.parse({ type: 'free-air', envelope: 'A1' });
    const hour = coolingAtConditions(
      design,
      { dryBulbC: 10, dewPointC: 5, wetBulbC: 7.6, ...seaLevel },
      heatLoadKw,
      atSeaLevel,
    );
    expect(hour.mode).toBe('free-air');
    expect(hour.mechanicalFraction).toBe(0);
    expect(hour.coolingPowerKw).toBeCloseTo(48.8116, 3);
    expect(hour.waterLiters).toBe(0);
    expect(hour.supplyAirC).toBe(24);
    expect(hour.withinEnvelope).toBe(true);
  });

  it('free-air-partial: 28 °C outdoor air is trimmed to 24 °C by DX', () => {
    // fan 48.8116 kW; heat removed = 1,000 + 48.8116 = 1,048.8116 kW (fan heat lands in the air).
    // mechanical fraction = (28 - 24) / 12 = 0.33333.
    // COP = 0.45 x 285.15 / (43 - 12) = 4.139274; F(1/3) = 0.1 + 0.13333 + 0.05556 = 0.288889.
    // compressor = 1,048.8116 / 4.139274 x 0.288889 = 73.1988 kW.
    // condenser fans = 0.02 x (1,048.8116 x 1/3 + 73.1988) = 8.4561 kW.
    // total = 48.8116 + 73.1988 + 8.4561 = 130.4665 kW.
    const design = coolingDesignSchema.parse({ type: 'free-air', envelope: 'A1' });
    const hour = coolingAtConditions(
      design,
      { dryBulbC: 28, dewPointC: 12, wetBulbC: 17.4, ...seaLevel },
      heatLoadKw,
      atSeaLevel,
    );
    expect(hour.mode).toBe('free-air-partial');
    expect(hour.mechanicalFraction).toBeCloseTo(1 / 3, 10);
    expect(hour.coolingPowerKw).toBeCloseTo(130.4665, 3);
    expect(hour.waterLiters).toBe(0);
    expect(hour.withinEnvelope).toBe(true);
  });

  it('indirect-dry: at 10 °C the dry exchanger suffices and the scavenger fans slow down', () => {
    // dry exchanger outlet = 36 - 0.7 x (36 - 10) = 17.8 °C <= 24, so dry.
    // scavenger speed = 12 / (0.7 x 26) = 0.659341; speed^2.8 = 0.311535.
    // process fan = 800 x 69.7309 / 1,000 = 55.7847 kW; scavenger at full speed = 600 x 69.7309 / 1,000
    // = 41.8385 kW, at this speed 41.8385 x 0.311535 = 13.0342 kW. total = 68.8189 kW; no water.
    const design = coolingDesignSchema.parse({ type: 'indirect-evaporative' });
    const hour = coolingAtConditions(
      design,
      { dryBulbC: 10, dewPointC: 4, wetBulbC: 7, ...seaLevel },
      heatLoadKw,
      atSeaLevel,
    );
    expect(hour.mode).toBe('indirect-dry');
    expect(hour.mechanicalFraction).toBe(0);
    expect(hour.coolingPowerKw).toBeCloseTo(68.8189, 3);
    expect(hour.waterLiters).toBe(0);
    expect(hour.supplyAirC).toBe(24);
  });

  it('indirect-evaporative: at 24 °C / 16 °C wet bulb the wetted exchanger carries the whole load', () => {
    // dry outlet = 36 - 0.7 x 12 = 27.6 °C > 24, so wet.
    // scavenger air after spray = 24 - 0.9 x (24 - 16) = 16.8 °C; wet outlet = 36 - 0.75 x 19.2 = 21.6 °C.
    // scavenger speed = 12 / (0.75 x 19.2) = 0.833333; speed^2.8 = 0.600191; fan = 41.8385 x 0.600191 = 25.1113 kW.
    // heat removed = 1,000 + 55.7847 = 1,055.7847 kW; spray pumps = 0.005 x 1,055.7847 = 5.2789 kW.
    // total = 55.7847 + 25.1113 + 5.2789 = 86.1749 kW.
    // water: scavenger air = 82.8363 kg/s x 0.833333 = 69.0303 kg/s enters at 24 °C, dew point 11.5 °C
    // (h = 45.39 kJ/kg), takes 1,055.7847 kW (+15.29 kJ/kg) and leaves saturated at h = 60.69 kJ/kg:
    // 1,798.617 L evaporated, more than the 1,554.466 L of Q / h_fg because the dry air also cools itself
    // on the wetted plates; x (1 + 1/(3-1)) = 2,697.925 L.
    const design = coolingDesignSchema.parse({ type: 'indirect-evaporative' });
    const hour = coolingAtConditions(
      design,
      { dryBulbC: 24, dewPointC: 11.5, wetBulbC: 16, ...seaLevel },
      heatLoadKw,
      atSeaLevel,
    );
    expect(hour.mode).toBe('indirect-evaporative');
    expect(hour.mechanicalFraction).toBe(0);
    expect(hour.coolingPowerKw).toBeCloseTo(86.1749, 3);
    expect(hour.waterLiters).toBeCloseTo(2697.925, 2);
  });

  it('indirect-evaporative-partial: at 30 °C / 22 °C wet bulb DX trims the last 2.1 K', () => {
    // scavenger air = 30 - 0.9 x 8 = 22.8 °C; wet outlet = 36 - 0.75 x (36 - 22.8) = 26.1 °C.
    // mechanical fraction = (26.1 - 24) / 12 = 0.175 (below the 0.2 minimum ratio, so F = 0.175).
    // COP = 0.45 x 285.15 / (45 - 12) = 3.888409; compressor = 1,055.7847 / 3.888409 x 0.175 = 47.5162 kW.
    // condenser fans = 0.02 x (1,055.7847 x 0.175 + 47.5162) = 4.6456 kW.
    // exchanger heat = 1,055.7847 x 0.825 = 871.0224 kW; spray pumps = 4.3551 kW.
    // total = 55.7847 (process) + 41.8385 (scavenger, full speed) + 47.5162 + 4.6456 + 4.3551 = 154.1401 kW.
    // water: the full-speed scavenger air, 82.8363 kg/s at 30 °C / 19 °C dew point, takes 871.0224 kW and
    // leaves saturated: 1,848.764 L evaporated, x 1.5 = 2,773.146 L.
    const design = coolingDesignSchema.parse({ type: 'indirect-evaporative' });
    const hour = coolingAtConditions(
      design,
      { dryBulbC: 30, dewPointC: 19, wetBulbC: 22, ...seaLevel },
      heatLoadKw,
      atSeaLevel,
    );
    expect(hour.mode).toBe('indirect-evaporative-partial');
    expect(hour.mechanicalFraction).toBeCloseTo(0.175, 10);
    expect(hour.coolingPowerKw).toBeCloseTo(154.1401, 3);
    expect(hour.waterLiters).toBeCloseTo(2773.146, 2);
    expect(hour.supplyAirC).toBeCloseTo(24, 10);
  });

  it('waterside-economizer: at 8 °C wet bulb tower water through the plate exchanger makes 14 °C water', () => {
    // tower water = 8 + 4 = 12 °C; exchanger outlet = 12 + 2 = 14 °C <= 18 °C chilled water supply.
    // air handler fans = 600 x 69.7309 / 1,000 = 41.8385 kW; heat removed = 1,041.8385 kW.
    // chilled water pump = 1,041.8385 / (4.186 x 6 x 998) m³/s x 250 kPa / 0.7 = 14.8444 kW.
    // condenser water pump = 1,041.8385 / (4.186 x 5 x 998) x 200 / 0.7 = 14.2506 kW.
    // tower fans = 0.01 x 1,041.8385 = 10.4184 kW. total = 81.3519 kW.
    // water: tower air = 1,041.8385 / (4.186 x 5) / 1 (L/G) = 49.7773 kg/s at 12 °C / 4 °C dew point, leaving
    // saturated: 1,175.729 L evaporated (latent share 0.77: cool air takes heat sensibly too), x 4/3
    // = 1,567.638 L, against 2,045.244 L when all heat counted as latent.
    const design = coolingDesignSchema.parse({ type: 'chilled-water-wse' });
    const hour = coolingAtConditions(
      design,
      { dryBulbC: 12, dewPointC: 4, wetBulbC: 8, ...seaLevel },
      heatLoadKw,
      atSeaLevel,
    );
    expect(hour.mode).toBe('waterside-economizer');
    expect(hour.mechanicalFraction).toBe(0);
    expect(hour.coolingPowerKw).toBeCloseTo(81.3519, 3);
    expect(hour.waterLiters).toBeCloseTo(1567.638, 2);
  });

  it('waterside-economizer-partial: at 14 °C wet bulb the exchanger pre-cools 24 °C water to 20 °C', () => {
    // exchanger outlet = 14 + 4 + 2 = 20 °C; mechanical fraction = (20 - 18) / 6 = 0.33333.
    // chiller: T_evap = 18 - 1.5 = 16.5 °C, T_cond = 18 + 5 + 1.5 = 24.5 °C,
    // COP = 0.65 x 289.65 / 8 = 23.53, capped at 12. F(1/3) = 0.288889.
    // chiller = 1,041.8385 / 12 x 0.288889 = 25.0813 kW; heat rejected = 1,066.9198 kW.
    // pumps = 14.8444 + 1,066.9198 / (4.186 x 5 x 998) x 200 / 0.7 = 14.8444 + 14.5937 kW.
    // tower fans = 10.6692 kW. total = 41.8385 + 25.0813 + 14.8444 + 14.5937 + 10.6692 = 107.0271 kW.
    // water: tower air = 1,066.9198 / (4.186 x 5) = 50.9756 kg/s at 18 °C / 10.5 °C dew point, leaving
    // saturated: 1,332.952 L, x 4/3 = 1,777.269 L.
    const design = coolingDesignSchema.parse({ type: 'chilled-water-wse' });
    const hour = coolingAtConditions(
      design,
      { dryBulbC: 18, dewPointC: 10.5, wetBulbC: 14, ...seaLevel },
      heatLoadKw,
      atSeaLevel,
    );
    expect(hour.mode).toBe('waterside-economizer-partial');
    expect(hour.mechanicalFraction).toBeCloseTo(1 / 3, 10);
    expect(hour.coolingPowerKw).toBeCloseTo(107.0271, 3);
    expect(hour.waterLiters).toBeCloseTo(1777.269, 2);
  });

  it('mechanical (chilled water): at 22 °C wet bulb the exchanger is bypassed and the chillers carry it all', () => {
    // exchanger outlet = 22 + 6 = 28 °C >= 24 °C return water. T_cond = 26 + 5 + 1.5 = 32.5 °C,
    // COP = 0.65 x 289.65 / 16 = 11.76703; chiller = 1,041.8385 / 11.76703 = 88.5388 kW.
    // heat rejected = 1,130.3773 kW; pumps = 14.8444 + 1,130.3773 / (4.186 x 5 x 998) x 200 / 0.7 = 15.4618;
    // tower = 11.3038. total = 41.8385 + 88.5388 + 14.8444 + 15.4618 + 11.3038 = 171.9871 kW.
    const design = coolingDesignSchema.parse({ type: 'chilled-water-wse' });
    const hour = coolingAtConditions(
      design,
      { dryBulbC: 28, dewPointC: 19.5, wetBulbC: 22, ...seaLevel },
      heatLoadKw,
      atSeaLevel,
    );
    expect(hour.mode).toBe('mechanical');
    expect(hour.mechanicalFraction).toBe(1);
    expect(hour.coolingPowerKw).toBeCloseTo(171.9871, 3);
  });

  it('mechanical (DX CRAC): at 35 °C the compressors carry the whole load', () => {
    // CRAC fans = 900 x 69.7309 / 1,000 = 62.7578 kW; heat removed = 1,062.7578 kW.
    // COP = 0.45 x 285.15 / (50 - 12) = 3.376776; compressor = 1,062.7578 / 3.376776 = 314.7256 kW.
    // condenser fans = 0.02 x (1,062.7578 + 314.7256) = 27.5497 kW. total = 405.0330 kW (pPUE of cooling 1.41).
    const design = coolingDesignSchema.parse({ type: 'mechanical' });
    const hour = coolingAtConditions(
      design,
      { dryBulbC: 35, dewPointC: 22, wetBulbC: 25.6, ...seaLevel },
      heatLoadKw,
      atSeaLevel,
    );
    expect(hour.mode).toBe('mechanical');
    expect(hour.mechanicalFraction).toBe(1);
    expect(hour.coolingPowerKw).toBeCloseTo(405.033, 3);
    expect(hour.waterLiters).toBe(0);
  });
});

describe('humidity and envelope', () => {
  it('free air wetter than the envelope is cooled and dried by the DX coil, mixed with return air', () => {
    // A1 allows a 17 °C dew point; 20 °C outdoor air at a 19 °C dew point needs dehumidifying. The coil
    // leaves it saturated at 17 °C (h_c = 47.8159 kJ/kg); outdoor h = 55.1204 kJ/kg. Mixing with 36 °C
    // return air to 24 °C takes an outdoor share (36 - 24) / (36 - 17), so the coil carries
    // (55.1204 - 47.8159) / (1.006 x (36 - 17)) = 0.382154 of the hall's heat: cheaper than recirculating.
    const design = coolingDesignSchema.parse({ type: 'free-air', envelope: 'A1' });
    const hour = coolingAtConditions(
      design,
      { dryBulbC: 20, dewPointC: 19, wetBulbC: 19.3, ...seaLevel },
      heatLoadKw,
      atSeaLevel,
    );
    expect(hour.mode).toBe('free-air-partial');
    expect(hour.mechanicalFraction).toBeCloseTo(0.382154, 6);
    expect(hour.withinEnvelope).toBe(true);
    // Outdoor air with more enthalpy than the return air (30 °C, dew point 26 °C): dampers close, the DX
    // recirculates.
    const muggy = coolingAtConditions(
      design,
      { dryBulbC: 30, dewPointC: 26, wetBulbC: 26.8, ...seaLevel },
      heatLoadKw,
      atSeaLevel,
    );
    expect(muggy.mode).toBe('mechanical');
    expect(muggy.mechanicalFraction).toBe(1);
  });

  it('free air drier than the envelope is reported out of envelope (no humidifier is modeled)', () => {
    // A1 lower limit: -12 °C dew point and 8 % RH; at 24 °C, 8 % RH is a frost point near -10.9 °C.
    const design = coolingDesignSchema.parse({ type: 'free-air', envelope: 'A1' });
    const hour = coolingAtConditions(
      design,
      { dryBulbC: 0, dewPointC: -20, wetBulbC: -3, ...seaLevel },
      heatLoadKw,
      atSeaLevel,
    );
    expect(hour.mode).toBe('free-air');
    expect(hour.withinEnvelope).toBe(false);
  });

  it('undersized trim lets the supply air rise and reports it', () => {
    // 30 °C / 22 °C needs a mechanical fraction of 0.175; with 0.1 installed, 0.075 is unmet:
    // supply = 24 + 0.075 x 12 = 24.9 °C, still inside the recommended 27 °C.
    const design = coolingDesignSchema.parse({
      type: 'indirect-evaporative',
      mechanicalCapacityFraction: 0.1,
    });
    const hour = coolingAtConditions(
      design,
      { dryBulbC: 30, dewPointC: 19, wetBulbC: 22, ...seaLevel },
      heatLoadKw,
      atSeaLevel,
    );
    expect(hour.mechanicalFraction).toBeCloseTo(0.1, 10);
    expect(hour.supplyAirC).toBeCloseTo(24.9, 10);
    expect(hour.withinEnvelope).toBe(true);
    // With no compressors at all in a 35 °C / 28 °C hour: scavenger air 28.7 °C, wet outlet
    // 36 - 0.75 x 7.3 = 30.525 °C, above 27 °C: out of envelope.
    const bare = coolingDesignSchema.parse({ type: 'indirect-evaporative', mechanicalCapacityFraction: 0 });
    const hot = coolingAtConditions(
      bare,
      { dryBulbC: 35, dewPointC: 26.5, wetBulbC: 28, ...seaLevel },
      heatLoadKw,
      atSeaLevel,
    );
    expect(hot.supplyAirC).toBeCloseTo(30.525, 10);
    expect(hot.withinEnvelope).toBe(false);
  });

  it('a setpoint above the altitude-derated maximum is out of envelope every hour', () => {
    // A1 at 3,000 m: 32 - (3,000 - 900) / 300 = 25 °C < 27 °C setpoint.
    const design = coolingDesignSchema.parse({
      type: 'chilled-water-wse',
      envelope: 'A1',
      supplyAirSetpointC: 27,
    });
    const hour = coolingAtConditions(
      design,
      { dryBulbC: 5, dewPointC: -5, wetBulbC: 1, pressurePa: 70_000 },
      heatLoadKw,
      {
        elevationM: 3000,
      },
    );
    expect(hour.supplyAirC).toBe(27);
    expect(hour.withinEnvelope).toBe(false);
  });
});
