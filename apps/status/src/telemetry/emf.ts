import { KARST_METRICS } from '@karst/contracts';
import type { LiveFigures } from './live-state.js';

/** The CloudWatch metrics the service publishes; infra's alarms and dashboard read exactly these. */
export { KARST_METRICS };

/**
 * One CloudWatch Embedded Metric Format record (a JSON log line that CloudWatch turns into metrics, no
 * API call needed from Lambda), or null when there is nothing live to report.
 */
export function embeddedMetricRecord(siteId: string, live: LiveFigures, timestampMs: number): string | null {
  const values: Record<string, number> = {};
  if (live.liveFacilityPowerKw !== null) values[KARST_METRICS.facilityPowerKw] = live.liveFacilityPowerKw;
  if (live.livePue !== null) values[KARST_METRICS.livePue] = live.livePue;
  if (live.monthToDate.budgetDueByNowMwh > 0 && live.monthToDate.coveredHours > 0) {
    values[KARST_METRICS.monthToDateOverBudgetRatio] =
      live.monthToDate.facilityEnergyMwh / live.monthToDate.budgetDueByNowMwh;
  }
  const names = Object.keys(values);
  if (names.length === 0) return null;
  return JSON.stringify({
    _aws: {
      Timestamp: timestampMs,
      CloudWatchMetrics: [
        {
          Namespace: KARST_METRICS.namespace,
          Dimensions: [[KARST_METRICS.dimension]],
          Metrics: names.map((name) => ({ Name: name, Unit: 'None' })),
        },
      ],
    },
    [KARST_METRICS.dimension]: siteId,
    ...values,
  });
}
