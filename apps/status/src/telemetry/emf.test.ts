import { KARST_METRICS } from '@karst/contracts';
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
    // The names come from @karst/contracts, which infra's alarms read too (pinned once there).
    const m = KARST_METRICS;
    expect(record._aws.CloudWatchMetrics[0]).toEqual({
      Namespace: m.namespace,
      Dimensions: [[m.dimension]],
      Metrics: [
        { Name: m.facilityPowerKw, Unit: 'None' },
        { Name: m.livePue, Unit: 'None' },
        { Name: m.monthToDateOverBudgetRatio, Unit: 'None' },
      ],
    });
    expect(record).toMatchObject({ [m.dimension]: 'guiyang', [m.facilityPowerKw]: 3300, [m.livePue]: 1.1 });
    expect(record[m.monthToDateOverBudgetRatio]).toBeGreaterThan(0);
  });

  it('logs nothing when disabled', async () => {
    const { app } = await testApp();
    const log = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await postTelemetry(app, { readings: [reading(10)] });
    expect(log.mock.calls.filter(([line]) => String(line).includes('"_aws"'))).toEqual([]);
    log.mockRestore();
  });
});
