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

// s^n for the last speed and exponent: a hall at constant load asks for the same one every hour, and a
// fractional power is the costliest step of a fan's hour.
let lastSpeed = 1;
let lastExponent = 1;
let lastSpeedPower = 1;

function speedPower(speed: number, exponent: number): number {
  if (speed !== lastSpeed || exponent !== lastExponent) {
    lastSpeed = speed;
    lastExponent = exponent;
    lastSpeedPower = speed === 1 ? 1 : Math.exp(exponent * Math.log(speed));
  }
  return lastSpeedPower;
}
