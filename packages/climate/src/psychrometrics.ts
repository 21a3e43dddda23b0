/**
 * Moist-air psychrometrics after ASHRAE Handbook of Fundamentals 2017, chapter 1 ("Psychrometrics"),
 * using the perfect-gas relations of that chapter. Equation numbers refer to the 2017 SI edition.
 *
 * Temperatures in °C, pressures in Pa, humidity ratio in kg water per kg dry air, enthalpy in kJ per kg
 * dry air. Below 0 °C saturation is taken over ice (frost point), as the chapter's eq. 5 does.
 */

/** Standard atmospheric pressure at sea level, Pa (ASHRAE Handbook of Fundamentals 2017, ch. 1, eq. 3). */
export const SEA_LEVEL_PRESSURE_PA = 101_325;

/** Standard atmospheric pressure at an elevation, Pa (ASHRAE HoF 2017, ch. 1, eq. 3). */
export function standardPressurePa(elevationM: number): number {
  return SEA_LEVEL_PRESSURE_PA * (1 - 2.25577e-5 * elevationM) ** 5.2559;
}

/** Ratio of molecular masses of water and dry air (ASHRAE HoF 2017 ch. 1 eq. 20). */
const MOLAR_MASS_RATIO = 0.621945;
const KELVIN_OFFSET = 273.15;
const MIN_TEMP_C = -100;
const MAX_TEMP_C = 200;

// Hyland-Wexler coefficients, ASHRAE HoF 2017 ch. 1 eq. 5 (over ice) and eq. 6 (over liquid water).
const C1 = -5.6745359e3;
const C2 = 6.3925247;
const C3 = -9.677843e-3;
const C4 = 6.2215701e-7;
const C5 = 2.0747825e-9;
const C6 = -9.484024e-13;
const C7 = 4.1635019;
const C8 = -5.8002206e3;
const C9 = 1.3914993;
const C10 = -4.8640239e-2;
const C11 = 4.1764768e-5;
const C12 = -1.4452093e-8;
const C13 = 6.5459673;

/** Saturation pressure at the -100 °C / 200 °C ends of eq. 5/6, where the fits stop being valid. */
const MIN_VAPOR_PRESSURE_PA = Math.exp(lnSatIce(MIN_TEMP_C + KELVIN_OFFSET));
const MAX_VAPOR_PRESSURE_PA = Math.exp(lnSatWater(MAX_TEMP_C + KELVIN_OFFSET));
/** Eq. 5 and eq. 6 disagree by ~0.06 Pa at 0 °C; vapour pressures in that gap have a 0 °C dew point. */
const ICE_AT_ZERO_PA = Math.exp(lnSatIce(KELVIN_OFFSET));
const WATER_AT_ZERO_PA = Math.exp(lnSatWater(KELVIN_OFFSET));

/** Bisection stops at a 1 mK bracket (answer within 0.5 mK); Newton stops after a step below 5 mK. */
const WET_BULB_BRACKET_C = 1e-3;
const WET_BULB_NEWTON_STEP_C = 5e-3;
const DEW_POINT_TOLERANCE_C = 1e-7;
const MAX_ITERATIONS = 40;

function lnSatIce(tempK: number): number {
  return C1 / tempK + C2 + tempK * (C3 + tempK * (C4 + tempK * (C5 + tempK * C6))) + C7 * Math.log(tempK);
}

function lnSatWater(tempK: number): number {
  return C8 / tempK + C9 + tempK * (C10 + tempK * (C11 + tempK * C12)) + C13 * Math.log(tempK);
}

function dLnSatIce(tempK: number): number {
  return -C1 / (tempK * tempK) + C3 + tempK * (2 * C4 + tempK * (3 * C5 + tempK * 4 * C6)) + C7 / tempK;
}

function dLnSatWater(tempK: number): number {
  return -C8 / (tempK * tempK) + C10 + tempK * (2 * C11 + tempK * 3 * C12) + C13 / tempK;
}

function requireFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
}

function requirePressure(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${name} must be a finite number > 0, got ${value}`);
  }
}

function requireTemperature(name: string, value: number): void {
  if (!(value >= MIN_TEMP_C && value <= MAX_TEMP_C)) {
    throw new RangeError(
      `${name} must be a finite number in [${MIN_TEMP_C}, ${MAX_TEMP_C}] °C, got ${value}`,
    );
  }
}

function requireHumidityRatio(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  }
}

function satPressureUnchecked(tempC: number): number {
  const tempK = tempC + KELVIN_OFFSET;
  return Math.exp(tempC < 0 ? lnSatIce(tempK) : lnSatWater(tempK));
}

/**
 * Saturation vapour pressure, Pa: Hyland-Wexler fit over ice below 0 °C (ASHRAE HoF 2017 ch. 1 eq. 5)
 * and over liquid water from 0 °C (eq. 6). Valid -100..200 °C.
 */
export function saturationPressurePa(tempC: number): number {
  requireTemperature('tempC', tempC);
  return satPressureUnchecked(tempC);
}

/**
 * Slope of the saturation vapour pressure, Pa/K: d p_ws / dT, the Hyland-Wexler fits of
 * saturationPressurePa differentiated (ASHRAE HoF 2017 ch. 1 eq. 5 over ice below 0 °C, eq. 6 over water).
 * Valid -100..200 °C.
 */
export function saturationPressureSlopePaPerK(tempC: number): number {
  requireTemperature('tempC', tempC);
  const tempK = tempC + KELVIN_OFFSET;
  return satPressureUnchecked(tempC) * (tempC < 0 ? dLnSatIce(tempK) : dLnSatWater(tempK));
}

/** Humidity ratio, kg/kg, W = 0.621945 pw / (p - pw) (ASHRAE HoF 2017 ch. 1 eq. 20). */
export function humidityRatioKgPerKg(vaporPressurePa: number, pressurePa: number): number {
  if (!(Number.isFinite(vaporPressurePa) && vaporPressurePa >= 0)) {
    throw new RangeError(`vaporPressurePa must be a finite number >= 0, got ${vaporPressurePa}`);
  }
  requirePressure('pressurePa', pressurePa);
  if (vaporPressurePa >= pressurePa) {
    throw new RangeError(
      `vaporPressurePa must be below pressurePa (${pressurePa}), got ${vaporPressurePa}: the water would boil`,
    );
  }
  return (MOLAR_MASS_RATIO * vaporPressurePa) / (pressurePa - vaporPressurePa);
}

/** Humidity ratio, kg/kg, at a dew (frost) point: eq. 20 with pw = pws(td) (ASHRAE HoF 2017 ch. 1 eq. 36). */
export function humidityRatioFromDewPoint(dewPointC: number, pressurePa: number): number {
  requireTemperature('dewPointC', dewPointC);
  requirePressure('pressurePa', pressurePa);
  const vaporPressurePa = satPressureUnchecked(dewPointC);
  if (vaporPressurePa >= pressurePa) {
    throw new RangeError(
      `dewPointC ${dewPointC} is at or above the boiling point at pressurePa ${pressurePa}`,
    );
  }
  return (MOLAR_MASS_RATIO * vaporPressurePa) / (pressurePa - vaporPressurePa);
}

/**
 * Relative humidity, %, φ = pw / pws(t) with pw = pws(td) (ASHRAE HoF 2017 ch. 1 eq. 22 with eq. 36).
 * Below 0 °C both pressures are over ice, consistent with saturationPressurePa. May exceed 100 when the
 * dew point is above the dry bulb.
 */
export function relativeHumidityPct(dryBulbC: number, dewPointC: number): number {
  requireTemperature('dryBulbC', dryBulbC);
  requireTemperature('dewPointC', dewPointC);
  return (100 * satPressureUnchecked(dewPointC)) / satPressureUnchecked(dryBulbC);
}

/** Newton on ln pws(td) = ln pw, which is nearly linear in td, so 2-4 steps suffice. */
function dewPointUnchecked(vaporPressurePa: number): number {
  // The gap between the ice and water curves at 0 °C has no root on either branch.
  if (vaporPressurePa >= ICE_AT_ZERO_PA && vaporPressurePa < WATER_AT_ZERO_PA) return 0;
  const overWater = vaporPressurePa >= WATER_AT_ZERO_PA;
  const lnPressureKpa = Math.log(vaporPressurePa / 1000);
  // ASHRAE HoF 2017 ch. 1 eq. 37 (0..93 °C) and eq. 38 (below 0 °C) regressions as the starting point.
  let dewPointC = overWater
    ? 6.54 +
      14.526 * lnPressureKpa +
      0.7389 * lnPressureKpa * lnPressureKpa +
      0.09486 * lnPressureKpa * lnPressureKpa * lnPressureKpa +
      0.4569 * (vaporPressurePa / 1000) ** 0.1984
    : 6.09 + 12.608 * lnPressureKpa + 0.4959 * lnPressureKpa * lnPressureKpa;
  const lo = overWater ? 0 : MIN_TEMP_C;
  const hi = overWater ? MAX_TEMP_C : 0;
  const lnTarget = Math.log(vaporPressurePa);
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    dewPointC = Math.min(hi, Math.max(lo, dewPointC));
    const tempK = dewPointC + KELVIN_OFFSET;
    const residual = (overWater ? lnSatWater(tempK) : lnSatIce(tempK)) - lnTarget;
    const step = residual / (overWater ? dLnSatWater(tempK) : dLnSatIce(tempK));
    dewPointC -= step;
    if (Math.abs(step) < DEW_POINT_TOLERANCE_C) break;
  }
  return Math.min(hi, Math.max(lo, dewPointC));
}

/** Dew (frost) point, °C: the inverse of saturationPressurePa, eq. 5/6 solved by Newton from eq. 37/38. */
export function dewPointFromVaporPressureC(vaporPressurePa: number): number {
  if (!(vaporPressurePa >= MIN_VAPOR_PRESSURE_PA && vaporPressurePa <= MAX_VAPOR_PRESSURE_PA)) {
    throw new RangeError(
      `vaporPressurePa must be a finite number in [${MIN_VAPOR_PRESSURE_PA}, ${MAX_VAPOR_PRESSURE_PA}] ` +
        `(saturation at -100..200 °C), got ${vaporPressurePa}`,
    );
  }
  return dewPointUnchecked(vaporPressurePa);
}

/** Dew (frost) point, °C, of a humidity ratio: eq. 20 solved for pw, then dewPointFromVaporPressureC. */
export function dewPointFromHumidityRatioC(humidityRatio: number, pressurePa: number): number {
  requireHumidityRatio('humidityRatio', humidityRatio);
  requirePressure('pressurePa', pressurePa);
  const vaporPressurePa = (pressurePa * humidityRatio) / (MOLAR_MASS_RATIO + humidityRatio);
  if (!(vaporPressurePa >= MIN_VAPOR_PRESSURE_PA && vaporPressurePa <= MAX_VAPOR_PRESSURE_PA)) {
    throw new RangeError(
      `humidityRatio ${humidityRatio} at pressurePa ${pressurePa} gives a dew point outside -100..200 °C`,
    );
  }
  return dewPointUnchecked(vaporPressurePa);
}

/** Dew (frost) point, °C, from dry bulb and relative humidity (eq. 22 solved for pw, then eq. 5/6 inverted). */
export function dewPointFromRelativeHumidityC(dryBulbC: number, relativeHumidityPct: number): number {
  requireTemperature('dryBulbC', dryBulbC);
  if (!(relativeHumidityPct > 0 && relativeHumidityPct <= 100)) {
    throw new RangeError(
      `relativeHumidityPct must be a finite number in (0, 100], got ${relativeHumidityPct}`,
    );
  }
  const vaporPressurePa = (relativeHumidityPct / 100) * satPressureUnchecked(dryBulbC);
  if (vaporPressurePa < MIN_VAPOR_PRESSURE_PA) {
    throw new RangeError(
      `relativeHumidityPct ${relativeHumidityPct} at dryBulbC ${dryBulbC} gives a dew point below -100 °C`,
    );
  }
  return dewPointUnchecked(vaporPressurePa);
}

/**
 * Residual of the wet-bulb energy balance, ASHRAE HoF 2017 ch. 1 eq. 33 (wet surface, t* >= 0) and
 * eq. 35 (iced surface, t* < 0), multiplied through by the denominator so it is smooth and increasing in
 * t*: zero at the thermodynamic wet bulb, negative at the dew point, positive at the dry bulb.
 * The derivative is left in `residualSlope` so the hot loop allocates nothing.
 */
let residualSlope = 0;
function wetBulbResidual(
  dryBulbC: number,
  wetBulbC: number,
  humidityRatio: number,
  pressurePa: number,
): number {
  const tempK = wetBulbC + KELVIN_OFFSET;
  const iced = wetBulbC < 0;
  const satPa = Math.exp(iced ? lnSatIce(tempK) : lnSatWater(tempK));
  const dSatPa = satPa * (iced ? dLnSatIce(tempK) : dLnSatWater(tempK));
  const dryPa = pressurePa - satPa;
  const satRatio = (MOLAR_MASS_RATIO * satPa) / dryPa;
  const dSatRatio = (MOLAR_MASS_RATIO * pressurePa * dSatPa) / (dryPa * dryPa);
  if (iced) {
    const latent = 2830 - 0.24 * wetBulbC;
    residualSlope = -0.24 * satRatio + latent * dSatRatio + 1.006 + 2.1 * humidityRatio;
    return (
      latent * satRatio -
      1.006 * (dryBulbC - wetBulbC) -
      humidityRatio * (2830 + 1.86 * dryBulbC - 2.1 * wetBulbC)
    );
  }
  const latent = 2501 - 2.326 * wetBulbC;
  residualSlope = -2.326 * satRatio + latent * dSatRatio + 1.006 + 4.186 * humidityRatio;
  return (
    latent * satRatio -
    1.006 * (dryBulbC - wetBulbC) -
    humidityRatio * (2501 + 1.86 * dryBulbC - 4.186 * wetBulbC)
  );
}

/**
 * Thermodynamic wet-bulb temperature, °C, solving ASHRAE HoF 2017 ch. 1 eq. 33 (or eq. 35 over ice below
 * 0 °C) for t* to better than 0.001 °C. A dew point above the dry bulb (sensor rounding) is taken as
 * saturated air at the dry bulb, so the result is the dry bulb.
 */
export function wetBulbC(dryBulbC: number, dewPointC: number, pressurePa: number): number {
  requireTemperature('dryBulbC', dryBulbC);
  requireTemperature('dewPointC', dewPointC);
  requirePressure('pressurePa', pressurePa);
  // pws(50 °C) is 12.35 kPa, so ordinary weather skips an exp/log here; the check keeps Ws* finite.
  if ((dryBulbC > 50 || pressurePa < 12_500) && satPressureUnchecked(dryBulbC) >= pressurePa) {
    throw new RangeError(`dryBulbC ${dryBulbC} is at or above the boiling point at pressurePa ${pressurePa}`);
  }
  if (dryBulbC - dewPointC < WET_BULB_BRACKET_C) return dryBulbC;

  const dewK = dewPointC + KELVIN_OFFSET;
  const dewIced = dewPointC < 0;
  const dewSatPa = Math.exp(dewIced ? lnSatIce(dewK) : lnSatWater(dewK));
  const dewDryPa = pressurePa - dewSatPa;
  const humidityRatio = (MOLAR_MASS_RATIO * dewSatPa) / dewDryPa;
  // Psychrometric-ratio estimate: linearise Ws about the dew point and balance sensible against latent
  // heat, 1.006 (t - t*) = 2501 (t* - td) dWs/dt. Ws is convex, so this lands just above the root and
  // Newton then descends monotonically, typically in 2-3 steps.
  const latentSlope =
    (2501 * MOLAR_MASS_RATIO * pressurePa * dewSatPa * (dewIced ? dLnSatIce(dewK) : dLnSatWater(dewK))) /
    (dewDryPa * dewDryPa);
  let estimateC = (latentSlope * dewPointC + 1.006 * dryBulbC) / (latentSlope + 1.006);

  // Safeguarded Newton inside a bracket where the residual goes from negative to positive. Eq. 33 and
  // eq. 35 overlap near 0 °C: for some air both a water-surface root above 0 °C and an ice-surface root
  // below it exist (up to ~1 K apart). Prefer the water root whenever there is one, so the answer is
  // unique and, for evaporative cooling, the conservative (warmer) of the two.
  let lo = dewPointC;
  let hi = dryBulbC;
  if (dewPointC < 0 && dryBulbC > 0) {
    if (wetBulbResidual(dryBulbC, 0, humidityRatio, pressurePa) <= 0) lo = 0;
    else hi = -Number.EPSILON;
    estimateC = Math.min(hi, Math.max(lo, estimateC));
  }
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const residual = wetBulbResidual(dryBulbC, estimateC, humidityRatio, pressurePa);
    if (residual > 0) hi = estimateC;
    else lo = estimateC;
    const newtonC = estimateC - residual / residualSlope;
    if (newtonC > lo && newtonC < hi) {
      const stepC = Math.abs(newtonC - estimateC);
      estimateC = newtonC;
      // Newton's error after a step of s is about (f''/2f') s^2 < 0.05 s^2, so a 5 mK step leaves ~1 µK.
      if (stepC < WET_BULB_NEWTON_STEP_C) break;
    } else {
      // Newton left the bracket (only far from the root): bisect instead.
      estimateC = 0.5 * (lo + hi);
    }
    if (hi - lo < WET_BULB_BRACKET_C) break;
  }
  return estimateC;
}

/** Moist-air specific enthalpy, kJ per kg dry air, h = 1.006 t + W (2501 + 1.86 t) (ASHRAE HoF 2017 ch. 1 eq. 30). */
export function enthalpyKjPerKg(dryBulbC: number, humidityRatio: number): number {
  requireFinite('dryBulbC', dryBulbC);
  requireHumidityRatio('humidityRatio', humidityRatio);
  return 1.006 * dryBulbC + humidityRatio * (2501 + 1.86 * dryBulbC);
}

/**
 * Moist-air density, kg of moist air per m³: (1 + W) / v with the specific volume per kg dry air
 * v = 0.287042 (t + 273.15)(1 + 1.607858 W) / p[kPa] (ASHRAE HoF 2017 ch. 1 eq. 26).
 */
export function moistAirDensityKgPerM3(dryBulbC: number, humidityRatio: number, pressurePa: number): number {
  requireFinite('dryBulbC', dryBulbC);
  requireHumidityRatio('humidityRatio', humidityRatio);
  requirePressure('pressurePa', pressurePa);
  if (dryBulbC <= -KELVIN_OFFSET)
    throw new RangeError(`dryBulbC must be above absolute zero, got ${dryBulbC}`);
  const specificVolumeM3PerKg =
    (0.287042 * (dryBulbC + KELVIN_OFFSET) * (1 + 1.607858 * humidityRatio)) / (pressurePa / 1000);
  return (1 + humidityRatio) / specificVolumeM3PerKg;
}

/**
 * Humidity ratio, kg/kg, from dry bulb and thermodynamic wet bulb: ASHRAE HoF 2017 ch. 1 eq. 33 (wet bulb
 * at or above 0 °C) and eq. 35 (below, over ice), with Ws* the saturation humidity ratio at the wet bulb.
 */
export function humidityRatioFromWetBulb(dryBulbC: number, wetBulbC: number, pressurePa: number): number {
  requireTemperature('dryBulbC', dryBulbC);
  requireTemperature('wetBulbC', wetBulbC);
  if (wetBulbC > dryBulbC) throw new RangeError(`wetBulbC ${wetBulbC} is above dryBulbC ${dryBulbC}`);
  const saturatedRatio = humidityRatioKgPerKg(saturationPressurePa(wetBulbC), pressurePa);
  const ratio =
    wetBulbC >= 0
      ? ((2501 - 2.326 * wetBulbC) * saturatedRatio - 1.006 * (dryBulbC - wetBulbC)) /
        (2501 + 1.86 * dryBulbC - 4.186 * wetBulbC)
      : ((2830 - 0.24 * wetBulbC) * saturatedRatio - 1.006 * (dryBulbC - wetBulbC)) /
        (2830 + 1.86 * dryBulbC - 2.1 * wetBulbC);
  if (ratio <= 0) {
    throw new RangeError(
      `wetBulbC ${wetBulbC} is too far below dryBulbC ${dryBulbC} for any moisture in the air`,
    );
  }
  return ratio;
}

/** Dew point, °C, from dry bulb and thermodynamic wet bulb (eq. 33/35, then eq. 20 and 5/6 inverted). */
export function dewPointFromWetBulbC(dryBulbC: number, wetBulbC: number, pressurePa: number): number {
  return dewPointFromHumidityRatioC(humidityRatioFromWetBulb(dryBulbC, wetBulbC, pressurePa), pressurePa);
}
