import { AIR_SPECIFIC_HEAT_KJ_PER_KG_K } from './constants.js';

/** Air mass flow, kg/s, that carries `heatLoadKw` with a temperature rise `airTemperatureRiseK`: Q / (cp ΔT). */
export function airMassFlowKgPerS(heatLoadKw: number, airTemperatureRiseK: number): number {
  return heatLoadKw / (AIR_SPECIFIC_HEAT_KJ_PER_KG_K * airTemperatureRiseK);
}

/**
 * Air volume flow, m³/s: Q / (ρ cp ΔT). Thinner air at altitude means more volume for the same heat:
 * at 1,224 m the standard pressure is 87.5 kPa, so air is 13.7 % less dense than at sea level.
 */
export function airVolumeFlowM3PerS(
  heatLoadKw: number,
  airTemperatureRiseK: number,
  airDensityKgPerM3: number,
): number {
  return heatLoadKw / (airDensityKgPerM3 * AIR_SPECIFIC_HEAT_KJ_PER_KG_K * airTemperatureRiseK);
}

/** Fan electric power, kW, from a specific fan power (W per m³/s) and a volume flow (m³/s). */
export function fanPowerKw(volumeFlowM3PerS: number, specificFanPowerWPerM3s: number): number {
  return (volumeFlowM3PerS * specificFanPowerWPerM3s) / 1000;
}

/**
 * Fan electric power, kW, of fans sized for `designFlowM3PerS` moving `flowM3PerS`, slowed by a variable
 * speed drive: the affinity laws give power ∝ speed³ at fixed geometry (ASHRAE Handbook HVAC Systems and
 * Equipment 2020, ch. 21 "Fans"); motor and drive efficiency falling at low speed raise that slightly
 * (US DOE Advanced Manufacturing Office, Motor Systems Tip Sheet 11, "Adjustable Speed Drive Part-Load
 * Efficiency", 2012), which `exponent` (default 2.8) folds in. Below `minSpeedFraction` the fans hold
 * their minimum speed (the extra air bypasses or recirculates), and with no flow they stop:
 * P = P_design x max(s, s_min)^n for s = V / V_design > 0, P_design = SFP x V_design.
 * Above the design flow (s > 1) the same law extrapolates.
 */
export function partLoadFanPowerKw(
  flowM3PerS: number,
  designFlowM3PerS: number,
  specificFanPowerWPerM3s: number,
  minSpeedFraction: number,
  exponent = 2.8,
): number {
  if (!(flowM3PerS > 0) || !(designFlowM3PerS > 0)) return 0;
  const speed = Math.max(flowM3PerS / designFlowM3PerS, minSpeedFraction);
  return fanPowerKw(designFlowM3PerS, specificFanPowerWPerM3s) * speedPower(speed, exponent);
}

// s^n for the last two speeds asked (a design's hall fans and its scavenger or tower fans): a hall at
// constant load asks for the same hall-fan speed every hour, and a fractional power is the costliest step
// of a fan's hour.
const cachedSpeed = new Float64Array([Number.NaN, Number.NaN]);
const cachedExponent = new Float64Array([Number.NaN, Number.NaN]);
const cachedPower = new Float64Array([1, 1]);
// The slot of the last hit stays; a miss replaces the other one.
let lastHitSlot = 0;

function speedPower(speed: number, exponent: number): number {
  if (speed === 1) return 1;
  for (let slot = 0; slot < 2; slot++) {
    if (cachedSpeed[slot] === speed && cachedExponent[slot] === exponent) {
      lastHitSlot = slot;
      return cachedPower[slot]!;
    }
  }
  const power = Math.exp(exponent * Math.log(speed));
  const slot = 1 - lastHitSlot;
  cachedSpeed[slot] = speed;
  cachedExponent[slot] = exponent;
  cachedPower[slot] = power;
  return power;
}
