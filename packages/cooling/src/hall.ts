import { moistAirDensityKgPerM3, SEA_LEVEL_PRESSURE_PA, saturationPressurePa } from '@karst/climate';
import { WATER_AIR_MOLAR_MASS_RATIO } from './constants.js';
import { ENVELOPES, type EnvelopeId, maxDryBulbAtAltitudeC, supplyDewPointLimitsC } from './envelopes.js';

/** What every hour of one simulation shares, computed once per call. */
export interface HallContext {
  readonly supplyAirC: number;
  readonly returnAirC: number;
  readonly airTemperatureRiseK: number;
  /** Envelope maximum derated for the site elevation, °C. */
  readonly maxSupplyAirC: number;
  readonly minSupplyAirC: number;
  /** Dew point band of outdoor air that may enter the hall directly (free air), °C. */
  readonly minDewPointC: number;
  readonly maxDewPointC: number;
  /** Saturation vapour pressure at maxDewPointC, Pa (ASHRAE HoF 2017 ch. 1 eq. 5/6), for hallMaxHumidityRatio. */
  readonly maxDewPointVaporPressurePa: number;
  /** Dry-air density at the supply temperature per pascal of pressure: ρ = p x this (ideal gas). */
  readonly airDensityKgPerM3PerPa: number;
  /**
   * Heat load, kW, the hall's fans and pumps are sized for (their design flow carries it); 0 sizes them
   * to each hour's load, so they always run at full speed (the model before part-load fans).
   */
  readonly designHeatLoadKw: number;
}

export interface HallDesign {
  readonly supplyAirSetpointC: number;
  readonly airTemperatureRiseK: number;
  readonly envelope: EnvelopeId;
}

export function hallContext(design: HallDesign, elevationM: number, designHeatLoadKw = 0): HallContext {
  if (!(designHeatLoadKw >= 0 && designHeatLoadKw < Number.POSITIVE_INFINITY)) {
    throw new RangeError(`designHeatLoadKw must be a finite number >= 0, got ${designHeatLoadKw}`);
  }
  const envelope = ENVELOPES[design.envelope];
  const supplyAirC = design.supplyAirSetpointC;
  const dewPoints = supplyDewPointLimitsC(envelope, supplyAirC);
  return {
    supplyAirC,
    returnAirC: supplyAirC + design.airTemperatureRiseK,
    airTemperatureRiseK: design.airTemperatureRiseK,
    maxSupplyAirC: maxDryBulbAtAltitudeC(envelope, elevationM),
    minSupplyAirC: envelope.minDryBulbC,
    minDewPointC: dewPoints.minDewPointC,
    maxDewPointC: dewPoints.maxDewPointC,
    maxDewPointVaporPressurePa: saturationPressurePa(dewPoints.maxDewPointC),
    airDensityKgPerM3PerPa:
      moistAirDensityKgPerM3(supplyAirC, 0, SEA_LEVEL_PRESSURE_PA) / SEA_LEVEL_PRESSURE_PA,
    designHeatLoadKw,
  };
}

/**
 * Elevation, m, whose standard pressure is `pressurePa`: ASHRAE HoF 2017 ch. 1 eq. 3,
 * p = 101,325 (1 - 2.25577e-5 Z)^5.2559, solved for Z. Used when the caller gives no elevation.
 */
export function elevationFromPressureM(pressurePa: number): number {
  if (!(pressurePa > 0 && Number.isFinite(pressurePa))) {
    throw new RangeError(`pressurePa must be a finite number > 0, got ${pressurePa}`);
  }
  return (1 - (pressurePa / SEA_LEVEL_PRESSURE_PA) ** (1 / 5.2559)) / 2.25577e-5;
}

/**
 * Fan speed, as a fraction of design, that moves the air carrying `heatLoadKw` in a hall sized for
 * `hall.designHeatLoadKw` (1 when the hall is sized to each hour). Above the design load the fans run
 * faster than design (the plan outgrew its fans), which the affinity law then charges for.
 */
export function hallFanSpeed(hall: HallContext, heatLoadKw: number): number {
  return hall.designHeatLoadKw > 0 ? heatLoadKw / hall.designHeatLoadKw : 1;
}

/**
 * Humidity ratio, kg/kg dry air, at the envelope's maximum dew point and the hour's pressure:
 * W = 0.621945 p_w / (p - p_w) (ASHRAE HoF 2017 ch. 1 eq. 20), the same as @karst/climate's
 * humidityRatioFromDewPoint(hall.maxDewPointC, pressurePa) with p_w computed once per simulation.
 */
export function hallMaxHumidityRatio(hall: HallContext, pressurePa: number): number {
  const vaporPa = hall.maxDewPointVaporPressurePa;
  return (WATER_AIR_MOLAR_MASS_RATIO * vaporPa) / (pressurePa - vaporPa);
}
