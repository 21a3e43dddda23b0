import { enthalpyKjPerKg } from '@karst/climate';
import { AIR_SPECIFIC_HEAT_KJ_PER_KG_K } from '../constants.js';
import { airVolumeFlowM3PerS, fanPowerKw, fanSpeedPowerFactor } from '../fans.js';
import { type HallContext, hallFanSpeed, hallMaxHumidityRatio } from '../hall.js';
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

/**
 * The hourly inputs a design runs over, `hours` long each (at least): the outdoor air as
 * @karst/climate's deriveConditions gives it (the humidity ratio W, kg/kg dry air, at the dew point
 * clamped to the dry bulb) and the heat the plant removes from the hall, kW.
 */
export interface HourlyInputs {
  readonly dryBulbC: Float64Array;
  readonly dewPointC: Float64Array;
  /** Thermodynamic wet bulb, °C. */
  readonly wetBulbC: Float64Array;
  /** Station pressure, Pa. */
  readonly pressurePa: Float64Array;
  readonly humidityRatio: Float64Array;
  readonly heatLoadKw: Float64Array;
}

/**
 * One design over hours 0..hours-1 of `inputs`: writes each hour `i` of `out` through writeHour. Every
 * design has this shape; `HOURS_FUNCTIONS` (design.ts) maps each design type to its function. The loop is
 * inside each design (not in simulateCooling around a per-hour call) so the optimizing compiler sees one
 * hour's arithmetic and its helpers in one function, with no per-hour call or point object; the inputs
 * are checked before (simulateCooling's checkInputs).
 */
export type HoursFunction<D> = (
  design: D,
  hall: HallContext,
  inputs: HourlyInputs,
  out: CoolingSeries,
  hours: number,
) => void;

/**
 * Writes what the plant did in hour i: `mode` (an index into COOLING_MODES), `mechanicalFraction` (the
 * share of the heat removed by compressors, 0..1), `unmetFraction` (the share the compressors were needed
 * for but could not carry, 0..1), `coolingPowerKw` (all electric power of the plant, kW), `waterLiters`
 * (evaporation plus blowdown, L) and `humidityWithinEnvelope` (false when outdoor air let into the hall
 * lies outside the envelope's humidity band). The unmet share warms the supply air by that share of the IT
 * air temperature rise.
 *
 * Positional rather than one result object: `karst budget` runs each hourly loop once, in V8's
 * interpreter, where an object literal per hour was half the loop's time (8,760 allocations); the
 * optimizing compiler inlines either form alike.
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

/** Hall air volume flow, m³/s, that carries `heatLoadKw` at the hall's temperature rise and the hour's pressure, Pa. */
export function hallAirflowM3PerS(hall: HallContext, pressurePa: number, heatLoadKw: number): number {
  return airVolumeFlowM3PerS(heatLoadKw, hall.airTemperatureRiseK, hall.airDensityKgPerM3PerPa * pressurePa);
}

/**
 * Air volume flow, m³/s, the hall's fans are sized for, at the hour's pressure: the flow that carries the
 * hall's design heat load (hall.designHeatLoadKw), or `heatLoadKw` itself when the hall is sized to each
 * hour (designHeatLoadKw 0).
 */
export function hallDesignAirflowM3PerS(hall: HallContext, pressurePa: number, heatLoadKw: number): number {
  return hallAirflowM3PerS(hall, pressurePa, hall.designHeatLoadKw > 0 ? hall.designHeatLoadKw : heatLoadKw);
}

/**
 * Hall fans are sized for the hall's design heat load (hall.designHeatLoadKw) and move the air that
 * carries `heatLoadKw`, by the affinity laws with the design's minimum speed (partLoadFanPowerKw):
 * P = SFP x V_design x max(s, s_min)^n with s = heatLoadKw / designHeatLoadKw; a hall sized to each hour
 * (designHeatLoadKw 0) runs its fans at design speed, SFP x V. hallFanFactor is the load-only part,
 * max(s, s_min)^n (0 with no load), so an hourly loop computes it once per distinct heat load (constant
 * in a flat plan); hallFanKw multiplies it by SFP x V_design at the hour's pressure.
 */
export function hallFanFactor(
  design: { readonly fanMinSpeedFraction: number; readonly fanAffinityExponent: number },
  hall: HallContext,
  heatLoadKw: number,
): number {
  if (!(heatLoadKw > 0)) return 0;
  return fanSpeedPowerFactor(
    hallFanSpeed(hall, heatLoadKw),
    design.fanMinSpeedFraction,
    design.fanAffinityExponent,
  );
}

/** Hall fan power, kW, from hallFanFactor's factor for the same load: SFP x V_design x factor. */
export function hallFanKw(
  hall: HallContext,
  pressurePa: number,
  heatLoadKw: number,
  specificFanPowerWPerM3s: number,
  factor: number,
): number {
  if (!(heatLoadKw > 0)) return 0;
  const designM3PerS = hallDesignAirflowM3PerS(hall, pressurePa, heatLoadKw);
  return designM3PerS > 0 ? fanPowerKw(designM3PerS, specificFanPowerWPerM3s) * factor : 0;
}

/**
 * Share of the hall's heat a DX coil carries when it cools and dries outdoor air that is wetter than the
 * envelope: the coil leaves the air saturated at the envelope's dew point t_c (enthalpy h_c), mixing with
 * return air brings it to the supply temperature, so the outdoor share of the supply air is
 * (t_r - t_s) / (t_r - t_c) and the coil load over the hall's sensible heat m cp (t_r - t_s) is
 * (h_oa - h_c) / (cp (t_r - t_c)). At 1 or more the outdoor air holds more enthalpy than the return air
 * and recirculating is cheaper (the enthalpy economizer rule, ASHRAE 90.1-2019 6.5.1.1.3).
 */
export function dehumidifyingCoilShare(
  hall: HallContext,
  dryBulbC: number,
  pressurePa: number,
  outdoorHumidityRatio: number,
): number {
  const coilC = hall.maxDewPointC;
  const coilW = hallMaxHumidityRatio(hall, pressurePa);
  return (
    (enthalpyKjPerKg(dryBulbC, outdoorHumidityRatio) - enthalpyKjPerKg(coilC, coilW)) /
    (AIR_SPECIFIC_HEAT_KJ_PER_KG_K * Math.max(hall.returnAirC - coilC, hall.airTemperatureRiseK))
  );
}
