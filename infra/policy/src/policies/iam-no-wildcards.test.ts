import { describe, expect, it } from 'vitest';
import {
  messagesOf,
  resource,
  rolePolicy,
  rolePolicyAttachment,
  statusRolePolicy,
} from '../testing/builders.js';
import { policyLabel } from './iam-document.js';
import { iamNoWildcardsPolicy } from './iam-no-wildcards.js';

const ALLOWLIST =
  'logs:DescribeLogGroups, ec2:Describe*, cloudwatch:PutMetricData, xray:PutTraceSegments, ' +
  'xray:PutTelemetryRecords, sts:GetCallerIdentity';

describe('karst-iam-no-wildcards', () => {
  it("passes the status service's scoped policy and the SSM attachment", () => {
    const ssm = rolePolicyAttachment('ssm', 'arn:aws-cn:iam::aws:policy/AmazonSSMManagedInstanceCore');
    expect(messagesOf(iamNoWildcardsPolicy, [statusRolePolicy(), ssm])).toEqual([]);
  });

  it("passes Resource '*' for actions that take no resource, and Deny statements", () => {
    const policy = rolePolicy('metrics', [
      {
        Effect: 'Allow',
        Action: ['cloudwatch:PutMetricData', 'ec2:DescribeInstances', 'ec2:Describe*'],
        Resource: '*',
      },
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ]);
    expect(messagesOf(iamNoWildcardsPolicy, [policy])).toEqual([]);
  });

  it("refuses Action '*' and Resource '*' on scopable actions", () => {
    const policy = rolePolicy('admin', [
      { Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Allow', Action: ['s3:GetObject', 'cloudwatch:PutMetricData'], Resource: ['*'] },
    ]);
    expect(messagesOf(iamNoWildcardsPolicy, [policy])).toEqual([
      "IAM role policy 'admin' statement 'Everything' allows every action (Action '*'): " +
        "list the actions it needs, such as 'dynamodb:GetItem'",
      "IAM role policy 'admin' statement 'Everything' grants * on every resource (Resource '*'): " +
        `scope Resource to the ARNs it needs (only actions that take no resource, ${ALLOWLIST}, may use '*')`,
      "IAM role policy 'admin' statement #2 grants s3:GetObject on every resource (Resource '*'): " +
        `scope Resource to the ARNs it needs (only actions that take no resource, ${ALLOWLIST}, may use '*')`,
    ]);
  });

  it('refuses an Allow with NotAction, in a managed policy given as an object', () => {
    const policy = resource('aws:iam/policy:Policy', 'almost-admin', {
      policy: {
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::x' },
      },
    });
    expect(messagesOf(iamNoWildcardsPolicy, [policy])).toEqual([
      "IAM policy 'almost-admin' statement #1 allows every action but iam:* (an Allow with " +
        'NotAction): list the actions it needs in Action instead',
    ]);
  });

  it('refuses a document that is not JSON', () => {
    const policy = resource('aws:iam/rolePolicy:RolePolicy', 'broken', {
      role: 'r',
      policy: '{"Statement": [',
    });
    const messages = messagesOf(iamNoWildcardsPolicy, [policy]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^IAM role policy 'broken''s policy document is not valid JSON \(.+\): pass a JSON policy document$/,
    );
  });

  it('refuses AdministratorAccess', () => {
    const admin = rolePolicyAttachment('nodes-admin', 'arn:aws-cn:iam::aws:policy/AdministratorAccess');
    expect(messagesOf(iamNoWildcardsPolicy, [admin])).toEqual([
      "policy attachment 'nodes-admin' attaches AdministratorAccess: attach a policy that lists " +
        'only the actions and resources the principal needs',
    ]);
  });
});

describe('karst-iam-no-wildcards at its edges', () => {
  const scope = `scope Resource to the ARNs it needs (only actions that take no resource, ${ALLOWLIST}, may use '*')`;

  it("matches the allowlist exactly, or by the prefix before an entry's '*', case-insensitively", () => {
    const policy = rolePolicy('near-misses', [
      // 'ec2:describe*' covers EC2's Describe actions in any case, and nothing else starting with 'e'.
      { Effect: 'Allow', Action: ['EC2:DescribeVpcs', 'ecs:RunTask'], Resource: '*' },
      // An allowlisted name with more after it is another action.
      { Effect: 'Allow', Action: 'sts:GetCallerIdentityX', Resource: '*' },
    ]);
    expect(messagesOf(iamNoWildcardsPolicy, [policy])).toEqual([
      `IAM role policy 'near-misses' statement #1 grants ecs:RunTask on every resource (Resource '*'): ${scope}`,
      `IAM role policy 'near-misses' statement #2 grants sts:GetCallerIdentityX on every resource ` +
        `(Resource '*'): ${scope}`,
    ]);
  });

  it("lists every scopable action of a statement on '*', comma-separated", () => {
    const policy = rolePolicy('two', [
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' },
    ]);
    expect(messagesOf(iamNoWildcardsPolicy, [policy])).toEqual([
      `IAM role policy 'two' statement #1 grants s3:GetObject, s3:PutObject on every resource (Resource '*'): ${scope}`,
    ]);
  });

  it("refuses NotAction on Resource '*' twice: for NotAction and for the resource, listing the exceptions", () => {
    const policy = rolePolicy('all-but', [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' },
    ]);
    expect(messagesOf(iamNoWildcardsPolicy, [policy])).toEqual([
      "IAM role policy 'all-but' statement #1 allows every action but iam:*, organizations:* (an Allow " +
        'with NotAction): list the actions it needs in Action instead',
      `IAM role policy 'all-but' statement #1 grants every action but NotAction on every resource (Resource '*'): ${scope}`,
    ]);
  });

  it('refuses a document that is JSON but not an object, and skips statements that are not objects', () => {
    const notObject = resource('aws:iam/rolePolicy:RolePolicy', 'list', { role: 'r', policy: '[1, 2]' });
    const mixed = rolePolicy('mixed', [
      42 as unknown as Record<string, unknown>,
      { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::x' },
    ]);
    expect(messagesOf(iamNoWildcardsPolicy, [notObject, mixed])).toEqual([
      "IAM role policy 'list''s policy document is not a JSON object: pass a JSON policy document",
      "IAM role policy 'mixed' statement #2 allows every action (Action '*'): " +
        "list the actions it needs, such as 'dynamodb:GetItem'",
    ]);
  });

  it('names an IAM policy type it has no short name for as an IAM policy', () => {
    expect(policyLabel('aws:iam/somethingNew:SomethingNew', 'x')).toBe("IAM policy 'x'");
  });

  it('refuses the AWS managed AdministratorAccess only, not a customer policy whose name starts so', () => {
    const audit = rolePolicyAttachment('audit', 'arn:aws:iam::123456789012:policy/AdministratorAccessAudit');
    const none = resource('aws:iam/rolePolicyAttachment:RolePolicyAttachment', 'unset', { role: 'r' });
    expect(messagesOf(iamNoWildcardsPolicy, [audit, none])).toEqual([]);
  });
});

describe('karst-iam-no-wildcards on every IAM resource type', () => {
  it.each([
    ['aws:iam/policy:Policy', 'IAM policy'],
    ['aws:iam/rolePolicy:RolePolicy', 'IAM role policy'],
    ['aws:iam/userPolicy:UserPolicy', 'IAM user policy'],
    ['aws:iam/groupPolicy:GroupPolicy', 'IAM group policy'],
  ])("reads the document of a %s and names it an '%s'", (type, kind) => {
    const document = JSON.stringify({
      Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::x' }],
    });
    expect(messagesOf(iamNoWildcardsPolicy, [resource(type, 'p', { policy: document })])).toEqual([
      `${kind} 'p' statement #1 allows every action (Action '*'): list the actions it needs, such as 'dynamodb:GetItem'`,
    ]);
  });

  it.each([
    'aws:iam/rolePolicyAttachment:RolePolicyAttachment',
    'aws:iam/userPolicyAttachment:UserPolicyAttachment',
    'aws:iam/groupPolicyAttachment:GroupPolicyAttachment',
    'aws:iam/policyAttachment:PolicyAttachment',
  ])('refuses AdministratorAccess through a %s', (type) => {
    const attachment = resource(type, 'admin', { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    expect(messagesOf(iamNoWildcardsPolicy, [attachment])).toHaveLength(1);
  });
});
