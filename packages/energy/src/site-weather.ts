import {
  deriveConditions,
  getBuiltInSite,
  type HourlyWeather,
  type OutdoorConditions,
  type SiteProfile,
  synthesizeYear,
} from '@karst/climate';
import type { Plan } from './plan-schema.js';

// Weather depends only on the site (or the series given), never on the rest of a plan, so a sweep of
// plans at one site synthesizes and derives it once.
const conditionsBySite = new WeakMap<SiteProfile, OutdoorConditions>();
const conditionsByWeather = new WeakMap<HourlyWeather, OutdoorConditions>();

export function siteOf(plan: Plan): SiteProfile {
  return typeof plan.site === 'string' ? getBuiltInSite(plan.site) : plan.site;
}

export type WeatherSource = 'synthesized-from-profile' | 'given-series';

/** The hourly outdoor conditions of a plan: the series given, or the site profile's typical year. */
export function conditionsFor(
  site: SiteProfile,
  weather: HourlyWeather | undefined,
): { conditions: OutdoorConditions; source: WeatherSource } {
  if (weather) {
    let conditions = conditionsByWeather.get(weather);
    if (!conditions) {
      conditions =
        'wetBulbC' in weather && 'humidityRatioKgPerKg' in weather
          ? (weather as OutdoorConditions)
          : deriveConditions(weather);
      conditionsByWeather.set(weather, conditions);
    }
    return { conditions, source: 'given-series' };
  }
  let conditions = conditionsBySite.get(site);
  if (!conditions) {
    conditions = deriveConditions(synthesizeYear(site));
    conditionsBySite.set(site, conditions);
  }
  return { conditions, source: 'synthesized-from-profile' };
}
