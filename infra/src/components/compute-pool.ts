import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** CPU architecture of a node's AMI. */
export type NodeArchitecture = 'arm64' | 'x86_64';

/**
 * The AMI architecture an instance type needs: Graviton families carry a `g` right after the generation
 * digit (t4g, m7g, c7gn, r8gd, im4gn, is4gen, g5g); a1 is the first-generation Graviton.
 */
export function nodeArchitecture(instanceType: string): NodeArchitecture {
  const family = instanceType.split('.')[0] ?? '';
  return family === 'a1' || /^[a-z]+\d+g[a-z]*$/.test(family) ? 'arm64' : 'x86_64';
}

/** The public SSM parameter that always names the latest Amazon Linux 2023 AMI for an architecture. */
export function amiParameterName(architecture: NodeArchitecture): string {
  return `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architecture}`;
}

/** Share of the pool that stays in service while an instance refresh replaces nodes. */
export const INSTANCE_REFRESH_MIN_HEALTHY_PERCENT = 90;

/** Inputs of {@link ComputePool}. */
export interface ComputePoolArgs {
  vpcId: pulumi.Input<string>;
  /** The only source allowed in, on 443. */
  vpcCidrBlock: pulumi.Input<string>;
  /** Private subnets; the nodes never get a public address. */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** EC2 instance type (config `karst:aws.instanceType`); decides the AMI architecture. */
  instanceType: string;
  minSize: number;
  /** Config `karst:aws.desiredNodes`, or what the IT plan needs. */
  desiredSize: number;
  /** The node count the energy budget's power headroom allows. */
  maxSize: number;
  /** Root volume size in GiB (config `karst:aws.rootVolumeGb`). */
  rootVolumeGb: number;
  /** Tags for every resource. */
  tags: Record<string, string>;
  /** Tags that tie the nodes to the energy budget; they win over `tags` and reach instances and volumes. */
  budgetTags: Record<string, string>;
}

/**
 * Checks 0 <= min <= desired <= max and names the config that has to change when it does not hold.
 * Throws an Error; returns nothing.
 */
export function validatePoolSizes(sizes: { minSize: number; desiredSize: number; maxSize: number }): void {
  const { minSize, desiredSize, maxSize } = sizes;
  if (![minSize, desiredSize, maxSize].every((size) => Number.isInteger(size) && size >= 0)) {
    throw new Error(
      `Compute pool sizes must be non-negative integers; got min ${minSize}, desired ${desiredSize} ` +
        `(karst:aws.desiredNodes), max ${maxSize} (computed from the energy budget).`,
    );
  }
  if (minSize > maxSize) {
    throw new Error(
      `The compute pool's minimum of ${minSize} nodes exceeds the computed max of ${maxSize} nodes the ` +
        'energy budget allows; raise karst:powerCapKw or lower the plan.',
    );
  }
  if (desiredSize > maxSize) {
    throw new Error(
      `karst:aws.desiredNodes (${desiredSize}) exceeds the computed max of ${maxSize} nodes the energy ` +
        'budget allows; lower karst:aws.desiredNodes.',
    );
  }
  if (desiredSize < minSize) {
    throw new Error(
      `karst:aws.desiredNodes (${desiredSize}) is below the compute pool's minimum of ${minSize} nodes.`,
    );
  }
}

/**
 * An auto scaling group of private, IMDSv2-only Amazon Linux 2023 nodes reachable through SSM only,
 * sized within the energy budget and tagged with it.
 */
export class ComputePool extends pulumi.ComponentResource {
  public readonly autoScalingGroupName: pulumi.Output<string>;
  public readonly launchTemplateId: pulumi.Output<string>;
  public readonly securityGroupId: pulumi.Output<string>;
  /** Known before deployment, for cost estimates and the budget policy. */
  public readonly maxSize: number;
  public readonly desiredSize: number;

  constructor(name: string, args: ComputePoolArgs, opts?: pulumi.ComponentResourceOptions) {
    // Bad sizes fail before anything, even the component, is registered. Instance type and root volume
    // were checked by the stack config (config.ts), once, at the program's edge.
    validatePoolSizes(args);
    super('karst:compute:ComputePool', name, {}, opts);

    const tags = { ...args.tags, ...args.budgetTags };
    const tagged = (resourceName: string): Record<string, string> => ({ ...tags, Name: resourceName });

    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-nodes`,
      {
        vpcId: args.vpcId,
        description: 'Karst compute nodes: HTTPS from inside the VPC only, HTTPS out for updates and SSM',
        // Inline rules make the group authoritative: a rule added by hand is removed on the next update.
        ingress: [
          {
            description: 'HTTPS from inside the VPC',
            protocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            cidrBlocks: [args.vpcCidrBlock],
          },
        ],
        // Package updates and the SSM agent need HTTPS out; Amazon DNS and Time Sync are not filtered by groups.
        egress: [
          {
            description: 'HTTPS out (updates, SSM)',
            protocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            cidrBlocks: ['0.0.0.0/0'],
          },
        ],
        tags: tagged(`${name}-nodes`),
      },
      { parent: this },
    );

    const partition = aws.getPartitionOutput({}, { parent: this });
    // AWS China documents ec2.amazonaws.com.cn (EKS node groups check for it) and accepts ec2.amazonaws.com;
    // elsewhere both collapse to one.
    const ec2Principals = partition.dnsSuffix.apply((suffix) => [
      ...new Set(['ec2.amazonaws.com', `ec2.${suffix}`]),
    ]);
    const role = new aws.iam.Role(
      `${name}-nodes`,
      {
        description: `Instance role of the ${name} nodes: SSM management only`,
        assumeRolePolicy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: ec2Principals }, Action: 'sts:AssumeRole' }],
        }),
        tags: tagged(`${name}-nodes`),
      },
      { parent: this },
    );
    new aws.iam.RolePolicyAttachment(
      `${name}-nodes-ssm`,
      {
        role: role.name,
        policyArn: pulumi.interpolate`arn:${partition.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
      },
      { parent: this },
    );
    const instanceProfile = new aws.iam.InstanceProfile(
      `${name}-nodes`,
      { role: role.name, tags: tagged(`${name}-nodes`) },
      { parent: this },
    );

    const ami = aws.ssm.getParameterOutput(
      { name: amiParameterName(nodeArchitecture(args.instanceType)) },
      { parent: this },
    );
    const launchTemplate = new aws.ec2.LaunchTemplate(
      `${name}-nodes`,
      {
        description: `Nodes of ${name}`,
        // The provider marks every parameter's `value` sensitive, which makes the whole invoke result a
        // secret and the AMI id `[secret]` in previews. The public AMI parameter is a String, not a
        // SecureString, and its `insecureValue` is that public id: unsecret it, so a changed AMI shows.
        imageId: pulumi.unsecret(ami.insecureValue),
        instanceType: args.instanceType,
        iamInstanceProfile: { arn: instanceProfile.arn },
        // IMDSv2 only, and a hop limit of 1 keeps containers on the node from reaching the role's credentials.
        metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [
          {
            // Amazon Linux 2023's root device.
            deviceName: '/dev/xvda',
            ebs: {
              volumeSize: args.rootVolumeGb,
              volumeType: 'gp3',
              encrypted: 'true',
              deleteOnTermination: 'true',
            },
          },
        ],
        networkInterfaces: [
          {
            deviceIndex: 0,
            associatePublicIpAddress: 'false',
            securityGroups: [securityGroup.id],
            deleteOnTermination: 'true',
          },
        ],
        tagSpecifications: [
          { resourceType: 'instance', tags: tagged(`${name}-node`) },
          { resourceType: 'volume', tags: tagged(`${name}-node`) },
        ],
        updateDefaultVersion: true,
        tags: tagged(`${name}-nodes`),
      },
      { parent: this },
    );

    const group = new aws.autoscaling.Group(
      `${name}-nodes`,
      {
        vpcZoneIdentifiers: args.subnetIds,
        minSize: args.minSize,
        desiredCapacity: args.desiredSize,
        maxSize: args.maxSize,
        // The template's version number, not $Latest: a new AMI (or any template change) makes a new version,
        // which changes the group's launch template and so starts the instance refresh below.
        launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
        // Rolls the running nodes onto a changed launch template, keeping 90% of the pool in service.
        instanceRefresh: {
          strategy: 'Rolling',
          preferences: { minHealthyPercentage: INSTANCE_REFRESH_MIN_HEALTHY_PERCENT, instanceWarmup: '300' },
        },
        healthCheckType: 'EC2',
        healthCheckGracePeriod: 300,
        tags: Object.entries(tagged(`${name}-node`)).map(([key, value]) => ({
          key,
          value,
          propagateAtLaunch: true,
        })),
      },
      { parent: this },
    );

    // An auto scaling group's id is its name, and unlike `name` it is known under the mocks too.
    this.autoScalingGroupName = group.id;
    this.launchTemplateId = launchTemplate.id;
    this.securityGroupId = securityGroup.id;
    this.maxSize = args.maxSize;
    this.desiredSize = args.desiredSize;

    this.registerOutputs({
      autoScalingGroupName: this.autoScalingGroupName,
      launchTemplateId: this.launchTemplateId,
      securityGroupId: this.securityGroupId,
      maxSize: this.maxSize,
      desiredSize: this.desiredSize,
    });
  }
}
