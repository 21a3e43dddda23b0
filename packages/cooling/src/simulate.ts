import { humidityRatioFromDewPoint, type OutdoorConditions, ValidationError } from '@karst/climate';
import { type CoolingDesign, hoursFunctionOf } from './design.js';
import type { HourlyInputs, OutdoorPoint } from './designs/hour.js';
import { elevationFromPressureM, hallContext } from './hall.js';
import { type CoolingMode, coolingModeName } from './modes.js';
import { type CoolingSeries, createCoolingSeries } from './series.js';

export interface SimulateCoolingOptions {
  /** Site elevation, m, for the envelope's altitude derating; defaults to the elevation of the mean pressure. */
  readonly elevationM?: number;
  /**
   * Heat load, kW, the plant's fans and pumps are sized for; by default each hour's own load (fans at
   * design speed in every hour). The energy package passes the hall's design heat load.
   */
  readonly designHeatLoadKw?: number;
  /** Buffers to write into (at least as long as the weather), so a sweep allocates nothing per run. */
  readonly into?: CoolingSeries;
}

/**
 * Runs the cooling plant hour by hour over the weather. `heatLoadKw` is the heat the plant removes from
 * the hall (IT plus in-hall losses), per hour or constant. `design` must be parsed (coolingDesignSchema).
 * `conditions` are as @karst/climate's deriveConditions returns them: each hour reads its humidity
 * ratio from `humidityRatioKgPerKg`, which must agree with `dewPointC` and `pressurePa`.
 *
 * @throws ValidationError (subject `cooling input`) naming the hour or argument that is not finite or
 * physical, or the series that is too short.
 */
export function simulateCooling(
  design: CoolingDesign,
  conditions: OutdoorConditions,
  heatLoadKw: Float64Array | number,
  options: SimulateCoolingOptions = {},
): CoolingSeries {
  const hours = conditions.hours;
  const { dryBulbC, dewPointC, wetBulbC, pressurePa, humidityRatioKgPerKg } = conditions;
  if (
    dewPointC.length < hours ||
    wetBulbC.length < hours ||
    pressurePa.length < hours ||
    humidityRatioKgPerKg.length < hours
  ) {
    throw invalidInput(
      'conditions',
      `dewPointC, wetBulbC, pressurePa and humidityRatioKgPerKg must have ${hours} hours like dryBulbC`,
    );
  }
  const loads = typeof heatLoadKw === 'number' ? undefined : heatLoadKw;
  if (loads !== undefined && loads.length !== hours) {
    throw invalidInput('heatLoadKw', `must have ${hours} hours like the weather, got ${loads.length}`);
  }
  const constantLoadKw = typeof heatLoadKw === 'number' ? heatLoadKw : 0;
  if (loads === undefined) requireLoad(constantLoadKw, 'heatLoadKw');

  const out = options.into ?? createCoolingSeries(hours);
  if (out.mode.length < hours || out.coolingPowerKw.length < hours || out.withinEnvelope.length < hours) {
    throw invalidInput('into', `buffers must hold ${hours} hours`);
  }
  const hall = hallContext(
    design,
    options.elevationM ?? elevationFromPressureM(meanOf(pressurePa, hours)),
    options.designHeatLoadKw,
  );

  const inputs: HourlyInputs = {
    dryBulbC,
    dewPointC,
    wetBulbC,
    pressurePa,
    humidityRatio: humidityRatioKgPerKg,
    heatLoadKw: loads ?? new Float64Array(hours).fill(constantLoadKw),
  };
  checkInputs(inputs, hours);
  hoursFunctionOf(design)(design, hall, inputs, out, hours);
  return out;
}

/** One hour's result, as coolingAtConditions returns it. */
export interface CoolingHour {
  readonly mode: CoolingMode;
  readonly mechanicalFraction: number;
  readonly coolingPowerKw: number;
  readonly waterLiters: number;
  readonly supplyAirC: number;
  readonly withinEnvelope: boolean;
}

/**
 * The cooling plant in one hour, for design-day checks and hand calculations. The elevation for the
 * envelope derating defaults to the one whose standard pressure is `hour.pressurePa`.
 */
export function coolingAtConditions(
  design: CoolingDesign,
  hour: OutdoorPoint,
  heatLoadKw: number,
  options: { readonly elevationM?: number; readonly designHeatLoadKw?: number } = {},
): CoolingHour {
  requireLoad(heatLoadKw, 'heatLoadKw');
  const inputs = oneHourInputs;
  inputs.dryBulbC[0] = hour.dryBulbC;
  inputs.dewPointC[0] = hour.dewPointC;
  inputs.wetBulbC[0] = hour.wetBulbC;
  inputs.pressurePa[0] = hour.pressurePa;
  inputs.heatLoadKw[0] = heatLoadKw;
  checkInputs(inputs, 1, -1);
  inputs.humidityRatio[0] = humidityRatioFromDewPoint(
    Math.min(hour.dewPointC, hour.dryBulbC),
    hour.pressurePa,
  );
  const hall = hallContext(
    design,
    options.elevationM ?? elevationFromPressureM(hour.pressurePa),
    options.designHeatLoadKw,
  );
  const out = oneHour;
  hoursFunctionOf(design)(design, hall, inputs, out, 1);
  return {
    mode: coolingModeName(out.mode[0]!),
    mechanicalFraction: out.mechanicalFraction[0]!,
    coolingPowerKw: out.coolingPowerKw[0]!,
    waterLiters: out.waterLiters[0]!,
    supplyAirC: out.supplyAirC[0]!,
    withinEnvelope: out.withinEnvelope[0] === 1,
  };
}

// The one-hour series coolingAtConditions writes into and reads back before returning (design-day checks
// and the headroom search call it a hundred times per budget; six typed arrays per call were most of it).
const oneHour = createCoolingSeries(1);

// The one-hour inputs coolingAtConditions fills (the series it writes is oneHour above).
const oneHourInputs: HourlyInputs = {
  dryBulbC: new Float64Array(1),
  dewPointC: new Float64Array(1),
  wetBulbC: new Float64Array(1),
  pressurePa: new Float64Array(1),
  humidityRatio: new Float64Array(1),
  heatLoadKw: new Float64Array(1),
};

function requireLoad(heatLoadKw: number, name: string): void {
  if (!(heatLoadKw >= 0 && heatLoadKw < Number.POSITIVE_INFINITY)) {
    throw invalidInput(name, `must be a finite number >= 0, got ${heatLoadKw}`);
  }
}

/**
 * Guards the hourly loops against NaN, infinite or negative inputs, before any runs, with a message
 * naming the first bad hour (`hour` alone when `hourIndex` is -1, for a single point).
 */
function checkInputs(inputs: HourlyInputs, hours: number, hourIndex?: number): void {
  const { dryBulbC, dewPointC, wetBulbC, pressurePa, heatLoadKw } = inputs;
  for (let i = 0; i < hours; i++) {
    const loadKw = heatLoadKw[i]!;
    const sum = dryBulbC[i]! + dewPointC[i]! + wetBulbC[i]! + loadKw;
    const p = pressurePa[i]!;
    if (sum - sum === 0 && loadKw >= 0 && p > 0 && p < Number.POSITIVE_INFINITY) continue;
    const where = hourIndex === -1 ? 'hour' : `hour ${i}`;
    throw invalidInput(
      where,
      `dryBulbC ${dryBulbC[i]}, dewPointC ${dewPointC[i]}, wetBulbC ${wetBulbC[i]} and pressurePa ${p} ` +
        `must be finite (pressure > 0) and heatLoadKw ${loadKw} finite and >= 0`,
    );
  }
}

/** The ValidationError for one bad input of the cooling model. */
function invalidInput(path: string, message: string): ValidationError {
  return new ValidationError('cooling input', [{ path, message }]);
}

function meanOf(values: Float64Array, hours: number): number {
  let sum = 0;
  for (let i = 0; i < hours; i++) sum += values[i]!;
  return hours > 0 ? sum / hours : 101_325;
}
