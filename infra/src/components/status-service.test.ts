import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { mockedResources, outputValue, registerMocks, resourcesOfType } from '../testing/mocks.js';

registerMocks();
const { StatusService, STATUS_TABLE_ACTIONS, missingBundleMessage, LAMBDA_ENVIRONMENT_MAX_BYTES } =
  await import('./status-service.js');
/** How Pulumi marks a secret value on the wire (sdk/nodejs/runtime/rpc.ts specialSigKey, specialSecretSig). */
const SECRET_SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
type Args = ConstructorParameters<typeof StatusService>[1];

const TABLE_ARN = 'arn:aws-cn:dynamodb:cn-northwest-1:123456789012:table/telemetry-abc';
const tags = { project: 'karst', site: 'guiyang' };
const emptyDir = mkdtempSync(join(tmpdir(), 'karst-no-bundle-'));
const bundleDir = mkdtempSync(join(tmpdir(), 'karst-bundle-'));
writeFileSync(join(bundleDir, 'index.mjs'), 'export const handler = async () => ({ statusCode: 200 });\n');
let counter = 0;

function baseArgs(overrides: Partial<Args> = {}): Args {
  return {
    bundleDir: emptyDir,
    requireBundle: false,
    tableName: 'telemetry-abc',
    tableArn: TABLE_ARN,
    environment: { KARST_SITE: 'guiyang', KARST_STACK: 'guiyang', KARST_VERSION: '0.1.0' },
    memoryMb: 512,
    logRetentionDays: 30,
    tags,
    ...overrides,
  };
}

/** Builds a service and waits until its children have registered with the mocks. */
async function build(overrides: Partial<Args> = {}) {
  const service = new StatusService(`status${counter++}`, baseArgs(overrides));
  await outputValue(service.url);
  await new Promise((resolve) => setTimeout(resolve, 10));
  return service;
}

function only(type: string): Record<string, unknown> {
  const found = resourcesOfType(type);
  expect(found).toHaveLength(1);
  return found[0]!.inputs;
}

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Principal?: unknown;
}

function asList(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}

beforeEach(() => {
  mockedResources.length = 0;
});

afterAll(() => {
  rmSync(emptyDir, { recursive: true, force: true });
  rmSync(bundleDir, { recursive: true, force: true });
});

describe('StatusService', () => {
  it('throws how to build the bundle when index.mjs is missing, creating nothing', async () => {
    expect(() => new StatusService('missing', baseArgs({ requireBundle: true }))).toThrow(
      missingBundleMessage(emptyDir),
    );
    expect(() => new StatusService('missing2', baseArgs({ requireBundle: undefined }))).toThrow(
      'pnpm --filter @karst/status build',
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(mockedResources).toEqual([]);
  });

  it('accepts a built bundle and packages that folder', async () => {
    await build({ bundleDir, requireBundle: true });
    const code = only('aws:lambda/function:Function').code;
    // The mocks hand assets back deserialized: a FileArchive whose path is a promise.
    expect(code).toBeInstanceOf(pulumi.asset.FileArchive);
    expect(await (code as pulumi.asset.FileArchive).path).toBe(bundleDir);
  });

  it('runs the bundle on arm64 Node.js 22 with the given memory and a 10 s default timeout', async () => {
    await build();
    const fn = only('aws:lambda/function:Function');
    expect(fn.runtime).toBe('nodejs22.x');
    expect(fn.architectures).toEqual(['arm64']);
    expect(fn.handler).toBe('index.handler');
    expect(fn.memorySize).toBe(512);
    expect(fn.timeout).toBe(10);
    expect(fn.name).toMatch(/^status\d+-guiyang$/);
    expect(fn.tags).toEqual(tags);
  });

  it('honours a timeout and function name', async () => {
    await build({ timeoutS: 25, functionName: 'karst-status' });
    const fn = only('aws:lambda/function:Function');
    expect(fn.timeout).toBe(25);
    expect(fn.name).toBe('karst-status');
    expect(only('aws:cloudwatch/logGroup:LogGroup').name).toBe('/aws/lambda/karst-status');
  });

  it('sets the DynamoDB store variables and passes the rest through, never AWS_REGION', async () => {
    await build({ environment: { KARST_STACK: 'guiyang' } });
    const fn = only('aws:lambda/function:Function');
    expect(fn.environment).toEqual({
      variables: { KARST_STORE: 'dynamodb', KARST_TABLE_NAME: 'telemetry-abc', KARST_STACK: 'guiyang' },
    });
  });

  it('passes the write token on as a secret only', async () => {
    const token = 'a-token-of-sixteen+chars';
    await build({ environment: { KARST_STACK: 'guiyang' }, writeToken: token });
    const fn = only('aws:lambda/function:Function');
    // Pulumi's mocks hand an input that holds a secret over as one secret value.
    expect(fn.environment).toEqual({
      [SECRET_SIG_KEY]: SECRET_SIG,
      value: {
        variables: {
          KARST_STORE: 'dynamodb',
          KARST_TABLE_NAME: 'telemetry-abc',
          KARST_STACK: 'guiyang',
          KARST_WRITE_TOKEN: token,
        },
      },
    });
  });

  it("refuses an environment over Lambda's 4 KB for all variables together", async () => {
    // 4 KB in all (Lambda quotas): 4,096 bytes of names and values. The store's two variables take
    // KARST_STORE + dynamodb = 19 bytes and KARST_TABLE_NAME + telemetry-abc = 29 bytes; KARST_STACK is 11.
    const room = LAMBDA_ENVIRONMENT_MAX_BYTES - 19 - 29 - 11;
    await build({ environment: { KARST_STACK: 'x'.repeat(room) } });
    expect(
      () => new StatusService('env-over', baseArgs({ environment: { KARST_STACK: 'x'.repeat(room + 1) } })),
    ).toThrow(/environment is 4097 bytes, over Lambda's 4096-byte limit/);
    expect(
      () =>
        new StatusService(
          'token-over',
          baseArgs({
            environment: { KARST_STACK: 'x'.repeat(room) },
            writeToken: 'a-token-of-sixteen+chars',
          }),
        ),
    ).toThrow(/over Lambda's 4096-byte limit/);
  });

  it('rejects variables Lambda or the component owns', () => {
    for (const key of ['AWS_REGION', 'KARST_STORE', 'KARST_TABLE_NAME', 'KARST_WRITE_TOKEN']) {
      expect(() => new StatusService(`reserved-${key}`, baseArgs({ environment: { [key]: 'x' } }))).toThrow(
        key,
      );
    }
  });

  it('rejects a timeout or function name Lambda refuses (memory and retention are config, checked there)', () => {
    expect(() => new StatusService('bad-timeout', baseArgs({ timeoutS: 901 }))).toThrow(/timeoutS/);
    expect(() => new StatusService('bad-name', baseArgs({ functionName: 'has space' }))).toThrow(
      /functionName/,
    );
  });

  it('logs as JSON to its own log group with the retention, created first', async () => {
    const service = await build();
    const functionName = await outputValue(service.functionName);
    const logGroup = only('aws:cloudwatch/logGroup:LogGroup');
    expect(logGroup.name).toBe(`/aws/lambda/${functionName}`);
    expect(logGroup.retentionInDays).toBe(30);
    expect(await outputValue(service.logGroupName)).toBe(`/aws/lambda/${functionName}`);
    const fn = only('aws:lambda/function:Function');
    expect(fn.loggingConfig).toEqual({ logFormat: 'JSON', logGroup: `/aws/lambda/${functionName}` });
    const order = mockedResources.map((resource) => resource.type);
    expect(order.indexOf('aws:cloudwatch/logGroup:LogGroup')).toBeLessThan(
      order.indexOf('aws:lambda/function:Function'),
    );
    expect(order.indexOf('aws:iam/rolePolicy:RolePolicy')).toBeLessThan(
      order.indexOf('aws:lambda/function:Function'),
    );
  });

  it('lets only Lambda assume the role', async () => {
    const service = await build();
    const role = only('aws:iam/role:Role');
    expect(JSON.parse(role.assumeRolePolicy as string)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    });
    const roleArn = await outputValue(service.roleArn);
    expect(only('aws:lambda/function:Function').role).toBe(roleArn);
  });

  it('grants exactly the store actions on the table and log writes on its own group', async () => {
    await build();
    const rolePolicy = only('aws:iam/rolePolicy:RolePolicy');
    const logGroupArn = `arn:aws-cn:mock:cn-northwest-1:123456789012:LogGroup/${mockedLogGroupName()}`;
    const statements = JSON.parse(rolePolicy.policy as string).Statement as Statement[];
    expect(statements).toHaveLength(2);
    const [table, logs] = statements;
    expect(table!.Effect).toBe('Allow');
    expect(asList(table!.Action).sort()).toEqual(
      [
        'dynamodb:DescribeTable',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ].sort(),
    );
    expect([...STATUS_TABLE_ACTIONS].sort()).toEqual(asList(table!.Action).sort());
    expect(asList(table!.Resource)).toEqual([TABLE_ARN]);
    expect(logs!.Effect).toBe('Allow');
    expect(asList(logs!.Action).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(asList(logs!.Resource)).toEqual([logGroupArn, `${logGroupArn}:*`]);
    for (const statement of statements) {
      expect(asList(statement.Action).every((action) => !action.includes('*'))).toBe(true);
      expect(asList(statement.Resource)).not.toContain('*');
    }
  });

  it('serves the function on a public URL with no CORS', async () => {
    const service = await build();
    const functionName = await outputValue(service.functionName);
    const url = only('aws:lambda/functionUrl:FunctionUrl');
    expect(url.authorizationType).toBe('NONE');
    expect(url.functionName).toBe(functionName);
    expect(url.cors).toBeUndefined();
    expect(await outputValue(service.url)).toMatch(
      /^https:\/\/status\d+-url-id\.lambda-url\.cn-northwest-1\.on\.aws\/$/,
    );
  });

  it('grants both public invoke permissions a NONE-auth URL needs', async () => {
    const service = await build();
    const functionName = await outputValue(service.functionName);
    const permissions = resourcesOfType('aws:lambda/permission:Permission').map((p) => p.inputs);
    expect(permissions).toHaveLength(2);
    const byAction = Object.fromEntries(permissions.map((p) => [p.action as string, p]));
    expect(byAction['lambda:InvokeFunctionUrl']).toMatchObject({
      function: functionName,
      principal: '*',
      functionUrlAuthType: 'NONE',
    });
    expect(byAction['lambda:InvokeFunction']).toMatchObject({
      function: functionName,
      principal: '*',
      invokedViaFunctionUrl: true,
    });
  });

  it('exposes the function, URL, role and log group as outputs', async () => {
    const service = await build({ functionName: 'karst-status-out' });
    expect(await outputValue(service.functionName)).toBe('karst-status-out');
    expect(await outputValue(service.functionArn)).toMatch(/^arn:aws-cn:.*Function\/status\d+-function$/);
    expect(await outputValue(service.roleArn)).toMatch(/^arn:aws-cn:.*Role\/status\d+-role$/);
    expect(await outputValue(service.logGroupName)).toBe('/aws/lambda/karst-status-out');
    expect(resourcesOfType('karst:service:StatusService')).toHaveLength(1);
  });
});

function mockedLogGroupName(): string {
  const found = mockedResources.find((resource) => resource.type === 'aws:cloudwatch/logGroup:LogGroup');
  return found!.name;
}
