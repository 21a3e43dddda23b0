import { describe, expect, it, vi } from 'vitest';
import { postTelemetry, reading, testApp } from '../test-app.test-util.js';

describe('CloudWatch Embedded Metric Format', () => {
  it('logs one EMF record per accepted write when enabled, naming the metrics infra alarms on', async () => {
    const { app } = await testApp({ KARST_EMIT_EMF: '1' });
    const log = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await postTelemetry(app, { readings: [reading(10, { facilityPowerKw: 3300, itPowerKw: 3000 })] });
    const records = log.mock.calls
      .map(([line]) => String(line))
      .filter((line) => line.startsWith('{"_aws"'))
      .map((line) => JSON.parse(line));
    log.mockRestore();
    expect(records).toHaveLength(1);
    const record = records[0];
    expect(record._aws.CloudWatchMetrics[0]).toEqual({
      Namespace: 'Karst',
      Dimensions: [['Site']],
      Metrics: [
        { Name: 'FacilityPowerKw', Unit: 'None' },
        { Name: 'LivePue', Unit: 'None' },
        { Name: 'MonthToDateEnergyOverBudgetRatio', Unit: 'None' },
      ],
    });
    expect(record).toMatchObject({ Site: 'guiyang', FacilityPowerKw: 3300, LivePue: 1.1 });
    expect(record.MonthToDateEnergyOverBudgetRatio).toBeGreaterThan(0);
  });

  it('logs nothing when disabled', async () => {
    const { app } = await testApp();
    const log = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await postTelemetry(app, { readings: [reading(10)] });
    expect(log.mock.calls.filter(([line]) => String(line).includes('"_aws"'))).toEqual([]);
    log.mockRestore();
  });
});
