import type { HallContext } from '../hall.js';
import type { CoolingSeries } from '../series.js';

/** One hour's outdoor state as the designs read it. */
export type HourFunction<D> = (
  design: D,
  hall: HallContext,
  dryBulbC: number,
  dewPointC: number,
  wetBulbC: number,
  pressurePa: number,
  heatLoadKw: number,
  out: CoolingSeries,
  i: number,
) => void;

/**
 * Writes hour i. The share of heat the compressors were needed for but could not carry (`unmetFraction`)
 * warms the supply air by that share of the IT air temperature rise.
 */
export function writeHour(
  out: CoolingSeries,
  i: number,
  hall: HallContext,
  mode: number,
  mechanicalFraction: number,
  unmetFraction: number,
  coolingPowerKw: number,
  waterLiters: number,
  humidityWithinEnvelope: boolean,
): void {
  const supplyAirC = hall.supplyAirC + unmetFraction * hall.airTemperatureRiseK;
  out.mode[i] = mode;
  out.mechanicalFraction[i] = mechanicalFraction;
  out.coolingPowerKw[i] = coolingPowerKw;
  out.waterLiters[i] = waterLiters;
  out.supplyAirC[i] = supplyAirC;
  out.withinEnvelope[i] =
    humidityWithinEnvelope && supplyAirC <= hall.maxSupplyAirC + 1e-9 && supplyAirC >= hall.minSupplyAirC
      ? 1
      : 0;
}
