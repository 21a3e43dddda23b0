import { LATENT_HEAT_KJ_PER_KG, SECONDS_PER_HOUR, WATER_DENSITY_KG_PER_M3 } from './constants.js';

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
