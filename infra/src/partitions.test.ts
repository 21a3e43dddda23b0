import { describe, expect, it } from 'vitest';
import { InfraConfigError, parseInfraConfig } from './config.js';
import { DEFAULT_PROJECT_DIR, runOfflinePreview } from './offline/preview.js';
import { defaultStatusEndpoint, PARTITIONS, partitionOf, planForPartition } from './partitions.js';

const FUNCTION_URL = 'aws:lambda/functionUrl:FunctionUrl';
const LOAD_BALANCER = 'aws:lb/loadBalancer:LoadBalancer';

const preview = (stack: string, overrides: Record<string, string> = {}) =>
  runOfflinePreview({ projectDir: DEFAULT_PROJECT_DIR, stack, overrides });

/** The InfraConfigError a preview throws, as key -> fix. */
async function configProblems(stack: string, overrides: Record<string, string>) {
  const error = await preview(stack, overrides).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InfraConfigError);
  return (error as InfraConfigError).problems;
}

describe('the partition table', () => {
  it('gives every row a source', () => {
    for (const partition of Object.values(PARTITIONS)) {
      for (const [key, fact] of Object.entries(partition)) {
        if (typeof fact === 'object' && fact !== null && 'source' in fact) {
          expect(fact.source, `${partition.id}.${key}`).toMatch(
            /^https:\/\/docs\.(aws\.amazon\.com|amazonaws\.cn)\/|^https:\/\/aws\.amazon\.com\//,
          );
        }
      }
    }
  });

  it('knows that AWS China has no Lambda function URLs (AWS China Lambda feature availability)', () => {
    expect(partitionOf('cn-northwest-1').id).toBe('aws-cn');
    expect(PARTITIONS['aws-cn'].lambdaFunctionUrls.value.available).toBe(false);
    expect(defaultStatusEndpoint(PARTITIONS['aws-cn'], 'cn-northwest-1')).toBe('internal-alb');
    expect(defaultStatusEndpoint(PARTITIONS.aws, 'ca-central-1')).toBe('function-url');
    // Lambda's list of regions without function URLs includes Calgary (urls-configuration.html).
    expect(defaultStatusEndpoint(PARTITIONS.aws, 'ca-west-1')).toBe('internal-alb');
  });
});

describe('an aws-cn plan (the guiyang stack)', () => {
  it('has no function URL and no public invoke permission: an internal load balancer instead', async () => {
    const { resources, outputs } = await preview('guiyang');
    const types = resources.map((resource) => resource.type);
    expect(types).not.toContain(FUNCTION_URL);
    const balancer = resources.find((resource) => resource.type === LOAD_BALANCER);
    expect(balancer?.inputs).toMatchObject({ internal: true, loadBalancerType: 'application' });
    const permissions = resources.filter((resource) => resource.type === 'aws:lambda/permission:Permission');
    expect(permissions.map((permission) => permission.inputs.principal)).toEqual([
      'elasticloadbalancing.amazonaws.com',
    ]);
    expect(String(outputs.statusUrl)).toMatch(/^http:\/\/internal-/);
  });

  it('refuses a function URL at preview, naming the key and the fix', async () => {
    const problems = await configProblems('guiyang', {
      'karst:aws': JSON.stringify({ availabilityZones: 2, statusEndpoint: 'function-url' }),
    });
    expect(problems).toEqual([
      expect.objectContaining({
        key: 'aws.statusEndpoint',
        fix: "pulumi config set --path 'karst:aws.statusEndpoint' internal-alb",
      }),
    ]);
    expect(problems[0]!.message).toContain('not available in cn-northwest-1');
  });

  it('refuses one availability zone, which an internal load balancer cannot use', async () => {
    const problems = await configProblems('guiyang', {
      'karst:aws': JSON.stringify({ availabilityZones: 1 }),
    });
    expect(problems).toEqual([
      expect.objectContaining({
        key: 'aws.availabilityZones',
        fix: "pulumi config set --path 'karst:aws.availabilityZones' 2",
      }),
    ]);
  });
});

describe('the global example stack (ca-central-1)', () => {
  it('deploys with a function URL and passes every policy', async () => {
    const { resources, outputs, violations } = await preview('global');
    expect(resources.map((resource) => resource.type)).toContain(FUNCTION_URL);
    expect(resources.map((resource) => resource.type)).not.toContain(LOAD_BALANCER);
    expect(String(outputs.statusUrl)).toMatch(/^https:\/\/.+\.lambda-url\.ca-central-1\.on\.aws\/$/);
    expect(violations).toEqual([]);
  });
});

describe('planForPartition', () => {
  const config = parseInfraConfig({});

  it('names aws:region when it is missing or of no known partition', () => {
    expect(() => planForPartition(config, undefined)).toThrow(/aws:region: is not set/);
    expect(() => planForPartition(config, 'xx-moon-1')).toThrow(/aws:region: 'xx-moon-1' is in no partition/);
  });
});
