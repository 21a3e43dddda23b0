import {
  enthalpyKjPerKg,
  humidityRatioFromDewPoint,
  moistAirDensityKgPerM3,
  wetBulbC,
} from './psychrometrics.js';
import type { HourlyWeather, OutdoorConditions } from './series.js';
import { ValidationError } from './validation.js';

/**
 * Adds the psychrometric properties cooling models need to every hour: thermodynamic wet bulb
 * (ASHRAE HoF 2017 ch. 1 eq. 33/35), humidity ratio (eq. 20), enthalpy (eq. 30) and moist-air density
 * (eq. 26). Humidity comes from the dew point and station pressure; a dew point above the dry bulb is
 * clamped to it (saturated air) so the four properties describe one consistent state.
 *
 * @throws ValidationError (subject `weather`) naming the hour and the argument when an hour holds a
 * non-physical value, or the series shorter than `hours`.
 */
export function deriveConditions(weather: HourlyWeather): OutdoorConditions {
  const { hours, dryBulbC, dewPointC, pressurePa } = weather;
  if (!(Number.isInteger(hours) && hours >= 0)) {
    throw new ValidationError('weather', [
      { path: 'hours', message: `must be a non-negative integer, got ${hours}` },
    ]);
  }
  for (const [name, series] of [
    ['dryBulbC', dryBulbC],
    ['dewPointC', dewPointC],
    ['pressurePa', pressurePa],
  ] as const) {
    if (series.length < hours) {
      throw new ValidationError('weather', [
        { path: name, message: `has ${series.length} values, fewer than weather.hours (${hours})` },
      ]);
    }
  }

  const clampedDewPointC = new Float64Array(hours);
  const wetBulbSeriesC = new Float64Array(hours);
  const humidityRatioKgPerKg = new Float64Array(hours);
  const enthalpySeriesKjPerKg = new Float64Array(hours);
  const airDensityKgPerM3 = new Float64Array(hours);

  let hour = 0;
  try {
    for (; hour < hours; hour++) {
      const tempC = dryBulbC[hour]!;
      // Dew points a hair above the dry bulb come from independent rounding of the two sensors.
      const dewC = Math.min(dewPointC[hour]!, tempC);
      clampedDewPointC[hour] = dewC;
      const stationPa = pressurePa[hour]!;
      const humidityRatio = humidityRatioFromDewPoint(dewC, stationPa);
      wetBulbSeriesC[hour] = wetBulbC(tempC, dewC, stationPa);
      humidityRatioKgPerKg[hour] = humidityRatio;
      enthalpySeriesKjPerKg[hour] = enthalpyKjPerKg(tempC, humidityRatio);
      airDensityKgPerM3[hour] = moistAirDensityKgPerM3(tempC, humidityRatio, stationPa);
    }
  } catch (error) {
    if (error instanceof RangeError) {
      throw new ValidationError('weather', [{ path: `hour ${hour}`, message: error.message }], {
        cause: error,
      });
    }
    throw error;
  }

  return {
    ...weather,
    // Every consumer sees the same consistent state the other properties were computed from.
    dewPointC: clampedDewPointC,
    wetBulbC: wetBulbSeriesC,
    humidityRatioKgPerKg,
    enthalpyKjPerKg: enthalpySeriesKjPerKg,
    airDensityKgPerM3,
  };
}
