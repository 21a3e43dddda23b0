import type { OutdoorConditions } from '../series.js';
import { percentile, roundTo } from '../statistics.js';

/** Hour counts at or below the thresholds that decide economizer hours, as a plain object. */
export interface HourCounts {
  dryBulbAtMost18C: number;
  dryBulbAtMost24C: number;
  dryBulbAtMost27C: number;
  wetBulbAtMost13C: number;
  wetBulbAtMost18C: number;
  dewPointAtMost15C: number;
  dryBulbAtMost27CAndDewPointAtMost15C: number;
}

export interface MonthStats {
  month: number;
  hours: number;
  meanDryBulbC: number;
  meanDewPointC: number;
  meanWetBulbC: number;
  minDryBulbC: number;
  maxDryBulbC: number;
}

export interface ClimateStats {
  hours: number;
  hourCounts: HourCounts;
  annualMeanDryBulbC: number;
  months: MonthStats[];
  extremes: {
    minDryBulbC: number;
    maxDryBulbC: number;
    maxWetBulbC: number;
    maxDewPointC: number;
    /** The 99.6th percentile of hourly dry bulb: exceeded in 0.4% of hours (ASHRAE's cooling design basis). */
    dryBulb04PercentC: number;
    wetBulb04PercentC: number;
  };
}

export const HOUR_COUNT_LABELS: Record<keyof HourCounts, string> = {
  dryBulbAtMost18C: 'DB <= 18 C',
  dryBulbAtMost24C: 'DB <= 24 C',
  dryBulbAtMost27C: 'DB <= 27 C',
  wetBulbAtMost13C: 'WB <= 13 C',
  wetBulbAtMost18C: 'WB <= 18 C',
  dewPointAtMost15C: 'DP <= 15 C',
  dryBulbAtMost27CAndDewPointAtMost15C: 'DB <= 27 C and DP <= 15 C',
};

/** Hour counts, monthly means and extremes of a year of outdoor conditions, as plain JSON. */
export function climateStats(conditions: OutdoorConditions): ClimateStats {
  const { hours, dryBulbC, dewPointC, wetBulbC } = conditions;
  const counts: HourCounts = {
    dryBulbAtMost18C: 0,
    dryBulbAtMost24C: 0,
    dryBulbAtMost27C: 0,
    wetBulbAtMost13C: 0,
    wetBulbAtMost18C: 0,
    dewPointAtMost15C: 0,
    dryBulbAtMost27CAndDewPointAtMost15C: 0,
  };
  const months = Array.from({ length: 12 }, (_, i) => ({
    month: i + 1,
    hours: 0,
    sumDryBulbC: 0,
    sumDewPointC: 0,
    sumWetBulbC: 0,
    minDryBulbC: Number.POSITIVE_INFINITY,
    maxDryBulbC: Number.NEGATIVE_INFINITY,
  }));
  let sumDryBulbC = 0;
  for (let i = 0; i < hours; i++) {
    const db = dryBulbC[i]!;
    const dp = dewPointC[i]!;
    const wb = wetBulbC[i]!;
    if (db <= 18) counts.dryBulbAtMost18C++;
    if (db <= 24) counts.dryBulbAtMost24C++;
    if (db <= 27) counts.dryBulbAtMost27C++;
    if (wb <= 13) counts.wetBulbAtMost13C++;
    if (wb <= 18) counts.wetBulbAtMost18C++;
    if (dp <= 15) counts.dewPointAtMost15C++;
    if (db <= 27 && dp <= 15) counts.dryBulbAtMost27CAndDewPointAtMost15C++;
    sumDryBulbC += db;
    const month = months[conditions.month[i]! - 1]!;
    month.hours++;
    month.sumDryBulbC += db;
    month.sumDewPointC += dp;
    month.sumWetBulbC += wb;
    month.minDryBulbC = Math.min(month.minDryBulbC, db);
    month.maxDryBulbC = Math.max(month.maxDryBulbC, db);
  }
  return {
    hours,
    hourCounts: counts,
    annualMeanDryBulbC: roundTo(sumDryBulbC / hours, 2),
    months: months
      .filter((month) => month.hours > 0)
      .map((month) => ({
        month: month.month,
        hours: month.hours,
        meanDryBulbC: roundTo(month.sumDryBulbC / month.hours, 2),
        meanDewPointC: roundTo(month.sumDewPointC / month.hours, 2),
        meanWetBulbC: roundTo(month.sumWetBulbC / month.hours, 2),
        minDryBulbC: month.minDryBulbC,
        maxDryBulbC: month.maxDryBulbC,
      })),
    extremes: {
      minDryBulbC: Math.min(...dryBulbC),
      maxDryBulbC: Math.max(...dryBulbC),
      maxWetBulbC: roundTo(Math.max(...wetBulbC), 2),
      maxDewPointC: Math.max(...dewPointC),
      dryBulb04PercentC: roundTo(percentile(dryBulbC, 0.996), 2),
      wetBulb04PercentC: roundTo(percentile(wetBulbC, 0.996), 2),
    },
  };
}
