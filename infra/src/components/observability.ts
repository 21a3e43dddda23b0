import { KARST_METRICS } from '@karst/contracts';
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export { KARST_METRICS };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface ObservabilityArgs {
  /** Alarm notifications go here (the address must confirm the subscription); none when absent. */
  alertEmail?: string;
  /** The status service's Lambda function. */
  functionName: pulumi.Input<string>;
  siteId: string;
  /** Facility power the budget allows at its peak; above it the power alarm fires. */
  budgetPeakFacilityPowerKw: number;
  /** Budgeted facility energy per calendar month, January first. */
  monthlyBudgetEnergyMwh: number[];
  tags: Record<string, string>;
}

/**
 * Alarms (service errors, facility power and month-to-date energy over budget) to an encrypted SNS topic,
 * and a CloudWatch dashboard of the service and the site's live figures against the budget.
 */
export class Observability extends pulumi.ComponentResource {
  public readonly alertTopicArn: pulumi.Output<string>;
  public readonly dashboardName: pulumi.Output<string>;
  public readonly alarmNames: pulumi.Output<string[]>;

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    validate(args);
    super('karst:observability:Observability', name, {}, opts);
    const prefix = `${name}-${args.siteId}-${pulumi.getStack()}`.replace(/[^A-Za-z0-9_-]/g, '-');
    const tags = args.tags;
    const siteDimension = { [KARST_METRICS.dimension]: args.siteId };

    const key = new aws.kms.Key(
      `${name}-alerts`,
      {
        description: `Encrypts the Karst alert topic (${args.siteId})`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: alertKeyPolicy(this),
        tags,
      },
      { parent: this },
    );
    new aws.kms.Alias(
      `${name}-alerts`,
      { name: `alias/${prefix}-alerts`, targetKeyId: key.keyId },
      { parent: this },
    );
    // Encrypted with a customer managed key, not alias/aws/sns: the AWS managed key's policy cannot grant
    // CloudWatch kms:GenerateDataKey, so alarms would fail to publish to the topic without any error here.
    const topic = new aws.sns.Topic(
      `${name}-alerts`,
      { displayName: `Karst ${args.siteId} alerts`, kmsMasterKeyId: key.arn, tags },
      { parent: this },
    );
    if (args.alertEmail !== undefined) {
      new aws.sns.TopicSubscription(
        `${name}-alerts-email`,
        { topic: topic.arn, protocol: 'email', endpoint: args.alertEmail },
        { parent: this },
      );
    }

    const actions = { alarmActions: [topic.arn], okActions: [topic.arn] };
    const errors = new aws.cloudwatch.MetricAlarm(
      `${name}-errors`,
      {
        name: `${prefix}-status-errors`,
        alarmDescription: 'The status service threw an error (Lambda Errors > 0 within 5 minutes).',
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensions: { FunctionName: args.functionName },
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: 0,
        treatMissingData: 'notBreaching',
        ...actions,
        tags,
      },
      { parent: this },
    );
    const power = new aws.cloudwatch.MetricAlarm(
      `${name}-power`,
      {
        name: `${prefix}-facility-power-over-budget`,
        alarmDescription:
          `Facility power at ${args.siteId} went above the budget peak of ` +
          `${args.budgetPeakFacilityPowerKw} kW (maximum over 15 minutes).`,
        namespace: KARST_METRICS.namespace,
        metricName: KARST_METRICS.facilityPowerKw,
        dimensions: siteDimension,
        statistic: 'Maximum',
        period: 900,
        evaluationPeriods: 1,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: args.budgetPeakFacilityPowerKw,
        // No telemetry is the status service's own `telemetry-stale` alert, not an over-budget condition.
        treatMissingData: 'notBreaching',
        ...actions,
        tags,
      },
      { parent: this },
    );
    // The service divides by the budget due by now, so one threshold of 1 serves all twelve monthly
    // budgets, instead of one alarm per month.
    const energy = new aws.cloudwatch.MetricAlarm(
      `${name}-energy`,
      {
        name: `${prefix}-month-energy-over-budget`,
        alarmDescription:
          `Month-to-date facility energy at ${args.siteId} is above the budget due by now ` +
          `(${KARST_METRICS.monthToDateOverBudgetRatio} > 1 over an hour).`,
        namespace: KARST_METRICS.namespace,
        metricName: KARST_METRICS.monthToDateOverBudgetRatio,
        dimensions: siteDimension,
        statistic: 'Maximum',
        period: 3600,
        evaluationPeriods: 1,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: 1,
        treatMissingData: 'notBreaching',
        ...actions,
        tags,
      },
      { parent: this },
    );

    const dashboard = new aws.cloudwatch.Dashboard(
      `${name}-dashboard`,
      { dashboardName: prefix, dashboardBody: dashboardBody(args, this) },
      { parent: this },
    );

    this.alertTopicArn = topic.arn;
    this.dashboardName = dashboard.dashboardName;
    this.alarmNames = pulumi.all([errors.name, power.name, energy.name]);
    this.registerOutputs({
      alertTopicArn: this.alertTopicArn,
      dashboardName: this.dashboardName,
      alarmNames: this.alarmNames,
    });
  }
}

function validate(args: ObservabilityArgs): void {
  if (!/^[A-Za-z0-9_.-]+$/.test(args.siteId)) {
    throw new Error(`siteId must be letters, digits, '.', '-' or '_', got '${args.siteId}'`);
  }
  if (!(Number.isFinite(args.budgetPeakFacilityPowerKw) && args.budgetPeakFacilityPowerKw > 0)) {
    throw new Error(
      `budgetPeakFacilityPowerKw must be a positive number, got ${args.budgetPeakFacilityPowerKw}`,
    );
  }
  const months = args.monthlyBudgetEnergyMwh;
  if (months.length !== 12 || !months.every((mwh) => Number.isFinite(mwh) && mwh >= 0)) {
    throw new Error(
      `monthlyBudgetEnergyMwh must hold 12 non-negative numbers (January first), got [${months.join(', ')}]`,
    );
  }
}

/** Account root administers the key; CloudWatch may only encrypt and decrypt with it (to publish alarms). */
function alertKeyPolicy(parent: pulumi.Resource): pulumi.Output<string> {
  const identity = aws.getCallerIdentityOutput({}, { parent });
  const partition = aws.getPartitionOutput({}, { parent });
  return pulumi.jsonStringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AccountAdministers',
        Effect: 'Allow',
        Principal: { AWS: pulumi.interpolate`arn:${partition.partition}:iam::${identity.accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'CloudWatchAlarmsPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        // No source-account condition: CloudWatch's documented key policy has none, and a condition the
        // request lacks would silently stop every alarm notification.
        Resource: '*',
      },
    ],
  });
}

function dashboardBody(args: ObservabilityArgs, parent: pulumi.Resource): pulumi.Output<string> {
  const region = aws.getRegionOutput({}, { parent }).region;
  const site = args.siteId;
  const karst = (metric: string, label: string) => [
    KARST_METRICS.namespace,
    metric,
    KARST_METRICS.dimension,
    site,
    { label },
  ];
  const lambda = (metric: string, stat: string) => [
    'AWS/Lambda',
    metric,
    'FunctionName',
    args.functionName,
    { stat },
  ];
  const metricWidget = (x: number, y: number, properties: Record<string, unknown>) => ({
    type: 'metric',
    x,
    y,
    width: 12,
    height: 6,
    properties: { region, view: 'timeSeries', period: 300, ...properties },
  });
  const budgetTable = [
    '| Month | Budget (MWh) |',
    '| --- | ---: |',
    ...args.monthlyBudgetEnergyMwh.map((mwh, i) => `| ${MONTHS[i]} | ${mwh.toFixed(1)} |`),
  ].join('\n');

  return pulumi.jsonStringify({
    widgets: [
      metricWidget(0, 0, {
        title: `Facility power vs budget peak (${site})`,
        metrics: [karst(KARST_METRICS.facilityPowerKw, 'Facility power (kW)')],
        stat: 'Maximum',
        annotations: {
          horizontal: [{ label: 'Budget peak', value: args.budgetPeakFacilityPowerKw, color: '#d62728' }],
        },
        yAxis: { left: { min: 0, label: 'kW' } },
      }),
      metricWidget(12, 0, {
        title: `Live PUE (${site})`,
        metrics: [karst(KARST_METRICS.livePue, 'PUE')],
        stat: 'Average',
        yAxis: { left: { min: 1 } },
      }),
      metricWidget(0, 6, {
        title: `Month-to-date energy / budget due (${site})`,
        metrics: [karst(KARST_METRICS.monthToDateOverBudgetRatio, 'Energy / budget')],
        stat: 'Maximum',
        period: 3600,
        annotations: { horizontal: [{ label: 'On budget', value: 1, color: '#d62728' }] },
        yAxis: { left: { min: 0 } },
      }),
      {
        type: 'text',
        x: 12,
        y: 6,
        width: 12,
        height: 6,
        properties: { markdown: `### Monthly energy budget (${site})\n\n${budgetTable}` },
      },
      metricWidget(0, 12, {
        title: 'Status service invocations and errors',
        metrics: [lambda('Invocations', 'Sum'), lambda('Errors', 'Sum'), lambda('Throttles', 'Sum')],
      }),
      metricWidget(12, 12, {
        title: 'Status service duration (ms)',
        metrics: [lambda('Duration', 'p50'), lambda('Duration', 'p99'), lambda('Duration', 'Maximum')],
      }),
    ],
  });
}
