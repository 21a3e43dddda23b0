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
  return affinityFanPowerKw(
    designFlowM3PerS,
    specificFanPowerWPerM3s,
    flowM3PerS / designFlowM3PerS,
    minSpeedFraction,
    exponent,
  );
}

/**
 * partLoadFanPowerKw given the speed (flow over design flow) instead of the flow, for the hourly loop
 * that knows it: P = SFP x V_design x max(s, s_min)^n for s > 0, else 0.
 */
export function affinityFanPowerKw(
  designFlowM3PerS: number,
  specificFanPowerWPerM3s: number,
  speedFraction: number,
  minSpeedFraction: number,
  exponent = 2.8,
): number {
  if (!(designFlowM3PerS > 0)) return 0;
  return (
    fanPowerKw(designFlowM3PerS, specificFanPowerWPerM3s) *
    fanSpeedPowerFactor(speedFraction, minSpeedFraction, exponent)
  );
}

/**
 * The affinity-law factor of affinityFanPowerKw, power over design power: max(s, s_min)^n for a speed
 * s > 0, else 0 (the fans stop). An hourly loop whose speed repeats (a flat load) computes it once per
 * distinct speed.
 */
export function fanSpeedPowerFactor(speedFraction: number, minSpeedFraction: number, exponent = 2.8): number {
  if (!(speedFraction > 0)) return 0;
  return speedPower(Math.max(speedFraction, minSpeedFraction), exponent);
}

// s^n by cubic Hermite interpolation between its exact values and slopes at every 1/2048 of design speed
// from 1/16 to 2 (one 62 KB table per exponent, its nodes computed when an hour first needs them: a
// budget at a flat load meets a few hundred of the 3,969, and `karst budget`, which runs once, would
// spend more on the whole table than on its hours): the error, h^4/384 max|d4(s^n)/ds4|,
// is below 1e-11 of s^n for 1 <= n <= 3 there (1e-14 above a quarter speed), while exp and log (~45 ns)
// were the costliest step of a fan's hour. Outside that range exp and log are used.
const SPEED_STEPS = 2048;
const SPEED_LOW = 1 / 16;
const SPEED_HIGH = 2;
const SPEED_CELLS = (SPEED_HIGH - SPEED_LOW) * SPEED_STEPS;
const powerTables = new Map<number, Float64Array>();
let lastExponent = Number.NaN;
let lastTable: Float64Array = new Float64Array(0);

function powerTable(exponent: number): Float64Array {
  return exponent === lastExponent ? lastTable : switchPowerTable(exponent);
}

// The rare path of powerTable (kept apart so the hourly path stays small enough to inline).
function switchPowerTable(exponent: number): Float64Array {
  let table = powerTables.get(exponent);
  if (table === undefined) {
    // NaN: not computed yet (fillSpeedCell).
    table = new Float64Array((SPEED_CELLS + 1) * 2).fill(Number.NaN);
    if (powerTables.size >= 16) powerTables.clear();
    powerTables.set(exponent, table);
  }
  lastExponent = exponent;
  lastTable = table;
  return table;
}

// The rare path of speedPower: the exact value and slope at both nodes of a cell (s^n >= 0, so a node
// not yet computed is the only NaN).
function fillSpeedCell(table: Float64Array, cell: number, exponent: number): void {
  for (let node = cell; node <= cell + 1; node++) {
    const speed = SPEED_LOW + node / SPEED_STEPS;
    table[node * 2] = speed ** exponent;
    // The slope times the step, as the Hermite basis takes it.
    table[node * 2 + 1] = (exponent * speed ** (exponent - 1)) / SPEED_STEPS;
  }
}

function speedPower(speed: number, exponent: number): number {
  if (speed === 1) return 1;
  if (!(speed >= SPEED_LOW && speed < SPEED_HIGH)) return Math.exp(exponent * Math.log(speed));
  const table = powerTable(exponent);
  const position = (speed - SPEED_LOW) * SPEED_STEPS;
  const cell = Math.floor(position);
  const u = position - cell;
  const u2 = u * u;
  const u3 = u2 * u;
  const base = cell * 2;
  if (!(table[base]! >= 0 && table[base + 2]! >= 0)) fillSpeedCell(table, cell, exponent);
  return (
    (2 * u3 - 3 * u2 + 1) * table[base]! +
    (u3 - 2 * u2 + u) * table[base + 1]! +
    (3 * u2 - 2 * u3) * table[base + 2]! +
    (u3 - u2) * table[base + 3]!
  );
}
