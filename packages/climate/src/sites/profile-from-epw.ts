import { deriveConditions } from '../conditions.js';
import type { EpwWeather } from '../epw/schema.js';
import type { OutdoorConditions } from '../series.js';
import { percentile, roundTo } from '../statistics.js';
import { parseWith } from '../validation.js';
import { monthlyClimateFromWeather } from './climate-from-weather.js';
import {
  type DesignConditions,
  type SiteProfile,
  type SiteProfileInput,
  siteProfileSchema,
} from './profile-schema.js';

/** What a weather file cannot say about a site: its id, and its power facts. */
export interface ProfileFromEpwOptions {
  id: string;
  name?: string;
  power: SiteProfileInput['power'];
  awsRegion?: SiteProfileInput['awsRegion'];
  /** Names the file in the profile's sources, e.g. its file name. */
  sourceName?: string;
}

/**
 * A site profile derived from a parsed EPW file: location from its header, the monthly climate
 * statistics the synthesis needs from its hours, and ASHRAE design conditions from its DESIGN
 * CONDITIONS header, or computed from its hours when the header has none or it was unreadable. The
 * file's warnings are kept in `climate.weatherWarnings`, so budgets at the site carry them.
 */
export function profileFromEpw(epw: EpwWeather, options: ProfileFromEpwOptions): SiteProfile {
  const { location } = epw;
  const sourceName = options.sourceName ?? `${location.name} (${location.source})`;
  return parseWith(
    siteProfileSchema,
    {
      id: options.id,
      name: options.name ?? location.name,
      region: location.region,
      country: location.country,
      location: {
        latitudeDeg: location.latitudeDeg,
        longitudeDeg: location.longitudeDeg,
        elevationM: location.elevationM,
        timeZoneHours: location.timeZoneHours,
        wmoId: location.wmoId,
      },
      climate: {
        source: `monthly statistics of the hourly records in ${sourceName}`,
        months: monthlyClimateFromWeather(epw.hourly),
        ...(epw.warnings.length > 0 ? { weatherWarnings: [...epw.warnings] } : {}),
      },
      designConditions: designConditionsOf(epw, sourceName),
      power: options.power,
      awsRegion: options.awsRegion ?? null,
    },
    'site profile',
  );
}

function designConditionsOf(epw: EpwWeather, sourceName: string): DesignConditions {
  const header = epw.designConditions;
  if (header?.cooling && header.heating && header.extremes) {
    return {
      source: `${header.source}, from the DESIGN CONDITIONS header of ${sourceName}`,
      cooling04DryBulbC: header.cooling.dryBulb0_4.dryBulbC,
      cooling04CoincidentWetBulbC: header.cooling.dryBulb0_4.meanCoincidentWetBulbC,
      evaporation04WetBulbC: header.cooling.evaporation0_4.wetBulbC,
      evaporation04CoincidentDryBulbC: header.cooling.evaporation0_4.meanCoincidentDryBulbC,
      extremeAnnualMaxDryBulbC: header.extremes.meanAnnualMaxDryBulbC,
      heating996DryBulbC: header.heating.dryBulb99_6C,
    };
  }
  return designConditionsFromHours(deriveConditions(epw.hourly), sourceName);
}

/**
 * ASHRAE's annual design values measured on one typical year instead of the long record the Handbook
 * uses: the 0.4% values are the 99.6th percentiles, coincident values the mean over hours within 0.5 C.
 */
export function designConditionsFromHours(
  conditions: OutdoorConditions,
  sourceName: string,
): DesignConditions {
  const dryBulb04C = percentile(conditions.dryBulbC, 0.996);
  const wetBulb04C = percentile(conditions.wetBulbC, 0.996);
  return {
    source: `computed from the hourly records of ${sourceName} (one typical year, not the long-term record)`,
    cooling04DryBulbC: roundTo(dryBulb04C, 1),
    cooling04CoincidentWetBulbC: roundTo(
      coincidentMean(conditions.dryBulbC, dryBulb04C, conditions.wetBulbC),
      1,
    ),
    evaporation04WetBulbC: roundTo(wetBulb04C, 1),
    evaporation04CoincidentDryBulbC: roundTo(
      coincidentMean(conditions.wetBulbC, wetBulb04C, conditions.dryBulbC),
      1,
    ),
    extremeAnnualMaxDryBulbC: Math.max(...conditions.dryBulbC),
    heating996DryBulbC: roundTo(percentile(conditions.dryBulbC, 0.004), 1),
  };
}

function coincidentMean(keys: Float64Array, target: number, values: Float64Array): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < keys.length; i++) {
    if (Math.abs(keys[i]! - target) <= 0.5) {
      sum += values[i]!;
      count++;
    }
  }
  if (count > 0) return sum / count;
  // No hour within 0.5 C: take the hour nearest the target.
  let nearest = 0;
  for (let i = 1; i < keys.length; i++) {
    if (Math.abs(keys[i]! - target) < Math.abs(keys[nearest]! - target)) nearest = i;
  }
  return values[nearest]!;
}
