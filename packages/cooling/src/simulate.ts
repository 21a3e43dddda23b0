import type { OutdoorConditions } from '@karst/climate';
import type { CoolingDesign } from './design.js';
import { chilledWaterWseHour } from './designs/chilled-water-wse.js';
import { freeAirHour } from './designs/free-air.js';
import { indirectEvaporativeHour } from './designs/indirect-evaporative.js';
import { mechanicalHour } from './designs/mechanical.js';
import { elevationFromPressureM, type HallContext, hallContext } from './hall.js';
import { type CoolingMode, coolingModeName } from './modes.js';
import { type CoolingSeries, createCoolingSeries } from './series.js';

export interface SimulateCoolingOptions {
  /** Site elevation, m, for the envelope's altitude derating; defaults to the elevation of the mean pressure. */
  readonly elevationM?: number;
  /** Buffers to write into (at least as long as the weather), so a sweep allocates nothing per run. */
  readonly into?: CoolingSeries;
}

/**
 * Runs the cooling plant hour by hour over the weather. `heatLoadKw` is the heat the plant removes from
 * the hall (IT plus in-hall losses), per hour or constant. `design` must be parsed (coolingDesignSchema).
 */
export function simulateCooling(
  design: CoolingDesign,
  conditions: OutdoorConditions,
  heatLoadKw: Float64Array | number,
  options: SimulateCoolingOptions = {},
): CoolingSeries {
  const hours = conditions.hours;
  const { dryBulbC, dewPointC, wetBulbC, pressurePa } = conditions;
  if (dewPointC.length < hours || wetBulbC.length < hours || pressurePa.length < hours) {
    throw new RangeError(
      `conditions: dewPointC, wetBulbC and pressurePa must have ${hours} hours like dryBulbC`,
    );
  }
  const loads = typeof heatLoadKw === 'number' ? undefined : heatLoadKw;
  if (loads !== undefined && loads.length !== hours) {
    throw new RangeError(`heatLoadKw: must have ${hours} hours like the weather, got ${loads.length}`);
  }
  const constantLoadKw = typeof heatLoadKw === 'number' ? heatLoadKw : 0;
  if (loads === undefined) requireLoad(constantLoadKw, 'heatLoadKw');

  const out = options.into ?? createCoolingSeries(hours);
  if (out.mode.length < hours || out.coolingPowerKw.length < hours || out.withinEnvelope.length < hours) {
    throw new RangeError(`into: buffers must hold ${hours} hours`);
  }
  const hall = hallContext(design, options.elevationM ?? elevationFromPressureM(meanOf(pressurePa, hours)));

  // One loop per design so each is monomorphic and the hour function inlines.
  switch (design.type) {
    case 'free-air':
      for (let i = 0; i < hours; i++) {
        const q = loads === undefined ? constantLoadKw : loads[i]!;
        checkHour(dryBulbC[i]!, dewPointC[i]!, wetBulbC[i]!, pressurePa[i]!, q, i);
        freeAirHour(design, hall, dryBulbC[i]!, dewPointC[i]!, wetBulbC[i]!, pressurePa[i]!, q, out, i);
      }
      break;
    case 'indirect-evaporative':
      for (let i = 0; i < hours; i++) {
        const q = loads === undefined ? constantLoadKw : loads[i]!;
        checkHour(dryBulbC[i]!, dewPointC[i]!, wetBulbC[i]!, pressurePa[i]!, q, i);
        indirectEvaporativeHour(
          design,
          hall,
          dryBulbC[i]!,
          dewPointC[i]!,
          wetBulbC[i]!,
          pressurePa[i]!,
          q,
          out,
          i,
        );
      }
      break;
    case 'chilled-water-wse':
      for (let i = 0; i < hours; i++) {
        const q = loads === undefined ? constantLoadKw : loads[i]!;
        checkHour(dryBulbC[i]!, dewPointC[i]!, wetBulbC[i]!, pressurePa[i]!, q, i);
        chilledWaterWseHour(
          design,
          hall,
          dryBulbC[i]!,
          dewPointC[i]!,
          wetBulbC[i]!,
          pressurePa[i]!,
          q,
          out,
          i,
        );
      }
      break;
    case 'mechanical':
      for (let i = 0; i < hours; i++) {
        const q = loads === undefined ? constantLoadKw : loads[i]!;
        checkHour(dryBulbC[i]!, dewPointC[i]!, wetBulbC[i]!, pressurePa[i]!, q, i);
        mechanicalHour(design, hall, dryBulbC[i]!, dewPointC[i]!, wetBulbC[i]!, pressurePa[i]!, q, out, i);
      }
      break;
  }
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
  hour: {
    readonly dryBulbC: number;
    readonly dewPointC: number;
    readonly wetBulbC: number;
    readonly pressurePa: number;
  },
  heatLoadKw: number,
  options: { readonly elevationM?: number } = {},
): CoolingHour {
  requireLoad(heatLoadKw, 'heatLoadKw');
  checkHour(hour.dryBulbC, hour.dewPointC, hour.wetBulbC, hour.pressurePa, heatLoadKw, -1);
  const hall = hallContext(design, options.elevationM ?? elevationFromPressureM(hour.pressurePa));
  const out = createCoolingSeries(1);
  runHour(design, hall, hour.dryBulbC, hour.dewPointC, hour.wetBulbC, hour.pressurePa, heatLoadKw, out);
  return {
    mode: coolingModeName(out.mode[0]!),
    mechanicalFraction: out.mechanicalFraction[0]!,
    coolingPowerKw: out.coolingPowerKw[0]!,
    waterLiters: out.waterLiters[0]!,
    supplyAirC: out.supplyAirC[0]!,
    withinEnvelope: out.withinEnvelope[0] === 1,
  };
}

function runHour(
  design: CoolingDesign,
  hall: HallContext,
  dryBulbC: number,
  dewPointC: number,
  wetBulbC: number,
  pressurePa: number,
  heatLoadKw: number,
  out: CoolingSeries,
): void {
  switch (design.type) {
    case 'free-air':
      freeAirHour(design, hall, dryBulbC, dewPointC, wetBulbC, pressurePa, heatLoadKw, out, 0);
      break;
    case 'indirect-evaporative':
      indirectEvaporativeHour(design, hall, dryBulbC, dewPointC, wetBulbC, pressurePa, heatLoadKw, out, 0);
      break;
    case 'chilled-water-wse':
      chilledWaterWseHour(design, hall, dryBulbC, dewPointC, wetBulbC, pressurePa, heatLoadKw, out, 0);
      break;
    case 'mechanical':
      mechanicalHour(design, hall, dryBulbC, dewPointC, wetBulbC, pressurePa, heatLoadKw, out, 0);
      break;
  }
}

function requireLoad(heatLoadKw: number, name: string): void {
  if (!(heatLoadKw >= 0 && heatLoadKw < Number.POSITIVE_INFINITY)) {
    throw new RangeError(`${name}: must be a finite number >= 0, got ${heatLoadKw}`);
  }
}

/** Guards the hot loop against NaN, infinite or negative inputs with a message naming the hour. */
function checkHour(
  dryBulbC: number,
  dewPointC: number,
  wetBulbC: number,
  pressurePa: number,
  heatLoadKw: number,
  i: number,
): void {
  const sum = dryBulbC + dewPointC + wetBulbC + heatLoadKw;
  if (sum - sum === 0 && heatLoadKw >= 0 && pressurePa > 0 && pressurePa < Number.POSITIVE_INFINITY) return;
  const where = i < 0 ? 'hour' : `hour ${i}`;
  throw new RangeError(
    `${where}: dryBulbC ${dryBulbC}, dewPointC ${dewPointC}, wetBulbC ${wetBulbC} and pressurePa ${pressurePa} ` +
      `must be finite (pressure > 0) and heatLoadKw ${heatLoadKw} finite and >= 0`,
  );
}

function meanOf(values: Float64Array, hours: number): number {
  let sum = 0;
  for (let i = 0; i < hours; i++) sum += values[i]!;
  return hours > 0 ? sum / hours : 101_325;
}
