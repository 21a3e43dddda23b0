import {
  enthalpyKjPerKg,
  humidityRatioFromWetBulb,
  humidityRatioKgPerKg,
  saturationPressurePa,
  saturationPressureSlopePaPerK,
} from '@karst/climate';
import {
  AIR_SPECIFIC_HEAT_KJ_PER_KG_K,
  LATENT_HEAT_KJ_PER_KG,
  SECONDS_PER_HOUR,
  WATER_AIR_MOLAR_MASS_RATIO,
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

/** Above this, °C, no air leaving a wetted exchanger or tower is modeled (h_sat ≈ 460 kJ/kg at sea level). */
const MAX_SATURATED_C = 60;
const MIN_SATURATED_C = -60;

// h_sat every 1 K from -60 to 60 °C at a pressure (rounded to 200 Pa), for Newton's starting point; one
// table per pressure a simulation meets (a site's pressures span a few kPa).
const GUESS_STEP_K = 1;
const GUESS_POINTS = 121;
const guessTables = new Map<number, Float64Array>();
// The rounded pressure of the last table and the cell the last guess fell in, in typed arrays: a
// module-level number holding a double is boxed on every write.
const lastTableKey = new Float64Array([Number.NaN]);
const lastGuessCell = new Int32Array(1);
let lastTable: Float64Array = new Float64Array(0);

function guessTable(pressurePa: number): Float64Array {
  const key = Math.round(pressurePa / 200) * 200;
  return key === lastTableKey[0] ? lastTable : switchGuessTable(key);
}

// The rare path of guessTable (kept apart so the hourly path stays small enough to inline).
function switchGuessTable(key: number): Float64Array {
  let table = guessTables.get(key);
  if (table === undefined) {
    table = new Float64Array(GUESS_POINTS);
    for (let i = 0; i < GUESS_POINTS; i++) {
      const t = MIN_SATURATED_C + i * GUESS_STEP_K;
      table[i] = saturatedEnthalpy(t, key);
    }
    if (guessTables.size > 64) guessTables.clear();
    guessTables.set(key, table);
  }
  lastTableKey[0] = key;
  lastTable = table;
  return table;
}

function startingGuessC(enthalpy: number, pressurePa: number): number {
  const table = guessTable(pressurePa);
  if (enthalpy <= table[0]!) return MIN_SATURATED_C;
  if (enthalpy >= table[GUESS_POINTS - 1]!) return MAX_SATURATED_C;
  // Walk the monotone table from the last cell (successive hours' air states are close, so this usually
  // ends in a step or two) to the one with table[low] < h <= table[low + 1].
  let lowIndex = lastGuessCell[0]!;
  while (lowIndex > 0 && table[lowIndex]! >= enthalpy) lowIndex--;
  while (lowIndex < GUESS_POINTS - 2 && table[lowIndex + 1]! < enthalpy) lowIndex++;
  lastGuessCell[0] = lowIndex;
  const lower = table[lowIndex]!;
  return MIN_SATURATED_C + GUESS_STEP_K * (lowIndex + (enthalpy - lower) / (table[lowIndex + 1]! - lower));
}

/**
 * Saturated air at a moist-air enthalpy `enthalpyKjPerKgDryAir` (per kg dry air): the temperature t with
 * h_sat(t) = 1.006 t + W_s(t) (2,501 + 1.86 t) = h (ASHRAE HoF 2017 ch. 1 eq. 32), clamped to -60..60 °C.
 * From a table of h_sat every 1 K at the hour's pressure (within ~0.01 K), one Newton step with the
 * Hyland-Wexler slope of the vapour pressure leaves less than 1e-4 K of error.
 */
export function saturatedAirAtEnthalpy(enthalpyKjPerKgDryAir: number, pressurePa: number): AirState {
  const dryBulbC = saturatedTemperatureAtEnthalpyC(enthalpyKjPerKgDryAir, pressurePa);
  return { dryBulbC, humidityRatio: lastSaturated[0]! };
}

// The humidity ratio at the temperature saturatedTemperatureAtEnthalpyC last returned, so the hourly loop
// gets both without allocating an object per hour (a typed array: a module-level number would be boxed
// on every write).
const lastSaturated = new Float64Array(1);

// p_ws and its slope (times the step) at both ends of every 0.1 K cell from -60 to 60 °C, for cubic
// Hermite interpolation in the hourly loop; the cell just below 0 °C ends on the ice curve's value at
// 0 °C, not the water curve's. The error, h^4/384 max|d4 p_ws/dt4| with h = 0.1 K, is below 1e-11 of
// p_ws, while the Hyland-Wexler fit itself costs an exp and a log per call.
const PWS_STEP_K = 0.1;
const PWS_CELLS = Math.round((MAX_SATURATED_C - MIN_SATURATED_C) / PWS_STEP_K);
// Filled cell by cell when first needed (NaN until then): the whole table is 4,800 exp and log pairs,
// ~6 ms at import under `karst budget`'s interpreter, while a budget meets a few hundred cells.
const pwsCells = new Float64Array(PWS_CELLS * 4).fill(Number.NaN);

function fillPwsCell(cell: number): void {
  const leftC = MIN_SATURATED_C + cell / 10;
  const rightC = cell + 1 === -MIN_SATURATED_C * 10 ? -1e-12 : MIN_SATURATED_C + (cell + 1) / 10;
  pwsCells[cell * 4] = saturationPressurePa(leftC);
  pwsCells[cell * 4 + 1] = saturationPressureSlopePaPerK(leftC) * PWS_STEP_K;
  pwsCells[cell * 4 + 2] = saturationPressurePa(rightC);
  pwsCells[cell * 4 + 3] = saturationPressureSlopePaPerK(rightC) * PWS_STEP_K;
}

// p_ws, Pa, and d p_ws / dt, Pa/K, at the temperature interpolateSaturation was last given ([0], [1]);
// [2]-[4] hold saturatedEnthalpyAt's slope and humidity ratio.
const interpolated = new Float64Array(5);

/** Fills `interpolated` with p_ws and its slope at tempC (clamped to -60..60 °C). */
function interpolateSaturation(tempC: number): void {
  const position = (Math.min(MAX_SATURATED_C, Math.max(MIN_SATURATED_C, tempC)) - MIN_SATURATED_C) * 10;
  const cell = Math.min(PWS_CELLS - 1, Math.floor(position));
  const u = position - cell;
  const base = cell * 4;
  if (!(pwsCells[base]! > 0)) fillPwsCell(cell);
  const p0 = pwsCells[base]!;
  const m0 = pwsCells[base + 1]!;
  const p1 = pwsCells[base + 2]!;
  const m1 = pwsCells[base + 3]!;
  const u2 = u * u;
  const u3 = u2 * u;
  interpolated[0] =
    (2 * u3 - 3 * u2 + 1) * p0 + (u3 - 2 * u2 + u) * m0 + (3 * u2 - 2 * u3) * p1 + (u3 - u2) * m1;
  interpolated[1] =
    ((6 * u2 - 6 * u) * (p0 - p1) + (3 * u2 - 4 * u + 1) * m0 + (3 * u2 - 2 * u) * m1) / PWS_STEP_K;
}

function saturatedTemperatureAtEnthalpyC(enthalpyKjPerKgDryAir: number, pressurePa: number): number {
  const t = startingGuessC(enthalpyKjPerKgDryAir, pressurePa);
  // The table at the hour's pressure is within ~0.01 K; one Newton step (with the slope of the vapour
  // pressure) then leaves ~1e-6 K, and W follows to first order in the step.
  interpolateSaturation(t);
  const pw = interpolated[0]!;
  const dPwDt = interpolated[1]!;
  const dryPressureInverse = 1 / (pressurePa - pw);
  const w = WATER_AIR_MOLAR_MASS_RATIO * pw * dryPressureInverse;
  const f = 1.006 * t + w * (2501 + 1.86 * t) - enthalpyKjPerKgDryAir;
  const dWdt = WATER_AIR_MOLAR_MASS_RATIO * pressurePa * dPwDt * dryPressureInverse * dryPressureInverse;
  const step = -f / (1.006 + 1.86 * w + (2501 + 1.86 * t) * dWdt);
  const next = Math.min(MAX_SATURATED_C, Math.max(MIN_SATURATED_C, t + step));
  lastSaturated[0] = w + dWdt * (next - t);
  return next;
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
  // h = 1.006 t + W (2,501 + 1.86 t) (ASHRAE HoF 2017 ch. 1 eq. 32), unchecked: the hourly inputs are.
  const outletEnthalpy = 1.006 * dryBulbC + humidityRatio * (2501 + 1.86 * dryBulbC) + heatKw / dryAirKgPerS;
  return evaporationFromAirLitersPerHour(
    dryAirKgPerS,
    humidityRatio,
    saturatedHumidityRatioAtEnthalpy(outletEnthalpy, pressurePa),
  );
}

// W_s of saturated air as a function of its enthalpy h, for the hourly wet-stream balance: one table per
// pressure every SATURATED_W_KEY_PA, with W_s and its slope dW_s/dh (times the step) at every
// SATURATED_W_STEP_KJ from h_sat(-60 °C) to h_sat(60 °C); cubic Hermite in h (error h^4/384 max|W''''|,
// below 1e-12 of W_s) and linear between the two pressures that bracket the hour's (W_s ∝ about 1/p at
// fixed h, so the error is about (Δp/p)^2/4, below 3e-7 of W_s, or 5e-6 K). Node values come from the
// exact saturation solve (Newton to 1e-12 K on the Hermite p_ws above). Outside the tabulated range the
// solve itself answers.
const SATURATED_W_STEP_KJ = 1;
const SATURATED_W_KEY_PA = 100;
// Keyed by pressure, Pa; layout at W_TABLE_HEADER. At 0 °C p_ws passes from the ice curve to the water
// curve and its slope jumps, so that one cell is left to the exact solve.
const saturatedWTables = new Map<number, Float64Array>();
// The lower bracketing pressure key of the last lookup, in a typed array (a module-level number would be
// boxed on every write), and its two tables.
const lastSaturatedWKey = new Float64Array([Number.NaN]);
let lowerWTable: Float64Array = new Float64Array(4);
let upperWTable: Float64Array = new Float64Array(4);

/**
 * Humidity ratio, kg/kg dry air, of saturated air whose enthalpy is `enthalpyKjPerKgDryAir`, at
 * `pressurePa`: W_s(t) at the t with h_sat(t) = h, from the tables above (saturatedAirAtEnthalpy solves
 * it exactly; the two agree within 3e-7 of W_s).
 */
function saturatedHumidityRatioAtEnthalpy(enthalpyKjPerKgDryAir: number, pressurePa: number): number {
  const lowerKey = Math.floor(pressurePa / SATURATED_W_KEY_PA);
  if (lowerKey !== lastSaturatedWKey[0]) switchSaturatedWTables(lowerKey);
  const lower = hermiteAt(lowerWTable, enthalpyKjPerKgDryAir);
  const upper = hermiteAt(upperWTable, enthalpyKjPerKgDryAir);
  if (!(lower >= 0 && upper >= 0)) {
    saturatedTemperatureAtEnthalpyC(enthalpyKjPerKgDryAir, pressurePa);
    return lastSaturated[0]!;
  }
  const fraction = pressurePa / SATURATED_W_KEY_PA - lowerKey;
  return lower + fraction * (upper - lower);
}

/** The Hermite value of a W_s table at h, or -1 outside its nodes. */
function hermiteAt(table: Float64Array, enthalpy: number): number {
  const position = (enthalpy - table[0]!) / SATURATED_W_STEP_KJ;
  const cell = Math.floor(position);
  if (!(cell >= 0 && cell < table[1]! - 1) || cell === table[2]!) return -1;
  const base = W_TABLE_HEADER + cell * 2;
  // Nodes are solved when an hour first needs them (NaN until then): a budget meets a few hundred.
  if (!(table[base]! >= 0 && table[base + 2]! >= 0)) fillCell(table, cell);
  const u = position - cell;
  const u2 = u * u;
  const u3 = u2 * u;
  return (
    (2 * u3 - 3 * u2 + 1) * table[base]! +
    (u3 - 2 * u2 + u) * table[base + 1]! +
    (3 * u2 - 2 * u3) * table[base + 2]! +
    (u3 - u2) * table[base + 3]!
  );
}

// The rare path of saturatedHumidityRatioAtEnthalpy (kept apart so the hourly path stays small).
function switchSaturatedWTables(lowerKey: number): void {
  lowerWTable = saturatedWTable(lowerKey * SATURATED_W_KEY_PA);
  upperWTable = saturatedWTable((lowerKey + 1) * SATURATED_W_KEY_PA);
  lastSaturatedWKey[0] = lowerKey;
}

// [h of node 0, node count, the cell holding h_sat(0 °C), pressure, Pa], then (W_s, slope x step) per node.
const W_TABLE_HEADER = 4;

function saturatedWTable(pressurePa: number): Float64Array {
  const cached = saturatedWTables.get(pressurePa);
  if (cached !== undefined) return cached;
  const lowH = Math.ceil(saturatedEnthalpy(MIN_SATURATED_C, pressurePa) / SATURATED_W_STEP_KJ);
  const highH = Math.floor(saturatedEnthalpy(MAX_SATURATED_C, pressurePa) / SATURATED_W_STEP_KJ);
  const nodes = highH - lowH + 1;
  const table = new Float64Array(W_TABLE_HEADER + nodes * 2).fill(Number.NaN);
  table[0] = lowH * SATURATED_W_STEP_KJ;
  table[1] = nodes;
  table[2] = Math.floor(saturatedEnthalpy(0, pressurePa) / SATURATED_W_STEP_KJ) - lowH;
  table[3] = pressurePa;
  if (saturatedWTables.size >= 256) saturatedWTables.clear();
  saturatedWTables.set(pressurePa, table);
  return table;
}

/** Solves both nodes of a table cell: t with h_sat(t) = h by Newton to 1e-12 K, then W_s and dW_s/dh. */
function fillCell(table: Float64Array, cell: number): void {
  const pressurePa = table[3]!;
  for (let node = cell; node <= cell + 1; node++) {
    const h = table[0]! + node * SATURATED_W_STEP_KJ;
    let t = startingGuessC(h, pressurePa);
    for (let step = 0; step < 50; step++) {
      const correction = (saturatedEnthalpyAt(t, pressurePa) - h) / interpolated[2]!;
      t = Math.min(MAX_SATURATED_C, Math.max(MIN_SATURATED_C, t - correction));
      if (Math.abs(correction) < 1e-12) break;
    }
    saturatedEnthalpyAt(t, pressurePa);
    table[W_TABLE_HEADER + node * 2] = interpolated[3]!;
    table[W_TABLE_HEADER + node * 2 + 1] = (interpolated[4]! / interpolated[2]!) * SATURATED_W_STEP_KJ;
  }
}

/**
 * h_sat(t), kJ/kg dry air, from the Hermite p_ws; leaves dh_sat/dt in interpolated[2], W_s in [3] and
 * dW_s/dt in [4] (for the table's nodes).
 */
function saturatedEnthalpyAt(tempC: number, pressurePa: number): number {
  interpolateSaturation(tempC);
  const pw = interpolated[0]!;
  const w = (WATER_AIR_MOLAR_MASS_RATIO * pw) / (pressurePa - pw);
  const dWdt =
    (WATER_AIR_MOLAR_MASS_RATIO * pressurePa * interpolated[1]!) / ((pressurePa - pw) * (pressurePa - pw));
  interpolated[2] = 1.006 + 1.86 * w + (2501 + 1.86 * tempC) * dWdt;
  interpolated[3] = w;
  interpolated[4] = dWdt;
  return 1.006 * tempC + w * (2501 + 1.86 * tempC);
}

function saturatedEnthalpy(tempC: number, pressurePa: number): number {
  return enthalpyKjPerKg(tempC, saturatedHumidityRatio(tempC, pressurePa));
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
  const saturated = wetBulbSaturatedHumidityRatio(wetBulbC, pressurePa);
  const water = wetBulbC >= 0;
  const a = water ? 2501 : 2830;
  const b = water ? 2.326 : 0.24;
  const c = water ? 4.186 : 2.1;
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
  const saturated = wetBulbSaturatedHumidityRatio(wetBulbC, pressurePa);
  const ratio =
    wetBulbC >= 0
      ? ((2501 - 2.326 * wetBulbC) * saturated - 1.006 * (dryBulbC - wetBulbC)) /
        (2501 + 1.86 * dryBulbC - 4.186 * wetBulbC)
      : ((2830 - 0.24 * wetBulbC) * saturated - 1.006 * (dryBulbC - wetBulbC)) /
        (2830 + 1.86 * dryBulbC - 2.1 * wetBulbC);
  return Math.max(ratio, 0);
}

/**
 * W_s at the wet bulb for the wet-bulb-line equations: from the Hermite p_ws table (within 1e-11 of
 * Hyland-Wexler, without its exp and log) inside -60..60 °C, else saturatedHumidityRatio.
 */
function wetBulbSaturatedHumidityRatio(wetBulbC: number, pressurePa: number): number {
  if (!(wetBulbC > MIN_SATURATED_C && wetBulbC < MAX_SATURATED_C)) {
    return saturatedHumidityRatio(wetBulbC, pressurePa);
  }
  interpolateSaturation(wetBulbC);
  const pw = interpolated[0]!;
  return (WATER_AIR_MOLAR_MASS_RATIO * pw) / (pressurePa - pw);
}
