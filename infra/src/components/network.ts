import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** Every subnet is a /20: 4,091 usable addresses, room for a node pool per zone without re-carving later. */
export const SUBNET_PREFIX = 20;

/** Public and private subnet CIDRs, index i in each list belonging to availability zone i. */
export interface SubnetCidrs {
  publicCidrs: string[];
  privateCidrs: string[];
}

/**
 * Carves /20 subnets out of a VPC CIDR: public subnets from the bottom of the first half, private ones from
 * the bottom of the second half. Each subnet's CIDR depends only on its zone index, so adding a zone later
 * adds subnets without replacing the existing ones. Throws when the CIDR is malformed or too small.
 */
export function subnetCidrs(vpcCidr: string, count: number): SubnetCidrs {
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`A network needs at least one availability zone; got ${count}.`);
  }
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(vpcCidr.trim());
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const prefix = match ? Number(match[5]) : Number.NaN;
  if (!match || octets.some((octet) => octet > 255) || prefix > 32) {
    throw new Error(`karst:aws.vpcCidr must be an IPv4 CIDR such as 10.40.0.0/16; got '${vpcCidr}'.`);
  }
  // AWS refuses VPC blocks larger than /16.
  if (prefix < 16) {
    throw new Error(`karst:aws.vpcCidr ${vpcCidr} is larger than the /16 AWS allows for a VPC.`);
  }
  const base = octets.reduce((address, octet) => address * 256 + octet, 0);
  const hostBits = 32 - prefix;
  const network = base - (base % 2 ** hostBits);
  if (network !== base) {
    throw new Error(
      `karst:aws.vpcCidr ${vpcCidr} has host bits set; did you mean ${formatAddress(network)}/${prefix}?`,
    );
  }
  const blocks = prefix <= SUBNET_PREFIX ? 2 ** (SUBNET_PREFIX - prefix) : 0;
  const half = blocks / 2;
  if (half < count) {
    const needed = SUBNET_PREFIX - Math.ceil(Math.log2(2 * count));
    const advice = needed >= 16 ? `use a /${needed} or larger` : 'a /16 VPC holds at most 8 zones';
    throw new Error(
      `karst:aws.vpcCidr ${vpcCidr} is too small: ${count} availability zone(s) need ${2 * count} /${SUBNET_PREFIX} ` +
        `subnets (a public and a private one per zone, in two halves of the VPC); ${advice}.`,
    );
  }
  const blockSize = 2 ** (32 - SUBNET_PREFIX);
  const cidrAt = (index: number): string => `${formatAddress(base + index * blockSize)}/${SUBNET_PREFIX}`;
  const indexes = Array.from({ length: count }, (_, index) => index);
  return {
    publicCidrs: indexes.map((index) => cidrAt(index)),
    privateCidrs: indexes.map((index) => cidrAt(half + index)),
  };
}

function formatAddress(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

/**
 * The first `count` zone names, or an error naming what exists: subnets must never fall back to an
 * AZ chosen by AWS, which would silently stack two "zones" in one.
 */
export function pickAvailabilityZones(names: readonly string[], count: number): string[] {
  if (names.length < count) {
    throw new Error(
      `The network asks for ${count} availability zones but the region has only ${names.length} available ` +
        `(${names.join(', ') || 'none'}); lower karst:aws.availabilityZones.`,
    );
  }
  return names.slice(0, count);
}

/** Inputs of {@link Network}. */
export interface NetworkArgs {
  /** The VPC's IPv4 block, /16 to /20 depending on the zone count (config `karst:aws.vpcCidr`). */
  cidrBlock: string;
  /** How many availability zones get a public and a private subnet (config `karst:aws.availabilityZones`). */
  availabilityZoneCount: number;
  /** One NAT gateway per zone (zone-independent egress) or a single shared one (cheaper). */
  natGateways: 'per-az' | 'single';
  /** How long VPC flow logs are kept; one of CloudWatch's retention periods. */
  flowLogRetentionDays: number;
  /** Tags for every resource. */
  tags: Record<string, string>;
}

/**
 * A VPC with public subnets that hold only NAT gateways, private subnets for everything else, gateway
 * endpoints for S3 and DynamoDB, a locked-down default security group and flow logs to CloudWatch.
 */
export class Network extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  public readonly vpcCidrBlock: pulumi.Output<string>;
  /** The zones used, in subnet order; fails when the region has fewer than asked. */
  public readonly availabilityZones: pulumi.Output<string[]>;
  public readonly publicSubnetIds: pulumi.Output<string[]>;
  public readonly privateSubnetIds: pulumi.Output<string[]>;
  public readonly privateRouteTableIds: pulumi.Output<string[]>;
  /** Known before deployment so cost estimates and policies can read it. */
  public readonly natGatewayCount: number;
  public readonly flowLogGroupName: pulumi.Output<string>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    // Bad config fails before anything, even the component, is registered.
    const count = args.availabilityZoneCount;
    const { publicCidrs, privateCidrs } = subnetCidrs(args.cidrBlock, count);
    super('karst:network:Network', name, {}, opts);

    const tagged = (resourceName: string): Record<string, string> => ({ ...args.tags, Name: resourceName });

    this.availabilityZones = aws
      .getAvailabilityZonesOutput({ state: 'available' }, { parent: this })
      .names.apply((names) => pickAvailabilityZones(names, count));

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: args.cidrBlock,
        enableDnsSupport: true,
        // Gateway and interface endpoints resolve through VPC DNS hostnames.
        enableDnsHostnames: true,
        tags: tagged(`${name}-vpc`),
      },
      { parent: this },
    );

    // Adopting the default group strips its allow-all rules, so nothing can land in it by accident.
    new aws.ec2.DefaultSecurityGroup(
      `${name}-default-sg`,
      { vpcId: vpc.id, ingress: [], egress: [], tags: tagged(`${name}-default-do-not-use`) },
      { parent: this },
    );

    const igw = new aws.ec2.InternetGateway(
      `${name}-igw`,
      { vpcId: vpc.id, tags: tagged(`${name}-igw`) },
      { parent: this },
    );

    const publicSubnets = publicCidrs.map(
      (cidrBlock, index) =>
        new aws.ec2.Subnet(
          `${name}-public-${index}`,
          {
            vpcId: vpc.id,
            cidrBlock,
            availabilityZone: this.availabilityZones.apply((zones) => zones[index] as string),
            // Only NAT gateways (with their own EIPs) are public; instances here get no address by default.
            mapPublicIpOnLaunch: false,
            tags: { ...tagged(`${name}-public-${index}`), 'karst:tier': 'public' },
          },
          { parent: this },
        ),
    );
    const privateSubnets = privateCidrs.map(
      (cidrBlock, index) =>
        new aws.ec2.Subnet(
          `${name}-private-${index}`,
          {
            vpcId: vpc.id,
            cidrBlock,
            availabilityZone: this.availabilityZones.apply((zones) => zones[index] as string),
            mapPublicIpOnLaunch: false,
            tags: { ...tagged(`${name}-private-${index}`), 'karst:tier': 'private' },
          },
          { parent: this },
        ),
    );

    const publicRouteTable = new aws.ec2.RouteTable(
      `${name}-public-rt`,
      { vpcId: vpc.id, tags: tagged(`${name}-public-rt`) },
      { parent: this },
    );
    new aws.ec2.Route(
      `${name}-public-default`,
      { routeTableId: publicRouteTable.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id },
      { parent: this },
    );
    publicSubnets.forEach((subnet, index) => {
      new aws.ec2.RouteTableAssociation(
        `${name}-public-${index}`,
        { subnetId: subnet.id, routeTableId: publicRouteTable.id },
        { parent: this },
      );
    });

    this.natGatewayCount = args.natGateways === 'per-az' ? count : 1;
    const natGateways = publicSubnets.slice(0, this.natGatewayCount).map((subnet, index) => {
      const eip = new aws.ec2.Eip(
        `${name}-nat-${index}`,
        { domain: 'vpc', tags: tagged(`${name}-nat-${index}`) },
        { parent: this },
      );
      return new aws.ec2.NatGateway(
        `${name}-nat-${index}`,
        { allocationId: eip.id, subnetId: subnet.id, tags: tagged(`${name}-nat-${index}`) },
        // A NAT gateway created before the VPC has an internet gateway comes up unable to route.
        { parent: this, dependsOn: [igw] },
      );
    });

    const privateRouteTables = privateSubnets.map((subnet, index) => {
      const routeTable = new aws.ec2.RouteTable(
        `${name}-private-${index}-rt`,
        { vpcId: vpc.id, tags: tagged(`${name}-private-${index}-rt`) },
        { parent: this },
      );
      // Each zone egresses through its own NAT when there is one, so losing a zone leaves the others online.
      const nat = natGateways[index] ?? natGateways[0];
      new aws.ec2.Route(
        `${name}-private-${index}-default`,
        { routeTableId: routeTable.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat?.id },
        { parent: this },
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-private-${index}`,
        { subnetId: subnet.id, routeTableId: routeTable.id },
        { parent: this },
      );
      return routeTable;
    });
    const privateRouteTableIds = privateRouteTables.map((routeTable) => routeTable.id);

    // Gateway endpoints are free and keep S3/DynamoDB traffic off the metered NAT gateways.
    const region = aws.getRegionOutput({}, { parent: this }).region;
    for (const service of ['s3', 'dynamodb']) {
      new aws.ec2.VpcEndpoint(
        `${name}-${service}`,
        {
          vpcId: vpc.id,
          serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
          vpcEndpointType: 'Gateway',
          routeTableIds: privateRouteTableIds,
          tags: tagged(`${name}-${service}`),
        },
        { parent: this },
      );
    }

    const flowLogGroup = new aws.cloudwatch.LogGroup(
      `${name}-flow-logs`,
      {
        // A fixed name lets dashboards and the role policy point at it; the stack keeps stacks apart.
        name: `/karst/${pulumi.getStack()}/${name}/vpc-flow-logs`,
        retentionInDays: args.flowLogRetentionDays,
        tags: tagged(`${name}-flow-logs`),
      },
      { parent: this },
    );
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const flowLogRole = new aws.iam.Role(
      `${name}-flow-logs`,
      {
        description: `Lets VPC flow logs of ${name} write to its log group`,
        assumeRolePolicy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
              Action: 'sts:AssumeRole',
              // Confused-deputy guard: only flow logs of this account may assume the role.
              Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
            },
          ],
        }),
        tags: tagged(`${name}-flow-logs`),
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${name}-flow-logs`,
      {
        role: flowLogRole.id,
        policy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: [
                'logs:CreateLogStream',
                'logs:PutLogEvents',
                'logs:DescribeLogGroups',
                'logs:DescribeLogStreams',
              ],
              Resource: [flowLogGroup.arn, pulumi.interpolate`${flowLogGroup.arn}:*`],
            },
          ],
        }),
      },
      { parent: this },
    );
    new aws.ec2.FlowLog(
      `${name}-flow-log`,
      {
        vpcId: vpc.id,
        trafficType: 'ALL',
        logDestinationType: 'cloud-watch-logs',
        logDestination: flowLogGroup.arn,
        iamRoleArn: flowLogRole.arn,
        tags: tagged(`${name}-flow-log`),
      },
      { parent: this },
    );

    this.vpcId = vpc.id;
    this.vpcCidrBlock = vpc.cidrBlock;
    this.publicSubnetIds = pulumi.all(publicSubnets.map((subnet) => subnet.id));
    this.privateSubnetIds = pulumi.all(privateSubnets.map((subnet) => subnet.id));
    this.privateRouteTableIds = pulumi.all(privateRouteTableIds);
    this.flowLogGroupName = flowLogGroup.name;

    this.registerOutputs({
      vpcId: this.vpcId,
      vpcCidrBlock: this.vpcCidrBlock,
      availabilityZones: this.availabilityZones,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      privateRouteTableIds: this.privateRouteTableIds,
      natGatewayCount: this.natGatewayCount,
      flowLogGroupName: this.flowLogGroupName,
    });
  }
}
