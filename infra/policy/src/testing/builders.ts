// Resource records shaped like the ones the Karst program creates (infra/src/components), for tests.
import type { KarstPolicy } from '../policies/index.js';
import { type OfflineResource, runPolicySet } from '../run-offline.js';

const STACK = 'guiyang';

/** The URN Pulumi gives a resource, optionally under a component's type. */
export function urnOf(type: string, name: string, parentType?: string): string {
  const qualified = parentType === undefined ? type : `${parentType}$${type}`;
  return `urn:pulumi:${STACK}::karst::${qualified}::${name}`;
}

/** A record of any type. */
export function resource(
  type: string,
  name: string,
  props: Record<string, unknown>,
  parentType?: string,
): OfflineResource {
  return { type, name, urn: urnOf(type, name, parentType), props };
}

/** The program's shared tags. */
export function karstTags(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    project: 'karst',
    stack: STACK,
    'karst:site': 'guiyang',
    'karst:managed-by': 'pulumi',
    ...overrides,
  };
}

/** The guiyang stack's budget tags (as infra/src/sizing.ts budgetTags writes them). */
export function guiyangBudgetTags(
  overrides: Record<string, string | undefined> = {},
): Record<string, string> {
  const tags: Record<string, string | undefined> = {
    'karst:site': 'guiyang',
    'karst:site-country': 'CHN',
    'karst:site-region': 'Guizhou',
    'karst:budget-pue': '1.190',
    'karst:budget-peak-facility-kw': '3958.2',
    'karst:budget-cap-kw': '6000.0',
    'karst:budget-max-it-kw': '4537.2',
    'karst:budget-within-cap': 'true',
    'karst:budget-facility-energy-mwh': '31281',
    'karst:budget-max-month-energy-mwh': '2744',
    'karst:node-it-kw': '100.000',
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(tags).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** The compute pool's auto scaling group: 45 nodes of 100 kW fit the 4537.2 kW headroom, 30 run. */
export function computePool(
  options: {
    maxSize?: number;
    desiredCapacity?: number | null;
    minSize?: number;
    tags?: Record<string, string>;
  } = {},
): OfflineResource {
  const tags = options.tags ?? { ...karstTags(), ...guiyangBudgetTags(), Name: 'karst-guiyang-pool-node' };
  return resource(
    'aws:autoscaling/group:Group',
    'karst-guiyang-pool-nodes',
    {
      vpcZoneIdentifiers: ['karst-guiyang-network-private-0-id'],
      minSize: options.minSize ?? 1,
      // null leaves desiredCapacity out, as a group that starts at minSize would.
      ...(options.desiredCapacity === null ? {} : { desiredCapacity: options.desiredCapacity ?? 30 }),
      maxSize: options.maxSize ?? 45,
      launchTemplate: { id: 'karst-guiyang-pool-nodes-id', version: '$Latest' },
      healthCheckType: 'EC2',
      healthCheckGracePeriod: 300,
      tags: Object.entries(tags).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
    },
    'karst:compute:ComputePool',
  );
}

/** The telemetry archive bucket (v7: no inline configuration). */
export function bucket(
  name = 'karst-guiyang-telemetry-archive',
  props: Record<string, unknown> = {},
): OfflineResource {
  return resource(
    'aws:s3/bucket:Bucket',
    name,
    { tags: karstTags(), ...props },
    'karst:storage:TelemetryStore',
  );
}

/** A public access block; `bucketRef` is what the mocks resolve `bucket.id` to. */
export function publicAccessBlock(
  name = 'karst-guiyang-telemetry-archive',
  bucketRef: unknown = `${name}-id`,
  flags: Partial<
    Record<'blockPublicAcls' | 'blockPublicPolicy' | 'ignorePublicAcls' | 'restrictPublicBuckets', unknown>
  > = {},
): OfflineResource {
  return resource(
    'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
    name,
    {
      bucket: bucketRef,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
      ...flags,
    },
    'karst:storage:TelemetryStore',
  );
}

/** A default-encryption configuration with the archive's KMS rule. */
export function encryptionConfig(
  name = 'karst-guiyang-telemetry-archive',
  bucketRef: unknown = `${name}-id`,
  rules: unknown = [
    { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' }, bucketKeyEnabled: true },
  ],
): OfflineResource {
  return resource(
    'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
    name,
    { bucket: bucketRef, rules },
    'karst:storage:TelemetryStore',
  );
}

/** The telemetry table. */
export function table(props: Record<string, unknown> = {}): OfflineResource {
  return resource(
    'aws:dynamodb/table:Table',
    'karst-guiyang-telemetry-telemetry',
    {
      billingMode: 'PAY_PER_REQUEST',
      hashKey: 'pk',
      rangeKey: 'sk',
      attributes: [
        { name: 'pk', type: 'S' },
        { name: 'sk', type: 'S' },
      ],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: true,
      tags: karstTags(),
      ...props,
    },
    'karst:storage:TelemetryStore',
  );
}

/** The nodes' launch template: IMDSv2 only, encrypted gp3 root volume. */
export function launchTemplate(props: Record<string, unknown> = {}): OfflineResource {
  return resource(
    'aws:ec2/launchTemplate:LaunchTemplate',
    'karst-guiyang-pool-nodes',
    {
      imageId: 'ami-0123456789abcdef0',
      instanceType: 't4g.small',
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: { volumeSize: 20, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' },
        },
      ],
      tags: { ...karstTags(), Name: 'karst-guiyang-pool-nodes' },
      ...props,
    },
    'karst:compute:ComputePool',
  );
}

/** A security group with inline ingress (the nodes' group by default: HTTPS from the VPC only). */
export function securityGroup(
  ingress: Record<string, unknown>[] = [
    {
      description: 'HTTPS from inside the VPC',
      protocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrBlocks: ['10.40.0.0/16'],
    },
  ],
  name = 'karst-guiyang-pool-nodes',
): OfflineResource {
  return resource(
    'aws:ec2/securityGroup:SecurityGroup',
    name,
    {
      vpcId: 'karst-guiyang-network-vpc-id',
      ingress,
      egress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] }],
      tags: karstTags(),
    },
    'karst:compute:ComputePool',
  );
}

/** A standalone `vpc.SecurityGroupIngressRule`. */
export function ingressRule(name: string, props: Record<string, unknown>): OfflineResource {
  return resource('aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule', name, {
    securityGroupId: 'karst-guiyang-pool-nodes-id',
    ...props,
  });
}

/** A standalone `ec2.SecurityGroupRule`. */
export function securityGroupRule(name: string, props: Record<string, unknown>): OfflineResource {
  return resource('aws:ec2/securityGroupRule:SecurityGroupRule', name, {
    securityGroupId: 'karst-guiyang-pool-nodes-id',
    ...props,
  });
}

/** An inline role policy whose document is serialized like `pulumi.jsonStringify` leaves it. */
export function rolePolicy(name: string, statements: Record<string, unknown>[]): OfflineResource {
  return resource('aws:iam/rolePolicy:RolePolicy', name, {
    role: `${name}-id`,
    policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
  });
}

/** The status service's role policy: table actions on the table, log writes on its log group. */
export function statusRolePolicy(): OfflineResource {
  return rolePolicy('karst-guiyang-status-policy', [
    {
      Effect: 'Allow',
      Action: [
        'dynamodb:PutItem',
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'dynamodb:DescribeTable',
      ],
      Resource: 'arn:aws-cn:mock:cn-northwest-1:123456789012:Table/karst-guiyang-telemetry-telemetry',
    },
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [
        'arn:aws-cn:mock:cn-northwest-1:123456789012:LogGroup/karst-guiyang-status-logs',
        'arn:aws-cn:mock:cn-northwest-1:123456789012:LogGroup/karst-guiyang-status-logs:*',
      ],
    },
  ]);
}

/** A role policy attachment. */
export function rolePolicyAttachment(name: string, policyArn: string): OfflineResource {
  return resource('aws:iam/rolePolicyAttachment:RolePolicyAttachment', name, {
    role: 'karst-guiyang-pool-nodes-id',
    policyArn,
  });
}

/** A log group (the flow logs' by default). */
export function logGroup(props: Record<string, unknown> = { retentionInDays: 30 }): OfflineResource {
  return resource(
    'aws:cloudwatch/logGroup:LogGroup',
    'karst-guiyang-network-flow-logs',
    { name: '/karst/guiyang/karst-guiyang-network/vpc-flow-logs', tags: karstTags(), ...props },
    'karst:network:Network',
  );
}

/**
 * A compliant stack shaped like `pnpm preview:offline`'s guiyang plan: network, pool, storage, service
 * and alerts, one of each kind the policies read.
 */
export function compliantStack(): OfflineResource[] {
  return [
    resource('karst:network:Network', 'karst-guiyang-network', {}),
    resource(
      'aws:ec2/vpc:Vpc',
      'karst-guiyang-network-vpc',
      { cidrBlock: '10.40.0.0/16', enableDnsSupport: true, enableDnsHostnames: true, tags: karstTags() },
      'karst:network:Network',
    ),
    resource(
      'aws:ec2/subnet:Subnet',
      'karst-guiyang-network-private-0',
      {
        cidrBlock: '10.40.128.0/20',
        mapPublicIpOnLaunch: false,
        tags: { ...karstTags(), 'karst:tier': 'private' },
      },
      'karst:network:Network',
    ),
    resource(
      'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup',
      'karst-guiyang-network-default-sg',
      { vpcId: 'karst-guiyang-network-vpc-id', ingress: [], egress: [], tags: karstTags() },
      'karst:network:Network',
    ),
    logGroup(),
    rolePolicy('karst-guiyang-network-flow-logs', [
      {
        Effect: 'Allow',
        Action: [
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'logs:DescribeLogGroups',
          'logs:DescribeLogStreams',
        ],
        Resource: [
          'arn:aws-cn:mock:cn-northwest-1:123456789012:LogGroup/karst-guiyang-network-flow-logs',
          'arn:aws-cn:mock:cn-northwest-1:123456789012:LogGroup/karst-guiyang-network-flow-logs:*',
        ],
      },
    ]),
    securityGroup(),
    rolePolicyAttachment(
      'karst-guiyang-pool-nodes-ssm',
      'arn:aws-cn:iam::aws:policy/AmazonSSMManagedInstanceCore',
    ),
    launchTemplate(),
    computePool(),
    table(),
    bucket(),
    publicAccessBlock(),
    encryptionConfig(),
    resource(
      'aws:cloudwatch/logGroup:LogGroup',
      'karst-guiyang-status-logs',
      { name: '/aws/lambda/karst-guiyang-status-guiyang', retentionInDays: 30, tags: karstTags() },
      'karst:service:StatusService',
    ),
    statusRolePolicy(),
    resource(
      'aws:lambda/function:Function',
      'karst-guiyang-status',
      { runtime: 'nodejs22.x', handler: 'index.handler', memorySize: 256, tags: karstTags() },
      'karst:service:StatusService',
    ),
    resource(
      'aws:kms/key:Key',
      'karst-guiyang-observability-alerts',
      {
        enableKeyRotation: true,
        // A key policy must name Resource '*' (the key itself): kms keys are not IAM policies.
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws-cn:iam::123456789012:root' },
              Action: 'kms:*',
              Resource: '*',
            },
          ],
        }),
        tags: karstTags(),
      },
      'karst:observability:Observability',
    ),
    resource(
      'aws:sns/topic:Topic',
      'karst-guiyang-observability-alerts',
      { displayName: 'Karst guiyang alerts', kmsMasterKeyId: 'arn:aws-cn:kms:key', tags: karstTags() },
      'karst:observability:Observability',
    ),
  ];
}

/** The messages one policy reports over `resources`. */
export function messagesOf(policy: KarstPolicy, resources: OfflineResource[]): string[] {
  return runPolicySet([policy], resources).map((violation) => violation.message);
}
