import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockedResources, outputValue, registerMocks, resourcesOfType, settled } from '../testing/mocks.js';

// Mocks first: the component module must not construct anything before they are in place.
registerMocks();
const { ComputePool, amiParameterName, nodeArchitecture, validatePoolSizes } = await import(
  './compute-pool.js'
);
type ComputePoolArgs = import('./compute-pool.js').ComputePoolArgs;

// aws.ssm re-exports through non-configurable getters that read this module on every access, so a spy here
// sees the component's call.
const getParameterModule: { getParameterOutput: (...args: unknown[]) => unknown } = createRequire(
  import.meta.url,
)('@pulumi/aws/ssm/getParameter.js');

const TAGS = { project: 'karst', stack: 'test' };
const BUDGET_TAGS = { 'karst:budget-max-nodes': '12', 'karst:budget-peak-kw': '5400' };
const VPC_CIDR = '10.40.0.0/16';

function args(overrides: Partial<ComputePoolArgs> = {}): ComputePoolArgs {
  return {
    vpcId: 'vpc-123',
    vpcCidrBlock: VPC_CIDR,
    subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
    instanceType: 't4g.small',
    minSize: 1,
    desiredSize: 4,
    maxSize: 12,
    rootVolumeGb: 30,
    tags: TAGS,
    budgetTags: BUDGET_TAGS,
    ...overrides,
  };
}

/** Builds a pool and waits until every child resource has reached the mocks. */
async function build(overrides: Partial<ComputePoolArgs> = {}) {
  const pool = new ComputePool('pool', args(overrides));
  await outputValue(pool.launchTemplateId);
  await settled();
  return pool;
}

function only(type: string): Record<string, unknown> {
  const found = resourcesOfType(type);
  expect(found, type).toHaveLength(1);
  return found[0]!.inputs;
}

interface Rule {
  protocol: string;
  fromPort: number;
  toPort: number;
  cidrBlocks?: string[];
  ipv6CidrBlocks?: string[];
}

describe('nodeArchitecture', () => {
  it('recognises Graviton families as arm64', () => {
    for (const type of ['t4g.small', 'm7g.large', 'c7g.xlarge', 'r7g.2xlarge', 'c7gn.large', 'm8gd.large']) {
      expect(nodeArchitecture(type), type).toBe('arm64');
    }
    for (const type of ['im4gn.large', 'is4gen.xlarge', 'g5g.xlarge', 'a1.medium', 'x2gd.large']) {
      expect(nodeArchitecture(type), type).toBe('arm64');
    }
  });

  it('treats everything else as x86_64', () => {
    for (const type of [
      't3.micro',
      'm5.large',
      'c6i.xlarge',
      'm7a.large',
      'c5n.large',
      'g4dn.xlarge',
      'g4ad.xlarge',
    ]) {
      expect(nodeArchitecture(type), type).toBe('x86_64');
    }
  });

  it('names the public Amazon Linux 2023 parameters', () => {
    expect(amiParameterName('arm64')).toBe(
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64',
    );
    expect(amiParameterName('x86_64')).toBe(
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    );
  });
});

describe('validatePoolSizes', () => {
  it('accepts 0 <= min <= desired <= max', () => {
    expect(() => validatePoolSizes({ minSize: 0, desiredSize: 0, maxSize: 0 })).not.toThrow();
    expect(() => validatePoolSizes({ minSize: 1, desiredSize: 3, maxSize: 3 })).not.toThrow();
  });

  it('names karst:aws.desiredNodes and the computed max when desired is out of range', () => {
    expect(() => validatePoolSizes({ minSize: 1, desiredSize: 13, maxSize: 12 })).toThrow(
      /karst:aws\.desiredNodes \(13\) exceeds the computed max of 12 nodes/,
    );
    expect(() => validatePoolSizes({ minSize: 2, desiredSize: 1, maxSize: 12 })).toThrow(
      /karst:aws\.desiredNodes \(1\) is below the compute pool's minimum of 2/,
    );
  });

  it('rejects a minimum above the computed max and negative or fractional sizes', () => {
    expect(() => validatePoolSizes({ minSize: 5, desiredSize: 5, maxSize: 4 })).toThrow(
      /minimum of 5 nodes exceeds the computed max of 4 nodes/,
    );
    expect(() => validatePoolSizes({ minSize: -1, desiredSize: 0, maxSize: 4 })).toThrow(
      /non-negative integers/,
    );
    expect(() => validatePoolSizes({ minSize: 0, desiredSize: 1.5, maxSize: 4 })).toThrow(
      /non-negative integers.*karst:aws\.desiredNodes/,
    );
  });
});

describe('ComputePool', () => {
  beforeEach(() => {
    mockedResources.length = 0;
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('registers as a karst:compute:ComputePool component with its outputs', async () => {
    const pool = await build();
    expect(resourcesOfType('karst:compute:ComputePool').map((resource) => resource.name)).toEqual(['pool']);
    expect(await outputValue(pool.launchTemplateId)).toBe('pool-nodes-id');
    expect(await outputValue(pool.securityGroupId)).toBe('pool-nodes-id');
    expect(pool.maxSize).toBe(12);
    expect(pool.desiredSize).toBe(4);
  });

  it('launches IMDSv2-only nodes with hop limit 1, an encrypted gp3 root volume and no public IP', async () => {
    await build({ rootVolumeGb: 40 });
    const template = only('aws:ec2/launchTemplate:LaunchTemplate');
    expect(template).toMatchObject({
      instanceType: 't4g.small',
      imageId: 'ami-0123456789abcdef0',
      iamInstanceProfile: { arn: 'arn:aws-cn:mock:cn-northwest-1:123456789012:InstanceProfile/pool-nodes' },
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
    });
    expect(template.blockDeviceMappings).toEqual([
      {
        deviceName: '/dev/xvda',
        ebs: { volumeSize: 40, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' },
      },
    ]);
    expect(template.networkInterfaces).toEqual([
      {
        deviceIndex: 0,
        associatePublicIpAddress: 'false',
        securityGroups: ['pool-nodes-id'],
        deleteOnTermination: 'true',
      },
    ]);
  });

  it('tags instances and volumes with the tags and the budget tags', async () => {
    await build();
    const template = only('aws:ec2/launchTemplate:LaunchTemplate');
    const specs = template.tagSpecifications as { resourceType: string; tags: Record<string, string> }[];
    expect(specs.map((spec) => spec.resourceType).sort()).toEqual(['instance', 'volume']);
    for (const spec of specs) expect(spec.tags).toMatchObject({ ...TAGS, ...BUDGET_TAGS, Name: 'pool-node' });
  });

  it('resolves the arm64 Amazon Linux 2023 AMI for a Graviton type and x86_64 otherwise', async () => {
    const spy = vi.spyOn(getParameterModule, 'getParameterOutput');
    await build({ instanceType: 't4g.small' });
    await build({ instanceType: 'm6i.large' });
    expect(spy.mock.calls.map((call) => (call[0] as { name: string }).name)).toEqual([
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64',
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    ]);
  });

  it('allows no ingress from the internet: 443 from the VPC in, 443 out, nothing else', async () => {
    await build();
    const group = only('aws:ec2/securityGroup:SecurityGroup');
    expect(group.vpcId).toBe('vpc-123');
    const ingress = group.ingress as Rule[];
    const egress = group.egress as Rule[];
    for (const rule of ingress) {
      expect(rule.cidrBlocks ?? []).not.toContain('0.0.0.0/0');
      expect(rule.ipv6CidrBlocks ?? []).not.toContain('::/0');
    }
    expect(ingress).toEqual([
      expect.objectContaining({ protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: [VPC_CIDR] }),
    ]);
    expect(egress).toEqual([
      expect.objectContaining({ protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] }),
    ]);
    expect(egress[0]?.ipv6CidrBlocks).toBeUndefined();
    // Standalone rules would widen the group behind the inline ones' back.
    expect(resourcesOfType('aws:ec2/securityGroupRule:SecurityGroupRule')).toHaveLength(0);
    expect(resourcesOfType('aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule')).toHaveLength(0);
  });

  it('gives the nodes an EC2 role with AmazonSSMManagedInstanceCore only, in the partition of the region', async () => {
    await build();
    const role = only('aws:iam/role:Role');
    const trust = JSON.parse(role.assumeRolePolicy as string);
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] },
        Action: 'sts:AssumeRole',
      },
    ]);
    expect(only('aws:iam/rolePolicyAttachment:RolePolicyAttachment').policyArn).toBe(
      'arn:aws-cn:iam::aws:policy/AmazonSSMManagedInstanceCore',
    );
    expect(resourcesOfType('aws:iam/rolePolicy:RolePolicy')).toHaveLength(0);
    expect(role.managedPolicyArns).toBeUndefined();
    expect(role.inlinePolicies).toBeUndefined();
    expect(only('aws:iam/instanceProfile:InstanceProfile').role).toBe(role.name);
  });

  it('runs an EC2-checked auto scaling group in the private subnets with the sizes and propagated tags', async () => {
    await build();
    const group = only('aws:autoscaling/group:Group');
    expect(group).toMatchObject({
      vpcZoneIdentifiers: ['subnet-a', 'subnet-b', 'subnet-c'],
      minSize: 1,
      desiredCapacity: 4,
      maxSize: 12,
      // The template's version number (the mocks' first), so a changed template changes the group.
      launchTemplate: { id: 'pool-nodes-id', version: '1' },
      healthCheckType: 'EC2',
    });
    const tags = group.tags as { key: string; value: string; propagateAtLaunch: boolean }[];
    expect(tags.every((tag) => tag.propagateAtLaunch)).toBe(true);
    expect(Object.fromEntries(tags.map((tag) => [tag.key, tag.value]))).toEqual({
      ...TAGS,
      ...BUDGET_TAGS,
      Name: 'pool-node',
    });
  });

  it('rolls the nodes onto a changed launch template with an instance refresh', async () => {
    await build();
    // A refresh starts whenever the group's launch template changes (aws.autoscaling.Group instanceRefresh),
    // which the pinned version number makes happen on every template change, a new AMI included.
    expect(only('aws:autoscaling/group:Group').instanceRefresh).toEqual({
      strategy: 'Rolling',
      preferences: { minHealthyPercentage: 90, instanceWarmup: '300' },
    });
  });

  it('lets budget tags win over plain tags of the same key', async () => {
    await build({ tags: { ...TAGS, 'karst:budget-max-nodes': 'stale' } });
    const tags = only('aws:autoscaling/group:Group').tags as { key: string; value: string }[];
    expect(tags.filter((tag) => tag.key === 'karst:budget-max-nodes')).toEqual([
      expect.objectContaining({ value: '12' }),
    ]);
  });

  it('refuses sizes outside 0 <= min <= desired <= max, a bad type or root volume, creating nothing', async () => {
    expect(() => new ComputePool('pool', args({ desiredSize: 13 }))).toThrow(
      /karst:aws\.desiredNodes.*max of 12/,
    );
    expect(() => new ComputePool('pool', args({ minSize: 5, desiredSize: 4 }))).toThrow(
      /karst:aws\.desiredNodes/,
    );
    expect(() => new ComputePool('pool', args({ minSize: 13, desiredSize: 13 }))).toThrow(
      /computed max of 12/,
    );
    await settled();
    expect(mockedResources).toHaveLength(0);
  });
});
