import { airVolumeFlowM3PerS } from '../fans.js';
import type { HallContext } from '../hall.js';
import type { CoolingSeries } from '../series.js';

/** One hour's outdoor air, as every design reads it. */
export interface OutdoorPoint {
  readonly dryBulbC: number;
  readonly dewPointC: number;
  /** Thermodynamic wet bulb, °C. */
  readonly wetBulbC: number;
  /** Station pressure, Pa. */
  readonly pressurePa: number;
}

/** What the plant did in one hour, as a design reports it to writeHour. */
export interface HourResult {
  /** Index into COOLING_MODES. */
  readonly mode: number;
  /** Share of the heat removed by compressors, 0..1. */
  readonly mechanicalFraction: number;
  /** Share the compressors were needed for but could not carry (capacity below need), 0..1. */
  readonly unmetFraction: number;
  /** All electric power of the plant, kW. */
  readonly coolingPowerKw: number;
  /** Evaporation plus blowdown, liters. */
  readonly waterLiters: number;
  /** False when outdoor air let into the hall lies outside the envelope's humidity band. */
  readonly humidityWithinEnvelope: boolean;
}

/**
 * One design's hour: from the outdoor point and the heat the plant removes from the hall, kW, writes hour
 * `i` of `out` through writeHour. Every design has this shape; `HOUR_FUNCTIONS` (design.ts) maps each
 * design type to its function.
 */
export type HourFunction<D> = (
  design: D,
  hall: HallContext,
  outdoor: OutdoorPoint,
  heatLoadKw: number,
  out: CoolingSeries,
  i: number,
) => void;

/**
 * Writes hour i. The share of heat the compressors were needed for but could not carry (`unmetFraction`)
 * warms the supply air by that share of the IT air temperature rise.
 */
export function writeHour(out: CoolingSeries, i: number, hall: HallContext, result: HourResult): void {
  const supplyAirC = hall.supplyAirC + result.unmetFraction * hall.airTemperatureRiseK;
  out.mode[i] = result.mode;
  out.mechanicalFraction[i] = result.mechanicalFraction;
  out.coolingPowerKw[i] = result.coolingPowerKw;
  out.waterLiters[i] = result.waterLiters;
  out.supplyAirC[i] = supplyAirC;
  out.withinEnvelope[i] =
    result.humidityWithinEnvelope &&
    supplyAirC <= hall.maxSupplyAirC + 1e-9 &&
    supplyAirC >= hall.minSupplyAirC
      ? 1
      : 0;
}

/** Hall air volume flow, m³/s, that carries `heatLoadKw` at the hall's temperature rise and the hour's pressure. */
export function hallAirflowM3PerS(hall: HallContext, outdoor: OutdoorPoint, heatLoadKw: number): number {
  return airVolumeFlowM3PerS(
    heatLoadKw,
    hall.airTemperatureRiseK,
    hall.airDensityKgPerM3PerPa * outdoor.pressurePa,
  );
}
