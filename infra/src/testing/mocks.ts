import * as pulumi from '@pulumi/pulumi';

/** A resource the mocks saw created: its Pulumi type, name and inputs. */
export interface MockedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** Every resource created under the mocks, in order; tests read and clear it. */
export const mockedResources: MockedResource[] = [];

/**
 * Registers Pulumi's mocks: resources get an id and an ARN, and the few data sources the program calls
 * answer like the config's `aws:region` (AWS China, Ningxia, when unset). Call before the program or a
 * component is imported.
 */
export function registerMocks(options: { stack?: string; config?: Record<string, string> } = {}): void {
  // The stack's configuration, as `pulumi preview` would hand it to the program ("karst:site" -> "guiyang").
  pulumi.runtime.setAllConfig(options.config ?? {});
  const region = options.config?.['aws:region'] ?? 'cn-northwest-1';
  const china = region.startsWith('cn-');
  const partition = china ? 'aws-cn' : 'aws';
  const dnsSuffix = china ? 'amazonaws.com.cn' : 'amazonaws.com';
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        mockedResources.push({ type: args.type, name: args.name, inputs: args.inputs });
        const id = `${args.name}-id`;
        return {
          id,
          state: {
            ...args.inputs,
            arn: `arn:${partition}:mock:${region}:123456789012:${args.type.split(':').pop()}/${args.name}`,
            ...(args.type === 'aws:lambda/functionUrl:FunctionUrl'
              ? { functionUrl: `https://${id}.lambda-url.${region}.on.aws/` }
              : {}),
            ...(args.type === 'aws:ec2/launchTemplate:LaunchTemplate' ? { latestVersion: 1 } : {}),
            ...(args.type === 'aws:lb/loadBalancer:LoadBalancer'
              ? { dnsName: `internal-${args.name}.${region}.elb.${dnsSuffix}` }
              : {}),
            ...(args.type === 'aws:dynamodb/table:Table' ? { name: args.inputs.name ?? args.name } : {}),
          },
        };
      },
      call(args) {
        switch (args.token) {
          case 'aws:index/getAvailabilityZones:getAvailabilityZones':
            return {
              names: ['a', 'b', 'c'].map((zone) => `${region}${zone}`),
              zoneIds: [1, 2, 3].map((zone) => `${region}-az${zone}`),
              state: 'available',
            };
          case 'aws:index/getRegion:getRegion':
            return { name: region, region, id: region };
          case 'aws:index/getPartition:getPartition':
            return { partition, dnsSuffix };
          case 'aws:index/getCallerIdentity:getCallerIdentity':
            return {
              accountId: '123456789012',
              arn: `arn:${partition}:iam::123456789012:user/test`,
              userId: 'test',
            };
          case 'aws:ec2/getAmi:getAmi':
          case 'aws:ssm/getParameter:getParameter':
            return {
              id: 'ami-0123456789abcdef0',
              value: 'ami-0123456789abcdef0',
              insecureValue: 'ami-0123456789abcdef0',
              imageId: 'ami-0123456789abcdef0',
            };
          default:
            return args.inputs;
        }
      },
    },
    'karst',
    options.stack ?? 'guiyang',
    false,
  );
}

/** Resolves once no resource has registered for a few ticks: Pulumi registers resources asynchronously. */
export async function settled(): Promise<void> {
  let seen = -1;
  while (seen !== mockedResources.length) {
    seen = mockedResources.length;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The resolved value of an Output, for assertions. */
export function outputValue<T>(output: pulumi.Output<T> | pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(output).apply((value) => resolve(value as T)));
}

export function resourcesOfType(type: string): MockedResource[] {
  return mockedResources.filter((resource) => resource.type === type);
}
