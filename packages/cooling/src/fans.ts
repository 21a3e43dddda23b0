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
