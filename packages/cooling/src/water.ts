import {
  enthalpyKjPerKg,
  humidityRatioFromWetBulb,
  humidityRatioKgPerKg,
  saturationPressurePa,
} from '@karst/climate';
import {
  AIR_SPECIFIC_HEAT_KJ_PER_KG_K,
  LATENT_HEAT_KJ_PER_KG,
  SECONDS_PER_HOUR,
  WATER_DENSITY_KG_PER_M3,
  WATER_SPECIFIC_HEAT_KJ_PER_KG_K,
} from './constants.js';

/**
 * Water evaporated in one hour, liters, rejecting `heatKw` by evaporation: Q x 3600 s / h_fg. Counting all
 * rejected heat as latent is an upper bound (real towers reject about 10-25 % as sensible heat).
 */
export function evaporationLitersPerHour(heatKw: number): number {
  return ((heatKw * SECONDS_PER_HOUR) / LATENT_HEAT_KJ_PER_KG) * (1000 / WATER_DENSITY_KG_PER_M3);
}

/** Blowdown, liters, that holds dissolved solids at `cyclesOfConcentration`: evaporation / (cycles - 1). */
export function blowdownLiters(evaporationLiters: number, cyclesOfConcentration: number): number {
  return evaporationLiters / (cyclesOfConcentration - 1);
}

/** Make-up water in one hour, liters: evaporation plus blowdown (drift is neglected). */
export function makeupWaterLitersPerHour(heatKw: number, cyclesOfConcentration: number): number {
  const evaporationLiters = evaporationLitersPerHour(heatKw);
  return evaporationLiters + blowdownLiters(evaporationLiters, cyclesOfConcentration);
}

/**
 * Water evaporated in one hour, liters, into `dryAirKgPerS` of air whose humidity ratio rises from
 * `inletHumidityRatio` to `outletHumidityRatio` (kg/kg dry air): m_da (W_out - W_in) x 3,600 s. This is
 * the mass balance of the wetted media, spray or tower (ASHRAE Handbook HVAC Systems and Equipment 2020,
 * ch. 41 "Evaporative Air-Cooling Equipment" and ch. 40 "Cooling Towers").
 */
export function evaporationFromAirLitersPerHour(
  dryAirKgPerS: number,
  inletHumidityRatio: number,
  outletHumidityRatio: number,
): number {
  const kgPerS = dryAirKgPerS * (outletHumidityRatio - inletHumidityRatio);
  return kgPerS > 0 ? ((kgPerS * SECONDS_PER_HOUR) / WATER_DENSITY_KG_PER_M3) * 1000 : 0;
}

/** Air leaving a direct evaporative (adiabatic) stage: its dry bulb and humidity ratio. */
export interface AirState {
  readonly dryBulbC: number;
  readonly humidityRatio: number;
}

/**
 * Air leaving wetted media (or a spray) of saturation effectiveness ε: t_out = t_db - ε (t_db - t_wb),
 * along the line of constant wet bulb (an adiabatic saturator), so W_out is the humidity ratio at
 * (t_out, t_wb) by ASHRAE HoF 2017 ch. 1 eq. 33/35. A wet bulb above the dry bulb is saturated air.
 */
export function directEvaporativeOutlet(
  dryBulbC: number,
  wetBulbC: number,
  effectiveness: number,
  pressurePa: number,
): AirState {
  const wetC = Math.min(wetBulbC, dryBulbC);
  const outC = dryBulbC - effectiveness * (dryBulbC - wetC);
  return { dryBulbC: outC, humidityRatio: humidityRatioFromWetBulb(outC, wetC, pressurePa) };
}

/** Humidity ratio, kg/kg, of saturated air at `tempC` (ASHRAE HoF 2017 ch. 1 eq. 20 with p_ws(t)). */
export function saturatedHumidityRatio(tempC: number, pressurePa: number): number {
  return humidityRatioKgPerKg(saturationPressurePa(tempC), pressurePa);
}

/**
 * Saturated air at a moist-air enthalpy `enthalpyKjPerKg` (per kg dry air): the temperature t with
 * h_sat(t) = 1.006 t + W_s(t) (2,501 + 1.86 t) = h (ASHRAE HoF 2017 ch. 1 eq. 32), by Newton's method
 * with a bracketing bisection fallback, to 1e-6 K.
 */
export function saturatedAirAtEnthalpy(enthalpyKjPerKgDryAir: number, pressurePa: number): AirState {
  const hSat = (t: number) => enthalpyKjPerKg(t, saturatedHumidityRatio(t, pressurePa));
  let low = -60;
  let high = Math.min(90, boilingLimitC(pressurePa));
  if (enthalpyKjPerKgDryAir <= hSat(low))
    return { dryBulbC: low, humidityRatio: saturatedHumidityRatio(low, pressurePa) };
  let t = Math.min(Math.max(enthalpyKjPerKgDryAir / 3 - 2, low), high);
  for (let i = 0; i < 60; i++) {
    const f = hSat(t) - enthalpyKjPerKgDryAir;
    if (Math.abs(f) < 1e-9) break;
    if (f > 0) high = t;
    else low = t;
    const slope = (hSat(t + 1e-4) - hSat(t)) / 1e-4;
    let next = t - f / slope;
    if (!(next > low && next < high)) next = (low + high) / 2;
    if (Math.abs(next - t) < 1e-6) {
      t = next;
      break;
    }
    t = next;
  }
  return { dryBulbC: t, humidityRatio: saturatedHumidityRatio(t, pressurePa) };
}

/** The temperature at which water vapour pressure reaches 95 % of the air pressure (a safe upper bracket). */
function boilingLimitC(pressurePa: number): number {
  let low = 0;
  let high = 100;
  for (let i = 0; i < 40; i++) {
    const mid = (low + high) / 2;
    if (saturationPressurePa(mid) < 0.95 * pressurePa) low = mid;
    else high = mid;
  }
  return low;
}

/**
 * Water evaporated in one hour, liters, by an air stream that takes up `heatKw` from water (a cooling
 * tower, or the wetted side of an indirect evaporative exchanger) and leaves saturated: the enthalpy
 * balance h_out = h_in + Q / m_da fixes the leaving state on the saturation line (ASHRAE Handbook HVAC
 * Systems and Equipment 2020, ch. 40: tower air "leaves essentially saturated"), and the water is
 * m_da (W_s(t_out) - W_in). In warm humid air nearly all the heat leaves as latent heat; in cold or dry
 * air the air also warms (a sensible share) or, when dry, cools itself and evaporates more than Q / h_fg.
 */
export function wetStreamEvaporationLitersPerHour(
  heatKw: number,
  dryAirKgPerS: number,
  dryBulbC: number,
  humidityRatio: number,
  pressurePa: number,
): number {
  if (!(heatKw > 0) || !(dryAirKgPerS > 0)) return 0;
  const outlet = saturatedAirAtEnthalpy(
    enthalpyKjPerKg(dryBulbC, humidityRatio) + heatKw / dryAirKgPerS,
    pressurePa,
  );
  return evaporationFromAirLitersPerHour(dryAirKgPerS, humidityRatio, outlet.humidityRatio);
}

/**
 * Dry-air flow, kg/s, through a cooling tower rejecting `heatKw` with a water range `rangeK` at a
 * water-to-air mass ratio L/G: m_w = Q / (c_w R), m_da = m_w / (L/G). Counterflow and crossflow towers run
 * at L/G 0.75-1.5 (ASHRAE Handbook HVAC Systems and Equipment 2020, ch. 40); fans are modulated so the air
 * flow follows the heat rejected.
 */
export function towerAirFlowKgPerS(heatKw: number, rangeK: number, liquidToGasRatio: number): number {
  return heatKw / (WATER_SPECIFIC_HEAT_KJ_PER_KG_K * rangeK) / liquidToGasRatio;
}

/** Share of `heatKw` that leaves a wet stream as latent heat: evaporation x h_fg / Q (for reporting). */
export function latentShare(heatKw: number, evaporationLiters: number): number {
  if (!(heatKw > 0)) return 0;
  return (
    ((evaporationLiters / 1000) * WATER_DENSITY_KG_PER_M3 * LATENT_HEAT_KJ_PER_KG) /
    (heatKw * SECONDS_PER_HOUR)
  );
}

/** Sensible heat, kW, that dry air `dryAirKgPerS` gives up cooling by `deltaK` (1.006 kJ/(kg K)). */
export function airSensibleKw(dryAirKgPerS: number, deltaK: number): number {
  return dryAirKgPerS * AIR_SPECIFIC_HEAT_KJ_PER_KG_K * deltaK;
}

/**
 * Dry bulb, °C, of air on the wet-bulb line `wetBulbC` that holds `humidityRatio`: ASHRAE HoF 2017 ch. 1
 * eq. 33 (eq. 35 below 0 °C) solved for t, which is linear in t at fixed t* and W. Direct evaporation
 * moves air along this line, so this is how far wetted media may cool air before it holds more moisture
 * than the envelope allows.
 */
export function dryBulbOnWetBulbLineC(wetBulbC: number, humidityRatio: number, pressurePa: number): number {
  const saturated = saturatedHumidityRatio(wetBulbC, pressurePa);
  const [a, b, c] = wetBulbC >= 0 ? [2501, 2.326, 4.186] : [2830, 0.24, 2.1];
  return (
    ((a - b * wetBulbC) * saturated + 1.006 * wetBulbC - humidityRatio * (a - c * wetBulbC)) /
    (1.86 * humidityRatio + 1.006)
  );
}

/**
 * Humidity ratio, kg/kg, of air at `dryBulbC` on the wet-bulb line `wetBulbC` (ASHRAE HoF 2017 ch. 1
 * eq. 33, eq. 35 below 0 °C), 0 where the line has no moisture left. Unlike @karst/climate's checked
 * humidityRatioFromWetBulb it never throws, for the hourly loop fed by already validated weather.
 */
export function wetBulbLineHumidityRatio(dryBulbC: number, wetBulbC: number, pressurePa: number): number {
  const saturated = saturatedHumidityRatio(wetBulbC, pressurePa);
  const ratio =
    wetBulbC >= 0
      ? ((2501 - 2.326 * wetBulbC) * saturated - 1.006 * (dryBulbC - wetBulbC)) /
        (2501 + 1.86 * dryBulbC - 4.186 * wetBulbC)
      : ((2830 - 0.24 * wetBulbC) * saturated - 1.006 * (dryBulbC - wetBulbC)) /
        (2830 + 1.86 * dryBulbC - 2.1 * wetBulbC);
  return ratio > 0 ? ratio : 0;
}
