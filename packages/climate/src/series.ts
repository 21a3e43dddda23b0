/**
 * Hourly outdoor weather for one year, as parsed from a weather file or synthesized from a profile.
 * Index i is the i-th hour of the year; `hourOfDay` 0 is the hour ending 01:00 local standard time
 * (EPW hour 1).
 */
export interface HourlyWeather {
  readonly hours: number;
  readonly month: Uint8Array;
  readonly day: Uint8Array;
  readonly hourOfDay: Uint8Array;
  readonly dryBulbC: Float64Array;
  readonly dewPointC: Float64Array;
  readonly relativeHumidityPct: Float64Array;
  readonly pressurePa: Float64Array;
  readonly windSpeedMps: Float64Array;
}

/** Hourly weather with the psychrometric properties that cooling models need, computed once. */
export interface OutdoorConditions extends HourlyWeather {
  readonly wetBulbC: Float64Array;
  readonly humidityRatioKgPerKg: Float64Array;
  readonly enthalpyKjPerKg: Float64Array;
  readonly airDensityKgPerM3: Float64Array;
}
