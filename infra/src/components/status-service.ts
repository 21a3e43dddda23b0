import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** DynamoDB's longest table name: what a table name that is not known yet is counted at. */
const TABLE_NAME_MAX_BYTES = 255;

/** Variables Lambda sets itself (it rejects functions that set them) or that this component owns. */
const RESERVED_ENVIRONMENT = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_LAMBDA_RUNTIME_API',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
  'KARST_STORE',
  'KARST_TABLE_NAME',
  'KARST_WRITE_TOKEN',
]);

/** The only table actions the DynamoDB store issues (apps/status/src/store/dynamodb-store.ts). */
export const STATUS_TABLE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
  'dynamodb:DescribeTable',
] as const;

/**
 * Lambda's limit on a function's environment: 4 KB for all variables together ("Function environment
 * variables: 4 KB, for all environment variables associated with the function, in aggregate", Lambda
 * quotas, https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). Counted here as the
 * UTF-8 bytes of every name and value.
 */
export const LAMBDA_ENVIRONMENT_MAX_BYTES = 4096;

/** The bytes Lambda counts against {@link LAMBDA_ENVIRONMENT_MAX_BYTES}: every name and value, in UTF-8. */
export function environmentBytes(variables: Record<string, string>): number {
  return Object.entries(variables).reduce(
    (sum, [key, value]) => sum + Buffer.byteLength(key, 'utf8') + Buffer.byteLength(value, 'utf8'),
    0,
  );
}

/** Throws when the variables exceed Lambda's 4 KB, naming the largest ones. */
export function checkEnvironmentSize(variables: Record<string, string>): void {
  const bytes = environmentBytes(variables);
  if (bytes <= LAMBDA_ENVIRONMENT_MAX_BYTES) return;
  const largest = Object.entries(variables)
    .map(([key, value]) => [key, Buffer.byteLength(key) + Buffer.byteLength(value)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([key, size]) => `${key} ${size} B`)
    .join(', ');
  throw new Error(
    `the status service's environment is ${bytes} bytes, over Lambda's ${LAMBDA_ENVIRONMENT_MAX_BYTES}-byte ` +
      `limit for all variables together (largest: ${largest}); put large data in the bundle's files instead`,
  );
}

/** The message thrown when the Lambda bundle has not been built. */
export function missingBundleMessage(bundleDir: string): string {
  return (
    `The status service's Lambda bundle is missing: ${join(bundleDir, 'index.mjs')} does not exist. ` +
    'Build it from the repository root with `pnpm --filter @karst/status build`, then run Pulumi again.'
  );
}

export interface StatusServiceArgs {
  /** Absolute path of the built Lambda folder (apps/status/dist/lambda, holding index.mjs). */
  bundleDir: string;
  /** Fail when `bundleDir/index.mjs` is missing (default true; tests turn it off). */
  requireBundle?: boolean;
  /** Physical function name; defaults to `<name>-<stack>`. */
  functionName?: string;
  tableName: pulumi.Input<string>;
  tableArn: pulumi.Input<string>;
  /**
   * More variables (KARST_DEPLOYMENT_FILE, KARST_STACK, KARST_VERSION, ...), plain strings: all of them
   * together stay within Lambda's 4 KB ({@link LAMBDA_ENVIRONMENT_MAX_BYTES}), checked before anything
   * registers. Large data goes in `files`.
   */
  environment: Record<string, string>;
  /** Bearer token writes need (KARST_WRITE_TOKEN); the component passes it on as a secret only. */
  writeToken?: string;
  /** Files shipped beside the bundle's, by path in the archive (the deployment document, a weather file). */
  files?: Record<string, pulumi.asset.Asset>;
  memoryMb: number;
  /** Default 10 s. */
  timeoutS?: number;
  logRetentionDays: number;
  architecture?: 'arm64';
  tags: Record<string, string>;
  /**
   * How the service is reached: a public function URL (default), or an internal Application Load Balancer
   * in the VPC's private subnets, reachable from inside the VPC only (AWS China has no function URLs).
   */
  endpoint?: StatusEndpointArgs;
}

/** Where the status service answers. */
export type StatusEndpointArgs =
  | { kind: 'function-url' }
  | {
      kind: 'internal-alb';
      vpcId: pulumi.Input<string>;
      /** The only source allowed in, on port 80. */
      vpcCidrBlock: pulumi.Input<string>;
      /** Private subnets in at least two availability zones (an ALB needs two). */
      subnetIds: pulumi.Input<pulumi.Input<string>[]>;
      /** Service principal of Elastic Load Balancing in the partition. */
      elbPrincipal?: string;
    };

/**
 * The status service on Lambda: the bundle from apps/status, a least-privilege role on the telemetry table,
 * its own log group with a retention, and a public Function URL or an internal load balancer.
 */
export class StatusService extends pulumi.ComponentResource {
  public readonly functionName: pulumi.Output<string>;
  public readonly functionArn: pulumi.Output<string>;
  public readonly url: pulumi.Output<string>;
  public readonly roleArn: pulumi.Output<string>;
  public readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: StatusServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    // Checked before the component registers, so a missing bundle creates nothing.
    if (args.requireBundle !== false && !existsSync(join(args.bundleDir, 'index.mjs'))) {
      throw new Error(missingBundleMessage(args.bundleDir));
    }
    validate(args);
    super('karst:service:StatusService', name, {}, opts);

    const functionName = args.functionName ?? defaultFunctionName(name);
    const tags = args.tags;

    // Created here rather than by Lambda on first write so the retention applies and the group is deleted
    // with the stack.
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/aws/lambda/${functionName}`, retentionInDays: args.logRetentionDays, tags },
      { parent: this },
    );

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        assumeRolePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
        tags,
      },
      { parent: this },
    );
    const policy = new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: role.id,
        policy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'TelemetryTable',
              Effect: 'Allow',
              Action: [...STATUS_TABLE_ACTIONS],
              Resource: args.tableArn,
            },
            {
              Sid: 'OwnLogGroup',
              Effect: 'Allow',
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              // Streams are addressed as `<group arn>:log-stream:<name>`, hence the second ARN.
              Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
            },
          ],
        }),
      },
      { parent: this },
    );

    const fn = new aws.lambda.Function(
      `${name}-function`,
      {
        name: functionName,
        description: 'Karst status service',
        role: role.arn,
        runtime: 'nodejs22.x',
        architectures: [args.architecture ?? 'arm64'],
        handler: 'index.handler',
        code: codeArchive(args.bundleDir, args.files ?? {}),
        memorySize: args.memoryMb,
        timeout: args.timeoutS ?? 10,
        environment: { variables: sizedEnvironment(args) },
        loggingConfig: { logGroup: logGroup.name, logFormat: 'JSON' },
        tags,
      },
      // The role's policy must exist before the first invocation writes to the table or the logs.
      { parent: this, dependsOn: [logGroup, policy] },
    );

    const endpoint = args.endpoint ?? { kind: 'function-url' };
    const url =
      endpoint.kind === 'function-url'
        ? functionUrlEndpoint(name, fn, this)
        : internalAlbEndpoint(name, fn, endpoint, tags, this);

    this.functionName = fn.name;
    this.functionArn = fn.arn;
    this.url = url;
    this.roleArn = role.arn;
    this.logGroupName = logGroup.name;
    this.registerOutputs({
      functionName: this.functionName,
      functionArn: this.functionArn,
      url: this.url,
      roleArn: this.roleArn,
      logGroupName: this.logGroupName,
    });
  }
}

/** The bundle's files and `files` in one archive (the bundle alone when there is nothing to add). */
function codeArchive(bundleDir: string, files: Record<string, pulumi.asset.Asset>): pulumi.asset.Archive {
  if (Object.keys(files).length === 0) return new pulumi.asset.FileArchive(bundleDir);
  const bundled: Record<string, pulumi.asset.Asset> = {};
  if (existsSync(bundleDir)) {
    for (const entry of readdirSync(bundleDir, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      bundled[relative(bundleDir, path)] = new pulumi.asset.FileAsset(path);
    }
  } else {
    bundled['index.mjs'] = new pulumi.asset.FileAsset(join(bundleDir, 'index.mjs'));
  }
  return new pulumi.asset.AssetArchive({ ...bundled, ...files });
}

/**
 * The function's variables as Lambda counts them, for the 4 KB check before anything registers: every
 * value is a plain string here except the table name, counted at its longest.
 */
function plainEnvironment(args: StatusServiceArgs): Record<string, string> {
  return {
    ...args.environment,
    ...(args.writeToken === undefined ? {} : { KARST_WRITE_TOKEN: args.writeToken }),
    KARST_STORE: 'dynamodb',
    KARST_TABLE_NAME: typeof args.tableName === 'string' ? args.tableName : 'x'.repeat(TABLE_NAME_MAX_BYTES),
  };
}

/**
 * The function's variables. The write token is wrapped as a secret here, so it never reaches the
 * provider or the state in plain text.
 */
function sizedEnvironment(args: StatusServiceArgs): Record<string, pulumi.Input<string>> {
  return {
    ...args.environment,
    ...(args.writeToken === undefined ? {} : { KARST_WRITE_TOKEN: pulumi.secret(args.writeToken) }),
    KARST_STORE: 'dynamodb',
    KARST_TABLE_NAME: args.tableName,
  };
}

function defaultFunctionName(name: string): string {
  // Lambda names: letters, digits, '-' and '_', at most 64 characters.
  return `${name}-${pulumi.getStack()}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
}

/**
 * What the stack config cannot check: the program's own arguments (timeout, name) and the environment it
 * passes. Memory and log retention come from the config, which checked them once (config.ts).
 */
function validate(args: StatusServiceArgs): void {
  const timeoutS = args.timeoutS ?? 10;
  if (!Number.isInteger(timeoutS) || timeoutS < 1 || timeoutS > 900) {
    throw new Error(`timeoutS must be a whole number of seconds from 1 to 900, got ${timeoutS}`);
  }
  const reserved = Object.keys(args.environment).filter((key) => RESERVED_ENVIRONMENT.has(key));
  if (reserved.length > 0) {
    throw new Error(
      `environment must not set ${reserved.join(', ')}: Lambda sets the AWS_ and runtime variables itself, ` +
        'and the component sets KARST_STORE, KARST_TABLE_NAME and KARST_WRITE_TOKEN (from writeToken)',
    );
  }
  checkEnvironmentSize(plainEnvironment(args));
  if (args.functionName !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(args.functionName)) {
    throw new Error(`functionName must be 1-64 letters, digits, '-' or '_', got '${args.functionName}'`);
  }
}

/** A public function URL: reads are the public status page and API, writes carry the bearer token. */
function functionUrlEndpoint(
  name: string,
  fn: aws.lambda.Function,
  parent: pulumi.Resource,
): pulumi.Output<string> {
  // No IAM auth on the URL: reads are the public status page and API, and writes carry the service's own
  // bearer token (checked in constant time by the app). CORS stays off: the dashboard is same-origin.
  const functionUrl = new aws.lambda.FunctionUrl(
    `${name}-url`,
    { functionName: fn.name, authorizationType: 'NONE' },
    { parent },
  );
  // A public URL needs both statements since October 2025. The provider also adds them when it creates
  // the URL, but declaring them keeps the function's policy visible in previews and restores it if the
  // URL is replaced; the statement ids differ from the provider's, so the two never collide.
  new aws.lambda.Permission(
    `${name}-url-public`,
    {
      function: fn.name,
      statementId: 'KarstPublicFunctionUrl',
      action: 'lambda:InvokeFunctionUrl',
      principal: '*',
      functionUrlAuthType: 'NONE',
    },
    { parent },
  );
  new aws.lambda.Permission(
    `${name}-url-invoke`,
    {
      function: fn.name,
      statementId: 'KarstInvokeViaFunctionUrl',
      action: 'lambda:InvokeFunction',
      principal: '*',
      invokedViaFunctionUrl: true,
    },
    { parent },
  );
  return functionUrl.functionUrl;
}

/**
 * An internal Application Load Balancer in the private subnets with the function as its target: HTTP on
 * port 80 from inside the VPC only (reach it over SSM port forwarding, a VPN or Direct Connect). A public
 * endpoint in AWS China needs an ICP filing first (infra/README.md).
 */
function internalAlbEndpoint(
  name: string,
  fn: aws.lambda.Function,
  endpoint: Extract<StatusEndpointArgs, { kind: 'internal-alb' }>,
  tags: Record<string, string>,
  parent: pulumi.Resource,
): pulumi.Output<string> {
  const securityGroup = new aws.ec2.SecurityGroup(
    `${name}-alb`,
    {
      vpcId: endpoint.vpcId,
      description: 'Karst status service load balancer: HTTP from inside the VPC only',
      ingress: [
        {
          description: 'HTTP from inside the VPC',
          protocol: 'tcp',
          fromPort: 80,
          toPort: 80,
          cidrBlocks: [endpoint.vpcCidrBlock],
        },
      ],
      // A Lambda target is invoked by the load balancer service, not over the network: no egress needed.
      egress: [],
      tags,
    },
    { parent },
  );
  const loadBalancer = new aws.lb.LoadBalancer(
    `${name}-alb`,
    {
      internal: true,
      loadBalancerType: 'application',
      subnets: endpoint.subnetIds,
      securityGroups: [securityGroup.id],
      dropInvalidHeaderFields: true,
      tags,
    },
    { parent },
  );
  const targetGroup = new aws.lb.TargetGroup(`${name}-alb`, { targetType: 'lambda', tags }, { parent });
  const permission = new aws.lambda.Permission(
    `${name}-alb-invoke`,
    {
      function: fn.name,
      statementId: 'KarstInvokeFromLoadBalancer',
      action: 'lambda:InvokeFunction',
      principal: endpoint.elbPrincipal ?? 'elasticloadbalancing.amazonaws.com',
      sourceArn: targetGroup.arn,
    },
    { parent },
  );
  new aws.lb.TargetGroupAttachment(
    `${name}-alb`,
    { targetGroupArn: targetGroup.arn, targetId: fn.arn },
    { parent, dependsOn: [permission] },
  );
  new aws.lb.Listener(
    `${name}-alb-http`,
    {
      loadBalancerArn: loadBalancer.arn,
      port: 80,
      protocol: 'HTTP',
      defaultActions: [{ type: 'forward', targetGroupArn: targetGroup.arn }],
      tags,
    },
    { parent },
  );
  return pulumi.interpolate`http://${loadBalancer.dnsName}/`;
}
