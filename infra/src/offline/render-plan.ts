import type { MockedResource } from '../testing/mocks.js';

/** The inputs worth seeing in a plan, by resource type. */
const KEY_INPUTS: Record<string, string[]> = {
  'aws:ec2/vpc:Vpc': ['cidrBlock'],
  'aws:ec2/subnet:Subnet': ['cidrBlock', 'availabilityZone', 'mapPublicIpOnLaunch'],
  'aws:ec2/natGateway:NatGateway': ['connectivityType'],
  'aws:ec2/vpcEndpoint:VpcEndpoint': ['serviceName', 'vpcEndpointType'],
  'aws:ec2/launchTemplate:LaunchTemplate': ['instanceType', 'metadataOptions'],
  'aws:autoscaling/group:Group': ['minSize', 'desiredCapacity', 'maxSize'],
  'aws:dynamodb/table:Table': ['billingMode', 'hashKey', 'rangeKey'],
  'aws:lambda/function:Function': ['runtime', 'architectures', 'memorySize', 'handler'],
  'aws:lambda/functionUrl:FunctionUrl': ['authorizationType'],
  'aws:cloudwatch/logGroup:LogGroup': ['retentionInDays'],
  'aws:cloudwatch/metricAlarm:MetricAlarm': ['metricName', 'threshold', 'comparisonOperator'],
};

function brief(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text + ' '.repeat(width - text.length);
}

/** The plan as `pulumi preview` prints it: each resource to create, its key inputs, counts, outputs. */
export function renderPlan(
  stack: string,
  resources: readonly MockedResource[],
  outputs: Record<string, unknown>,
): string {
  const typeWidth = Math.max(...resources.map((resource) => resource.type.length), 10) + 2;
  const nameWidth = Math.max(...resources.map((resource) => resource.name.length), 10) + 2;
  const lines = [
    `Previewing update (${stack}), offline: the program under Pulumi's mocks, no cloud and no credentials`,
    '',
    `     ${pad('Type', typeWidth)}${pad('Name', nameWidth)}Plan       Info`,
  ];
  for (const resource of resources) {
    const keys = KEY_INPUTS[resource.type] ?? [];
    const info = keys
      .filter((key) => resource.inputs[key] !== undefined)
      .map((key) => `${key}=${brief(resource.inputs[key])}`)
      .join(' ');
    lines.push(
      ` +   ${pad(resource.type, typeWidth)}${pad(resource.name, nameWidth)}create     ${info}`.trimEnd(),
    );
  }
  const counts = new Map<string, number>();
  for (const resource of resources) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  lines.push('', 'Resources:', `    + ${resources.length} to create`);
  for (const [type, count] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    lines.push(`      ${String(count).padStart(3)} ${type}`);
  }
  lines.push('', 'Outputs:');
  for (const [key, value] of Object.entries(outputs))
    lines.push(`    ${pad(key, 26)}${JSON.stringify(value)}`);
  return lines.join('\n');
}

/** The budget summary a person reads before deciding to `pulumi up`. */
export function renderBudgetSummary(outputs: Record<string, unknown>): string {
  const budget = outputs.budget as Record<string, number | string | boolean>;
  const pool = outputs.computePool as Record<string, number | boolean>;
  const n = (value: unknown, digits = 0) =>
    Number(value).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return [
    `Budget at ${outputs.site} (${outputs.coolingDesign}):`,
    `  PUE ${n(budget.pue, 3)}; ${n(budget.facilityEnergyMwh)} MWh facility, ${n(budget.itEnergyMwh)} MWh IT; cost ${n(budget.cost)} ${budget.currency}`,
    `  carbon ${n(budget.carbonLocationBasedTCo2e)} t CO2e location-based, ${n(budget.carbonMarketBasedTCo2e)} t market-based; water ${n(budget.waterM3)} m3`,
    `  peak ${n(budget.peakFacilityPowerKw)} kW ${budget.withinCap ? 'under' : 'over'} a ${n(budget.capKw)} kW cap (headroom ${n(budget.headroomKw)} kW, ${budget.withinCap ? 'within cap' : 'OVER CAP'}); ${n(budget.maxRacks)} racks fit`,
    `  compute pool: ${pool.desiredNodes} nodes desired, at most ${pool.maxNodes} (${pool.nodeItKw} kW of hall IT per node)${pool.capped ? ', capped by the power headroom' : ''}`,
    ...((outputs.weatherWarnings as string[] | undefined) ?? []).map(
      (message) => `  weather warning: ${message}`,
    ),
    ...((outputs.planWarnings as string[] | undefined) ?? []).map((message) => `  plan warning: ${message}`),
  ].join('\n');
}

/** Policy violations as `pulumi preview --policy-pack` lists them: level, policy, URN, and the fix. */
export function renderViolations(
  violations: readonly { policy: string; enforcementLevel: string; urn: string; message: string }[],
): string {
  if (violations.length === 0) return 'Policies: every policy of the karst pack passes.';
  return [
    `Policy violations (${violations.length}):`,
    ...violations.map(
      (violation) =>
        `    [${violation.enforcementLevel}]  ${violation.policy}  (${violation.urn})\n    ${violation.message}`,
    ),
  ].join('\n');
}
