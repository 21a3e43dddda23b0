import type { HourlyWeather } from '../series.js';
import { roundTo } from '../statistics.js';
import { distributionOf, withinBinExponentForMean } from './distribution.js';
import type { MonthClimate } from './profile-schema.js';

/** The twelve monthly statistics a profile keeps, measured from a year of hourly weather. */
export function monthlyClimateFromWeather(weather: HourlyWeather): MonthClimate[] {
  const months: MonthClimate[] = [];
  for (let month = 1; month <= 12; month++) {
    const hours: number[] = [];
    for (let i = 0; i < weather.hours; i++) if (weather.month[i] === month) hours.push(i);
    if (hours.length === 0) throw new RangeError(`the weather has no hours in month ${month}`);
    months.push(monthClimate(weather, hours));
  }
  return months;
}

function monthClimate(weather: HourlyWeather, hours: readonly number[]): MonthClimate {
  const dryBulbC = hours.map((i) => weather.dryBulbC[i]!);
  const dewPointC = hours.map((i) => weather.dewPointC[i]!);
  const meanDryBulbC = mean(dryBulbC);

  const byHourOfDay = Array.from({ length: 24 }, () => [] as number[]);
  const byDay = new Map<number, number[]>();
  for (const i of hours) {
    byHourOfDay[weather.hourOfDay[i]!]!.push(weather.dryBulbC[i]!);
    const day = weather.day[i]!;
    const values = byDay.get(day) ?? [];
    values.push(weather.dryBulbC[i]!);
    byDay.set(day, values);
  }
  const dailyMeansC = [...byDay.values()].map(mean);

  const dryBulbDistribution = distributionOf(dryBulbC);
  return {
    meanDryBulbC: roundTo(meanDryBulbC, 3),
    dryBulbDistribution,
    dryBulbWithinBinExponent: withinBinExponentForMean(dryBulbDistribution, hours.length, meanDryBulbC),
    dewPointDistribution: distributionOf(dewPointC),
    diurnalDryBulbAnomalyC: byHourOfDay.map((values) => roundTo(mean(values) - meanDryBulbC, 2)),
    dailyMeanDryBulbSdC: roundTo(standardDeviation(dailyMeansC), 2),
    dryBulbDewPointRankCorrelation: roundTo(spearman(dryBulbC, dewPointC), 3),
    meanPressurePa: Math.round(mean(hours.map((i) => weather.pressurePa[i]!))),
    meanWindSpeedMps: roundTo(mean(hours.map((i) => weather.windSpeedMps[i]!)), 2),
  };
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

function standardDeviation(values: readonly number[]): number {
  const average = mean(values);
  return Math.sqrt(mean(values.map((value) => (value - average) ** 2)));
}

/** Spearman rank correlation, with tied values given their mean rank. */
function spearman(x: readonly number[], y: readonly number[]): number {
  const rx = ranksWithTies(x);
  const ry = ranksWithTies(y);
  const mx = mean(rx);
  const my = mean(ry);
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let i = 0; i < rx.length; i++) {
    covariance += (rx[i]! - mx) * (ry[i]! - my);
    varianceX += (rx[i]! - mx) ** 2;
    varianceY += (ry[i]! - my) ** 2;
  }
  return varianceX === 0 || varianceY === 0 ? 0 : covariance / Math.sqrt(varianceX * varianceY);
}

function ranksWithTies(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    const meanRank = (start + end) / 2;
    for (let k = start; k <= end; k++) ranks[order[k]!] = meanRank;
    start = end + 1;
  }
  return ranks;
}
