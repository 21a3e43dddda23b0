import { describe, expect, it } from 'vitest';
import { CLOUDWATCH_RETENTION_DAYS, KARST_METRICS, TELEMETRY_TABLE } from './index.js';

// The one place these names are pinned: a deployed stack's alarms and table depend on them, so a rename
// here is a migration, not a refactor.
describe('contracts', () => {
  it('names the metrics deployed alarms read', () => {
    expect(KARST_METRICS).toEqual({
      namespace: 'Karst',
      dimension: 'Site',
      facilityPowerKw: 'FacilityPowerKw',
      livePue: 'LivePue',
      monthToDateOverBudgetRatio: 'MonthToDateEnergyOverBudgetRatio',
    });
  });

  it("names the telemetry table's keys", () => {
    expect(TELEMETRY_TABLE).toMatchObject({ hashKey: 'pk', rangeKey: 'sk' });
  });

  it('lists the 22 retention periods CloudWatch Logs accepts (1 day to 10 years)', () => {
    // AWS CloudWatch Logs API reference, PutRetentionPolicy: retentionInDays valid values.
    expect(CLOUDWATCH_RETENTION_DAYS).toHaveLength(22);
    expect([CLOUDWATCH_RETENTION_DAYS[0], CLOUDWATCH_RETENTION_DAYS.at(-1)]).toEqual([1, 3653]);
  });
});
