import { KARST_METRICS as CONTRACT_METRICS } from '@karst/contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockedResources, outputValue, registerMocks, resourcesOfType } from '../testing/mocks.js';

registerMocks();
const { KARST_METRICS, Observability } = await import('./observability.js');
type Args = ConstructorParameters<typeof Observability>[1];

const MONTHLY_MWH = [2100, 1900, 2050, 2000, 2150, 2200, 2400, 2380, 2150, 2050, 1980, 2080];
const tags = { project: 'karst', site: 'guiyang' };
let counter = 0;

function baseArgs(overrides: Partial<Args> = {}): Args {
  return {
    functionName: 'karst-status-guiyang',
    siteId: 'guiyang',
    budgetPeakFacilityPowerKw: 4321.5,
    monthlyBudgetEnergyMwh: MONTHLY_MWH,
    tags,
    ...overrides,
  };
}

/** Builds the component and waits until its children have registered with the mocks. */
async function build(overrides: Partial<Args> = {}) {
  const observability = new Observability(`obs${counter++}`, baseArgs(overrides));
  await outputValue(observability.dashboardName);
  await outputValue(observability.alarmNames);
  await new Promise((resolve) => setTimeout(resolve, 10));
  return observability;
}

function only(type: string): Record<string, unknown> {
  const found = resourcesOfType(type);
  expect(found).toHaveLength(1);
  return found[0]!.inputs;
}

function alarm(metricName: string): Record<string, unknown> {
  const found = resourcesOfType('aws:cloudwatch/metricAlarm:MetricAlarm').filter(
    (resource) => resource.inputs.metricName === metricName,
  );
  expect(found).toHaveLength(1);
  return found[0]!.inputs;
}

beforeEach(() => {
  mockedResources.length = 0;
});

describe('Observability', () => {
  it('names the metrics the status service publishes (one home: @karst/contracts)', () => {
    expect(KARST_METRICS).toBe(CONTRACT_METRICS);
  });

  it('encrypts the topic with a rotating customer managed key CloudWatch may use', async () => {
    const observability = await build();
    const key = resourcesOfType('aws:kms/key:Key');
    expect(key).toHaveLength(1);
    expect(key[0]!.inputs.enableKeyRotation).toBe(true);
    const keyArn = `arn:aws-cn:mock:cn-northwest-1:123456789012:Key/${key[0]!.name}`;
    const topic = only('aws:sns/topic:Topic');
    expect(topic.kmsMasterKeyId).toBe(keyArn);
    expect(topic.kmsMasterKeyId).not.toBe('alias/aws/sns');
    const statements = JSON.parse(key[0]!.inputs.policy as string).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Principal: { AWS: 'arn:aws-cn:iam::123456789012:root' },
        Action: 'kms:*',
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
    expect(only('aws:kms/alias:Alias').name).toMatch(/^alias\/obs\d+-guiyang-guiyang-alerts$/);
    expect(await outputValue(observability.alertTopicArn)).toMatch(/^arn:aws-cn:.*Topic\/obs\d+-alerts$/);
  });

  it('subscribes the e-mail address only when one is given', async () => {
    const observability = await build({ alertEmail: 'ops@example.com' });
    const subscription = only('aws:sns/topicSubscription:TopicSubscription');
    expect(subscription).toEqual({
      topic: await outputValue(observability.alertTopicArn),
      protocol: 'email',
      endpoint: 'ops@example.com',
    });

    mockedResources.length = 0;
    await build();
    expect(resourcesOfType('aws:sns/topicSubscription:TopicSubscription')).toEqual([]);
  });

  it('alarms on any status service error within 5 minutes', async () => {
    const observability = await build();
    const topicArn = await outputValue(observability.alertTopicArn);
    expect(alarm('Errors')).toMatchObject({
      namespace: 'AWS/Lambda',
      dimensions: { FunctionName: 'karst-status-guiyang' },
      statistic: 'Sum',
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: 0,
      alarmActions: [topicArn],
    });
  });

  it('alarms when facility power exceeds the budget peak passed in', async () => {
    const observability = await build();
    const topicArn = await outputValue(observability.alertTopicArn);
    expect(alarm('FacilityPowerKw')).toMatchObject({
      namespace: 'Karst',
      dimensions: { Site: 'guiyang' },
      statistic: 'Maximum',
      period: 900,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: 4321.5,
      treatMissingData: 'notBreaching',
      alarmActions: [topicArn],
      okActions: [topicArn],
    });
  });

  it('alarms when month-to-date energy runs ahead of the budget due by now', async () => {
    const observability = await build();
    const topicArn = await outputValue(observability.alertTopicArn);
    expect(alarm(KARST_METRICS.monthToDateOverBudgetRatio)).toMatchObject({
      namespace: 'Karst',
      dimensions: { Site: 'guiyang' },
      comparisonOperator: 'GreaterThanThreshold',
      threshold: 1,
      treatMissingData: 'notBreaching',
      alarmActions: [topicArn],
    });
  });

  it('outputs the three alarm names', async () => {
    const observability = await build();
    const names = await outputValue(observability.alarmNames);
    const created = resourcesOfType('aws:cloudwatch/metricAlarm:MetricAlarm').map((r) => r.inputs.name);
    expect(names).toHaveLength(3);
    expect([...names].sort()).toEqual([...(created as string[])].sort());
    for (const name of names) expect(name).toMatch(/^obs\d+-guiyang-guiyang-/);
  });

  it('builds a dashboard whose JSON names the service and Karst metrics and the budget peak', async () => {
    const observability = await build();
    const dashboard = only('aws:cloudwatch/dashboard:Dashboard');
    expect(await outputValue(observability.dashboardName)).toBe(dashboard.dashboardName);
    const body = JSON.parse(dashboard.dashboardBody as string) as {
      widgets: { type: string; properties: Record<string, unknown> }[];
    };
    const metricWidgets = body.widgets.filter((widget) => widget.type === 'metric');
    const metrics = metricWidgets.flatMap((widget) => widget.properties.metrics as unknown[][]);
    const names = metrics.map((metric) => `${metric[0]}/${metric[1]}`);
    for (const name of [
      'Karst/FacilityPowerKw',
      'Karst/LivePue',
      `${KARST_METRICS.namespace}/${KARST_METRICS.monthToDateOverBudgetRatio}`,
      'AWS/Lambda/Invocations',
      'AWS/Lambda/Errors',
      'AWS/Lambda/Duration',
    ]) {
      expect(names).toContain(name);
    }
    for (const metric of metrics.filter((m) => m[0] === 'Karst'))
      expect(metric.slice(2, 4)).toEqual(['Site', 'guiyang']);
    for (const metric of metrics.filter((m) => m[0] === 'AWS/Lambda')) {
      expect(metric.slice(2, 4)).toEqual(['FunctionName', 'karst-status-guiyang']);
    }
    for (const widget of metricWidgets) expect(widget.properties.region).toBe('cn-northwest-1');
    const power = metricWidgets.find((widget) =>
      (widget.properties.metrics as unknown[][]).some((m) => m[1] === 'FacilityPowerKw'),
    );
    expect(power?.properties.annotations).toEqual({
      horizontal: [expect.objectContaining({ value: 4321.5 })],
    });
    const text = body.widgets.find((widget) => widget.type === 'text');
    expect(text?.properties.markdown).toContain('| Jul | 2400.0 |');
  });

  it('rejects a budget without twelve months, a bad peak or a bad site id (the address is config, checked there)', () => {
    expect(() => new Observability('bad1', baseArgs({ monthlyBudgetEnergyMwh: [1, 2, 3] }))).toThrow(
      /12 non-negative/,
    );
    expect(() => new Observability('bad2', baseArgs({ budgetPeakFacilityPowerKw: 0 }))).toThrow(
      /budgetPeakFacilityPowerKw/,
    );
    expect(() => new Observability('bad4', baseArgs({ siteId: 'gui yang' }))).toThrow(/siteId/);
  });
});
