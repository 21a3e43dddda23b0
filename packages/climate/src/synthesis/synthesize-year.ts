import { DAYS_PER_MONTH, HOURS_PER_TYPICAL_YEAR } from '../calendar.js';
import { relativeHumidityPct } from '../psychrometrics.js';
import type { HourlyWeather } from '../series.js';
import { type DegreeDistribution, valueAtProbability } from '../sites/distribution.js';
import { type SiteProfile, type SiteProfileInput, siteProfileSchema } from '../sites/profile-schema.js';
import { parseWith } from '../validation.js';
import { standardNormalQuantile } from './normal-quantile.js';
import { createRandom, createStandardNormal, hashString } from './random.js';

// Persistence of weather from one day to the next, and of humidity from one hour to the next:
// typical lag-1 autocorrelations of daily mean temperature and hourly dew point in mid-latitude records.
const DAILY_PERSISTENCE = 0.7;
const HOURLY_HUMIDITY_PERSISTENCE = 0.97;

/**
 * A deterministic typical year of 8,760 hourly conditions from a site profile.
 *
 * Each month's hours are ordered by a synthetic weather signal (a day-to-day AR(1) anomaly plus the
 * profile's diurnal cycle), and that order is mapped onto the month's dry-bulb quantiles, so the
 * month's distribution of hours is the profile's by construction. Dew point follows through a Gaussian
 * copula with the month's rank correlation to dry bulb. Same profile, same series.
 */
export function synthesizeYear(profileInput: SiteProfile | SiteProfileInput): HourlyWeather {
  const profile = parseWith(siteProfileSchema, profileInput, 'site profile');
  const hours = HOURS_PER_TYPICAL_YEAR;
  const weather = {
    hours,
    month: new Uint8Array(hours),
    day: new Uint8Array(hours),
    hourOfDay: new Uint8Array(hours),
    dryBulbC: new Float64Array(hours),
    dewPointC: new Float64Array(hours),
    relativeHumidityPct: new Float64Array(hours),
    pressurePa: new Float64Array(hours),
    windSpeedMps: new Float64Array(hours),
  };
  const normal = createStandardNormal(createRandom(hashString(`karst:${profile.id}`)));
  let offset = 0;
  profile.climate.months.forEach((climate, monthIndex) => {
    const days = DAYS_PER_MONTH[monthIndex]!;
    synthesizeMonth(weather, offset, monthIndex, days, climate, normal);
    offset += days * 24;
  });
  return weather;
}

type MutableWeather = { [K in keyof HourlyWeather]: HourlyWeather[K] };

function synthesizeMonth(
  weather: MutableWeather,
  offset: number,
  monthIndex: number,
  days: number,
  climate: SiteProfile['climate']['months'][number],
  normal: () => number,
): void {
  const count = days * 24;
  const dryBulbSignal = new Float64Array(count);
  let dayAnomaly = normal();
  for (let d = 0; d < days; d++) {
    if (d > 0) dayAnomaly = DAILY_PERSISTENCE * dayAnomaly + Math.sqrt(1 - DAILY_PERSISTENCE ** 2) * normal();
    for (let h = 0; h < 24; h++) {
      const i = d * 24 + h;
      dryBulbSignal[i] = climate.dailyMeanDryBulbSdC * dayAnomaly + climate.diurnalDryBulbAnomalyC[h]!;
      weather.month[offset + i] = monthIndex + 1;
      weather.day[offset + i] = d + 1;
      weather.hourOfDay[offset + i] = h;
    }
  }

  const dryBulbRank = rankOf(dryBulbSignal);
  const dryBulbByRankC = valuesByRank(climate.dryBulbDistribution, count, climate.dryBulbWithinBinExponent);
  const scoreByRank = normalScoresByRank(count);
  const dryBulbScore = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    weather.dryBulbC[offset + i] = dryBulbByRankC[dryBulbRank[i]!]!;
    dryBulbScore[i] = scoreByRank[dryBulbRank[i]!]!;
  }

  // A Gaussian copula needs the Pearson correlation that gives the profile's Spearman correlation.
  const pearson = 2 * Math.sin((Math.PI / 6) * climate.dryBulbDewPointRankCorrelation);
  const independentShare = Math.sqrt(Math.max(0, 1 - pearson * pearson));
  const dewPointSignal = new Float64Array(count);
  let humidityNoise = normal();
  for (let i = 0; i < count; i++) {
    if (i > 0) {
      humidityNoise =
        HOURLY_HUMIDITY_PERSISTENCE * humidityNoise +
        Math.sqrt(1 - HOURLY_HUMIDITY_PERSISTENCE ** 2) * normal();
    }
    dewPointSignal[i] = pearson * dryBulbScore[i]! + independentShare * humidityNoise;
  }
  const dewPointRank = rankOf(dewPointSignal);
  const dewPointByRankC = valuesByRank(climate.dewPointDistribution, count, 1);
  for (let i = 0; i < count; i++) {
    const at = offset + i;
    const dryBulbC = weather.dryBulbC[at]!;
    const dewPointC = Math.min(dryBulbC, dewPointByRankC[dewPointRank[i]!]!);
    weather.dewPointC[at] = dewPointC;
    weather.relativeHumidityPct[at] = relativeHumidityPct(dryBulbC, dewPointC);
    weather.pressurePa[at] = climate.meanPressurePa;
    weather.windSpeedMps[at] = climate.meanWindSpeedMps;
  }
}

/** The value of each rank r of `count` hours: the distribution at probability (r + 0.5) / count. */
function valuesByRank(
  distribution: DegreeDistribution,
  count: number,
  withinBinExponent: number,
): Float64Array {
  const values = new Float64Array(count);
  for (let r = 0; r < count; r++)
    values[r] = valueAtProbability(distribution, (r + 0.5) / count, withinBinExponent);
  return values;
}

// Months have 672, 720 or 744 hours: their normal scores are computed once per length.
const scoresByCount = new Map<number, Float64Array>();

/** The standard normal quantile of each rank r of `count` hours, at probability (r + 0.5) / count. */
function normalScoresByRank(count: number): Float64Array {
  let scores = scoresByCount.get(count);
  if (!scores) {
    scores = new Float64Array(count);
    for (let r = 0; r < count; r++) scores[r] = standardNormalQuantile((r + 0.5) / count);
    scoresByCount.set(count, scores);
  }
  return scores;
}

/** The 0-based rank of each value (ties broken by position, so ranks are a permutation). */
function rankOf(values: Float64Array): Uint32Array {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((x, y) => values[x]! - values[y]! || x - y);
  const rank = new Uint32Array(values.length);
  for (let r = 0; r < order.length; r++) rank[order[r]!] = r;
  return rank;
}
