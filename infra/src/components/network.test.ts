import { beforeEach, describe, expect, it } from 'vitest';
import { mockedResources, outputValue, registerMocks, resourcesOfType, settled } from '../testing/mocks.js';

// Mocks first: the component module must not construct anything before they are in place.
registerMocks();
const { Network, pickAvailabilityZones, subnetCidrs } = await import('./network.js');
type NetworkArgs = import('./network.js').NetworkArgs;

const TAGS = { project: 'karst', stack: 'test' };

function args(overrides: Partial<NetworkArgs> = {}): NetworkArgs {
  return {
    cidrBlock: '10.40.0.0/16',
    availabilityZoneCount: 3,
    natGateways: 'per-az',
    flowLogRetentionDays: 30,
    tags: TAGS,
    ...overrides,
  };
}

/** Builds a network and waits until every child resource has reached the mocks. */
async function build(overrides: Partial<NetworkArgs> = {}) {
  const network = new Network('net', args(overrides));
  await outputValue(network.privateRouteTableIds);
  await settled();
  return network;
}

function byName(type: string, name: string) {
  const found = resourcesOfType(type).find((resource) => resource.name === name);
  if (!found) throw new Error(`no ${type} named ${name}`);
  return found.inputs;
}

/**
 * Runs `body` with Pulumi's failed resource registrations captured instead of reported as unhandled by
 * vitest: an Output that throws fails every resource that consumes it, each as its own rejection.
 */
async function captureUnhandledRejections(body: () => Promise<void>): Promise<unknown[]> {
  const captured: unknown[] = [];
  const previous = process.listeners('unhandledRejection');
  const capture = (reason: unknown) => {
    captured.push(reason);
  };
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', capture);
  try {
    await body();
  } finally {
    process.off('unhandledRejection', capture);
    for (const listener of previous) process.on('unhandledRejection', listener);
  }
  return captured;
}

describe('subnetCidrs', () => {
  it('puts public /20s at the bottom of the first half and private /20s at the bottom of the second', () => {
    expect(subnetCidrs('10.40.0.0/16', 3)).toEqual({
      publicCidrs: ['10.40.0.0/20', '10.40.16.0/20', '10.40.32.0/20'],
      privateCidrs: ['10.40.128.0/20', '10.40.144.0/20', '10.40.160.0/20'],
    });
  });

  it('keeps existing subnets in place when a zone is added', () => {
    const two = subnetCidrs('10.40.0.0/16', 2);
    const three = subnetCidrs('10.40.0.0/16', 3);
    expect(three.publicCidrs.slice(0, 2)).toEqual(two.publicCidrs);
    expect(three.privateCidrs.slice(0, 2)).toEqual(two.privateCidrs);
  });

  it('fits up to 4 zones in a /17 and one in a /19', () => {
    expect(subnetCidrs('172.16.128.0/17', 4).privateCidrs).toEqual([
      '172.16.192.0/20',
      '172.16.208.0/20',
      '172.16.224.0/20',
      '172.16.240.0/20',
    ]);
    expect(subnetCidrs('192.168.32.0/19', 1)).toEqual({
      publicCidrs: ['192.168.32.0/20'],
      privateCidrs: ['192.168.48.0/20'],
    });
  });

  it('rejects a VPC CIDR too small for the zones, naming the config key and the size needed', () => {
    expect(() => subnetCidrs('10.40.0.0/18', 3)).toThrow(
      /karst:aws\.vpcCidr 10\.40\.0\.0\/18 is too small.*\/17/,
    );
    expect(() => subnetCidrs('10.40.0.0/20', 1)).toThrow(/karst:aws\.vpcCidr.*too small.*\/19/);
    expect(() => subnetCidrs('10.40.0.0/24', 1)).toThrow(/karst:aws\.vpcCidr.*too small/);
    expect(() => subnetCidrs('10.40.0.0/16', 9)).toThrow(/at most 8 zones/);
  });

  it('rejects malformed CIDRs, host bits, blocks larger than AWS allows and a zone count below one', () => {
    for (const bad of ['10.40.0/16', '10.40.0.0', '300.1.0.0/16', '10.40.0.0/33', 'ten/16', '']) {
      expect(() => subnetCidrs(bad, 2), bad).toThrow(/karst:aws\.vpcCidr must be an IPv4 CIDR/);
    }
    expect(() => subnetCidrs('10.40.1.0/16', 2)).toThrow(/host bits set; did you mean 10\.40\.0\.0\/16/);
    expect(() => subnetCidrs('10.0.0.0/8', 2)).toThrow(
      /karst:aws\.vpcCidr 10\.0\.0\.0\/8 is larger than the \/16/,
    );
    expect(() => subnetCidrs('10.40.0.0/16', 0)).toThrow(/at least one availability zone/);
    expect(() => subnetCidrs('10.40.0.0/16', 1.5)).toThrow(/at least one availability zone/);
  });
});

describe('pickAvailabilityZones', () => {
  it('takes the first zones in order and refuses when the region has too few', () => {
    expect(pickAvailabilityZones(['a', 'b', 'c'], 2)).toEqual(['a', 'b']);
    expect(() => pickAvailabilityZones(['a', 'b'], 3)).toThrow(
      /asks for 3 availability zones but the region has only 2 available \(a, b\).*karst:aws\.availabilityZones/,
    );
  });
});

describe('Network', () => {
  beforeEach(() => {
    mockedResources.length = 0;
  });

  it('registers as a karst:network:Network component', async () => {
    await build();
    expect(resourcesOfType('karst:network:Network').map((resource) => resource.name)).toEqual(['net']);
  });

  it('creates a DNS-enabled VPC and locks its default security group down to no rules', async () => {
    const network = await build();
    const [vpc, ...others] = resourcesOfType('aws:ec2/vpc:Vpc');
    expect(others).toHaveLength(0);
    expect(vpc?.inputs).toMatchObject({
      cidrBlock: '10.40.0.0/16',
      enableDnsSupport: true,
      enableDnsHostnames: true,
    });
    expect(await outputValue(network.vpcId)).toBe('net-vpc-id');
    expect(await outputValue(network.vpcCidrBlock)).toBe('10.40.0.0/16');

    const defaultGroups = resourcesOfType('aws:ec2/defaultSecurityGroup:DefaultSecurityGroup');
    expect(defaultGroups).toHaveLength(1);
    expect(defaultGroups[0]?.inputs).toMatchObject({ vpcId: 'net-vpc-id', ingress: [], egress: [] });
  });

  it('spreads public and private subnets over the zones with carved CIDRs and no public IPs on launch', async () => {
    const network = await build();
    const subnets = resourcesOfType('aws:ec2/subnet:Subnet');
    expect(subnets).toHaveLength(6);
    for (const subnet of subnets) {
      expect(subnet.inputs.mapPublicIpOnLaunch, subnet.name).toBe(false);
      expect(subnet.inputs.vpcId).toBe('net-vpc-id');
    }
    const zones = ['cn-northwest-1a', 'cn-northwest-1b', 'cn-northwest-1c'];
    const { publicCidrs, privateCidrs } = subnetCidrs('10.40.0.0/16', 3);
    zones.forEach((zone, index) => {
      expect(byName('aws:ec2/subnet:Subnet', `net-public-${index}`)).toMatchObject({
        availabilityZone: zone,
        cidrBlock: publicCidrs[index],
      });
      expect(byName('aws:ec2/subnet:Subnet', `net-private-${index}`)).toMatchObject({
        availabilityZone: zone,
        cidrBlock: privateCidrs[index],
      });
    });
    expect(await outputValue(network.availabilityZones)).toEqual(zones);
    expect(await outputValue(network.publicSubnetIds)).toEqual([
      'net-public-0-id',
      'net-public-1-id',
      'net-public-2-id',
    ]);
    expect(await outputValue(network.privateSubnetIds)).toEqual([
      'net-private-0-id',
      'net-private-1-id',
      'net-private-2-id',
    ]);
  });

  it('per-az: one EIP and NAT gateway per zone, each private route table egressing through its own NAT', async () => {
    const network = await build({ natGateways: 'per-az' });
    expect(network.natGatewayCount).toBe(3);
    expect(resourcesOfType('aws:ec2/internetGateway:InternetGateway')).toHaveLength(1);
    const eips = resourcesOfType('aws:ec2/eip:Eip');
    expect(eips).toHaveLength(3);
    for (const eip of eips) expect(eip.inputs.domain).toBe('vpc');
    const nats = resourcesOfType('aws:ec2/natGateway:NatGateway');
    expect(nats).toHaveLength(3);
    [0, 1, 2].forEach((index) => {
      expect(byName('aws:ec2/natGateway:NatGateway', `net-nat-${index}`)).toMatchObject({
        allocationId: `net-nat-${index}-id`,
        subnetId: `net-public-${index}-id`,
      });
      expect(byName('aws:ec2/route:Route', `net-private-${index}-default`)).toMatchObject({
        routeTableId: `net-private-${index}-rt-id`,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: `net-nat-${index}-id`,
      });
    });

    // One public table plus one per zone; a default route each; every subnet associated.
    expect(resourcesOfType('aws:ec2/routeTable:RouteTable')).toHaveLength(4);
    expect(resourcesOfType('aws:ec2/route:Route')).toHaveLength(4);
    expect(byName('aws:ec2/route:Route', 'net-public-default')).toMatchObject({
      routeTableId: 'net-public-rt-id',
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: 'net-igw-id',
    });
    const associations = resourcesOfType('aws:ec2/routeTableAssociation:RouteTableAssociation');
    expect(associations).toHaveLength(6);
    expect(
      associations.map((association) => [association.inputs.subnetId, association.inputs.routeTableId]),
    ).toEqual(
      expect.arrayContaining([
        ['net-public-0-id', 'net-public-rt-id'],
        ['net-public-2-id', 'net-public-rt-id'],
        ['net-private-0-id', 'net-private-0-rt-id'],
        ['net-private-2-id', 'net-private-2-rt-id'],
      ]),
    );
    expect(await outputValue(network.privateRouteTableIds)).toEqual([
      'net-private-0-rt-id',
      'net-private-1-rt-id',
      'net-private-2-rt-id',
    ]);
  });

  it('single: one EIP and NAT gateway in the first public subnet, shared by every private route table', async () => {
    const network = await build({ natGateways: 'single' });
    expect(network.natGatewayCount).toBe(1);
    expect(resourcesOfType('aws:ec2/eip:Eip')).toHaveLength(1);
    const nats = resourcesOfType('aws:ec2/natGateway:NatGateway');
    expect(nats).toHaveLength(1);
    expect(nats[0]?.inputs).toMatchObject({ allocationId: 'net-nat-0-id', subnetId: 'net-public-0-id' });
    const privateRoutes = resourcesOfType('aws:ec2/route:Route').filter((route) =>
      route.name.includes('private'),
    );
    expect(privateRoutes).toHaveLength(3);
    for (const route of privateRoutes) expect(route.inputs.natGatewayId).toBe('net-nat-0-id');
    expect(resourcesOfType('aws:ec2/routeTable:RouteTable')).toHaveLength(4);
    expect(resourcesOfType('aws:ec2/subnet:Subnet')).toHaveLength(6);
  });

  it('scales with the zone count', async () => {
    const network = await build({ availabilityZoneCount: 2, natGateways: 'per-az' });
    expect(network.natGatewayCount).toBe(2);
    expect(resourcesOfType('aws:ec2/subnet:Subnet')).toHaveLength(4);
    expect(resourcesOfType('aws:ec2/natGateway:NatGateway')).toHaveLength(2);
    expect(resourcesOfType('aws:ec2/routeTable:RouteTable')).toHaveLength(3);
    expect(await outputValue(network.availabilityZones)).toEqual(['cn-northwest-1a', 'cn-northwest-1b']);
  });

  it('attaches S3 and DynamoDB gateway endpoints to the private route tables only', async () => {
    await build();
    const endpoints = resourcesOfType('aws:ec2/vpcEndpoint:VpcEndpoint');
    expect(endpoints.map((endpoint) => endpoint.inputs.serviceName).sort()).toEqual([
      'com.amazonaws.cn-northwest-1.dynamodb',
      'com.amazonaws.cn-northwest-1.s3',
    ]);
    for (const endpoint of endpoints) {
      expect(endpoint.inputs).toMatchObject({
        vpcId: 'net-vpc-id',
        vpcEndpointType: 'Gateway',
        routeTableIds: ['net-private-0-rt-id', 'net-private-1-rt-id', 'net-private-2-rt-id'],
      });
    }
  });

  it('sends all VPC traffic logs to a retained log group through a role scoped to that group', async () => {
    const network = await build({ flowLogRetentionDays: 90 });
    const logGroups = resourcesOfType('aws:cloudwatch/logGroup:LogGroup');
    expect(logGroups).toHaveLength(1);
    expect(logGroups[0]?.inputs).toMatchObject({
      name: '/karst/guiyang/net/vpc-flow-logs',
      retentionInDays: 90,
    });
    expect(await outputValue(network.flowLogGroupName)).toBe('/karst/guiyang/net/vpc-flow-logs');
    const logGroupArn = 'arn:aws-cn:mock:cn-northwest-1:123456789012:LogGroup/net-flow-logs';

    const role = byName('aws:iam/role:Role', 'net-flow-logs');
    const trust = JSON.parse(role.assumeRolePolicy as string);
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      },
    ]);

    const rolePolicies = resourcesOfType('aws:iam/rolePolicy:RolePolicy');
    expect(rolePolicies).toHaveLength(1);
    expect(rolePolicies[0]?.inputs.role).toBe('net-flow-logs-id');
    const policy = JSON.parse(rolePolicies[0]?.inputs.policy as string);
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0].Effect).toBe('Allow');
    expect([...policy.Statement[0].Action].sort()).toEqual([
      'logs:CreateLogStream',
      'logs:DescribeLogGroups',
      'logs:DescribeLogStreams',
      'logs:PutLogEvents',
    ]);
    expect(policy.Statement[0].Resource).toEqual([logGroupArn, `${logGroupArn}:*`]);
    expect(JSON.stringify(policy)).not.toContain('"*"');

    const flowLogs = resourcesOfType('aws:ec2/flowLog:FlowLog');
    expect(flowLogs).toHaveLength(1);
    expect(flowLogs[0]?.inputs).toMatchObject({
      vpcId: 'net-vpc-id',
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroupArn,
      iamRoleArn: 'arn:aws-cn:mock:cn-northwest-1:123456789012:Role/net-flow-logs',
    });
  });

  it('tags every taggable resource with the given tags and a Name', async () => {
    await build();
    const taggable = mockedResources.filter((resource) => 'tags' in resource.inputs);
    expect(taggable.length).toBeGreaterThanOrEqual(20);
    for (const resource of taggable) {
      expect(resource.inputs.tags, `${resource.type} ${resource.name}`).toMatchObject(TAGS);
      expect((resource.inputs.tags as Record<string, string>).Name).toMatch(/^net-/);
    }
  });

  it('fails with a clear error when the region has fewer zones than asked, creating no subnet', async () => {
    const failures = await captureUnhandledRejections(async () => {
      new Network('net', args({ availabilityZoneCount: 4 }));
      await settled();
    });
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(String(failure)).toMatch(
        /asks for 4 availability zones but the region has only 3 available \(cn-northwest-1a, cn-northwest-1b, cn-northwest-1c\)/,
      );
    }
    expect(resourcesOfType('aws:ec2/subnet:Subnet')).toHaveLength(0);
    expect(resourcesOfType('aws:ec2/natGateway:NatGateway')).toHaveLength(0);
  });

  it('rejects a bad VPC CIDR before creating anything', async () => {
    expect(() => new Network('net', args({ cidrBlock: '10.40.0.0/18' }))).toThrow(/karst:aws\.vpcCidr/);
    await settled();
    expect(mockedResources).toHaveLength(0);
  });
});
