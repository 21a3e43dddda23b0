// What each AWS partition offers that the program uses, with the source of each row, and the check that
// refuses at preview a configuration a partition cannot deploy (instead of failing halfway through `up`).
import type { InfraConfig } from './config.js';
import { InfraConfigError } from './config.js';

/** The AWS partitions the program knows. */
export type PartitionId = 'aws' | 'aws-cn';

/** How the status service is reached. */
export type StatusEndpoint = 'function-url' | 'internal-alb';

/** One capability with the page that documents it. */
interface Fact<T> {
  value: T;
  source: string;
}

/** What the program relies on in one partition. */
export interface PartitionFacts {
  id: PartitionId;
  /** The partition in ARNs (`arn:<partition>:...`). */
  arnPartition: Fact<string>;
  /** DNS suffix of service endpoints and service principals. */
  dnsSuffix: Fact<string>;
  /** Lambda function URLs; `regionsWithout` lists the partition's regions where they are missing anyway. */
  lambdaFunctionUrls: Fact<{ available: boolean; regionsWithout: readonly string[] }>;
  /** Lambda on arm64 (Graviton2), which the status service uses. */
  lambdaArm64: Fact<boolean>;
  /** Graviton instance families (t4g, m6g, c6g, r6g) for the compute pool. */
  gravitonInstances: Fact<boolean>;
  /** Service principals in trust policies: EC2 and Lambda, as the partition documents them. */
  servicePrincipals: Fact<{ ec2: readonly string[]; lambda: string; elasticLoadBalancing: string }>;
  /** Internal Application Load Balancers with Lambda targets. */
  albLambdaTargets: Fact<boolean>;
  /** Region name prefixes that belong to the partition. */
  regionPrefixes: readonly string[];
}

/** The partition table. Each row names the AWS page it comes from (checked 2026-12). */
export const PARTITIONS: Readonly<Record<PartitionId, PartitionFacts>> = {
  aws: {
    id: 'aws',
    arnPartition: {
      value: 'aws',
      source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html',
    },
    dnsSuffix: {
      value: 'amazonaws.com',
      source: 'https://docs.aws.amazon.com/general/latest/gr/rande.html',
    },
    lambdaFunctionUrls: {
      value: {
        available: true,
        // "Function URLs are not supported in the following AWS Regions: ..."
        regionsWithout: [
          'ap-south-2',
          'ap-southeast-4',
          'ap-southeast-5',
          'ca-west-1',
          'eu-south-2',
          'eu-central-2',
          'il-central-1',
          'me-central-1',
        ],
      },
      source: 'https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html',
    },
    lambdaArm64: {
      value: true,
      source: 'https://docs.aws.amazon.com/lambda/latest/dg/foundation-arch.html',
    },
    gravitonInstances: {
      value: true,
      source: 'https://aws.amazon.com/ec2/graviton/',
    },
    servicePrincipals: {
      value: {
        ec2: ['ec2.amazonaws.com'],
        lambda: 'lambda.amazonaws.com',
        elasticLoadBalancing: 'elasticloadbalancing.amazonaws.com',
      },
      source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
    },
    albLambdaTargets: {
      value: true,
      source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html',
    },
    regionPrefixes: ['us-', 'eu-', 'ap-', 'ca-', 'sa-', 'me-', 'af-', 'il-', 'mx-'],
  },
  'aws-cn': {
    id: 'aws-cn',
    arnPartition: {
      value: 'aws-cn',
      source: 'https://docs.amazonaws.cn/en_us/aws/latest/userguide/ARNs.html',
    },
    dnsSuffix: {
      value: 'amazonaws.com.cn',
      source: 'https://docs.amazonaws.cn/en_us/aws/latest/userguide/endpoints-arns.html',
    },
    lambdaFunctionUrls: {
      // AWS China's Lambda feature availability: function URLs are "not available in the China Regions".
      value: { available: false, regionsWithout: ['cn-north-1', 'cn-northwest-1'] },
      source: 'https://docs.amazonaws.cn/en_us/aws/latest/userguide/lambda.html',
    },
    lambdaArm64: {
      value: true,
      source: 'https://docs.amazonaws.cn/en_us/aws/latest/userguide/lambda.html',
    },
    gravitonInstances: {
      value: true,
      source: 'https://docs.amazonaws.cn/en_us/aws/latest/userguide/ec2.html',
    },
    servicePrincipals: {
      // EC2 documents ec2.amazonaws.com.cn (EKS node groups check for it) and accepts ec2.amazonaws.com.
      value: {
        ec2: ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'],
        lambda: 'lambda.amazonaws.com',
        elasticLoadBalancing: 'elasticloadbalancing.amazonaws.com',
      },
      source: 'https://docs.amazonaws.cn/en_us/aws/latest/userguide/iam.html',
    },
    albLambdaTargets: {
      value: true,
      source: 'https://docs.amazonaws.cn/en_us/aws/latest/userguide/elb.html',
    },
    regionPrefixes: ['cn-'],
  },
};

/** The partition of a region name; throws naming `aws:region` for a region of no known partition. */
export function partitionOf(region: string): PartitionFacts {
  const found = Object.values(PARTITIONS).find((partition) =>
    partition.regionPrefixes.some((prefix) => region.startsWith(prefix)),
  );
  if (found === undefined) {
    throw new InfraConfigError([
      {
        key: 'aws:region',
        message: `'${region}' is in no partition the program knows (${Object.keys(PARTITIONS).join(', ')})`,
        fix: 'pulumi config set aws:region cn-northwest-1 (AWS China) or ca-central-1 (global)',
      },
    ]);
  }
  return found;
}

/** Whether function URLs exist in this region. */
export function functionUrlsIn(partition: PartitionFacts, region: string): boolean {
  const urls = partition.lambdaFunctionUrls.value;
  return urls.available && !urls.regionsWithout.includes(region);
}

/** The endpoint a region gets when `karst:aws.statusEndpoint` is unset. */
export function defaultStatusEndpoint(partition: PartitionFacts, region: string): StatusEndpoint {
  return functionUrlsIn(partition, region) ? 'function-url' : 'internal-alb';
}

/** An internal ALB needs subnets in at least two availability zones. */
const ALB_MIN_ZONES = 2;

/** What the program deploys in a region, once the configuration has been checked against its partition. */
export interface PartitionPlan {
  region: string;
  partition: PartitionFacts;
  statusEndpoint: StatusEndpoint;
}

/**
 * Checks the configuration against what the region's partition offers and decides the status endpoint.
 * Throws an InfraConfigError naming each key a partition cannot deploy and the fix.
 */
export function planForPartition(config: InfraConfig, region: string | undefined): PartitionPlan {
  if (region === undefined || region.trim() === '') {
    throw new InfraConfigError([
      {
        key: 'aws:region',
        message: 'is not set: the program needs the region to know what its partition offers',
        fix: 'pulumi config set aws:region cn-northwest-1',
      },
    ]);
  }
  const partition = partitionOf(region);
  const statusEndpoint = config.aws.statusEndpoint ?? defaultStatusEndpoint(partition, region);
  const problems: { key: string; message: string; fix: string }[] = [];
  if (statusEndpoint === 'function-url' && !functionUrlsIn(partition, region)) {
    problems.push({
      key: 'aws.statusEndpoint',
      message:
        `Lambda function URLs are not available in ${region} (partition ${partition.id}; ` +
        `${partition.lambdaFunctionUrls.source})`,
      fix: "pulumi config set --path 'karst:aws.statusEndpoint' internal-alb",
    });
  }
  if (statusEndpoint === 'internal-alb' && config.aws.availabilityZones < ALB_MIN_ZONES) {
    problems.push({
      key: 'aws.availabilityZones',
      message: `an internal load balancer needs subnets in at least ${ALB_MIN_ZONES} availability zones`,
      fix: `pulumi config set --path 'karst:aws.availabilityZones' ${ALB_MIN_ZONES}`,
    });
  }
  if (problems.length > 0) throw new InfraConfigError(problems);
  return { region, partition, statusEndpoint };
}
