import { WATER_DENSITY_KG_PER_M3, WATER_SPECIFIC_HEAT_KJ_PER_KG_K } from './constants.js';

/**
 * Pump electric power, kW, moving `heatKw` in a water loop with temperature difference `deltaTK` against
 * `headKpa`: volume flow Q / (ρ cp ΔT) in m³/s times head in kPa, over wire-to-water efficiency.
 */
export function pumpPowerKw(heatKw: number, deltaTK: number, headKpa: number, efficiency: number): number {
  const volumeFlowM3PerS = heatKw / (WATER_SPECIFIC_HEAT_KJ_PER_KG_K * deltaTK * WATER_DENSITY_KG_PER_M3);
  return (volumeFlowM3PerS * headKpa) / efficiency;
}
