import { describe, expect, it } from 'vitest';
import { runPolicySet } from '../run-offline.js';
import { messagesOf, resource, rolePolicy, statusRolePolicy } from '../testing/builders.js';
import { iamNoServiceWildcardsPolicy } from './iam-no-service-wildcards.js';

describe('karst-iam-no-service-wildcards (advisory)', () => {
  it('passes named actions and Deny statements of a whole service', () => {
    const deny = rolePolicy('tls', [{ Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::archive/*' }]);
    expect(messagesOf(iamNoServiceWildcardsPolicy, [statusRolePolicy(), deny])).toEqual([]);
  });

  it('warns about every action of a service, as advisory', () => {
    const policy = rolePolicy('archive', [
      {
        Sid: 'Archive',
        Effect: 'Allow',
        Action: ['s3:*', 'dynamodb:GetItem'],
        Resource: 'arn:aws:s3:::archive/*',
      },
    ]);
    expect(runPolicySet([iamNoServiceWildcardsPolicy], [policy])).toEqual([
      {
        policy: 'karst-iam-no-service-wildcards',
        enforcementLevel: 'advisory',
        urn: policy.urn,
        message:
          "IAM role policy 'archive' statement 'Archive' allows every s3 action ('s3:*'): list the " +
          's3 actions it needs',
      },
    ]);
  });
});

describe('karst-iam-no-service-wildcards at its edges', () => {
  it("warns about 'service:*' only, not an action pattern within a service, nor a malformed document", () => {
    const pattern = rolePolicy('reads', [
      { Effect: 'Allow', Action: ['s3:*Object', 's3:Get*'], Resource: 'arn:aws:s3:::x/*' },
    ]);
    const broken = resource('aws:iam/rolePolicy:RolePolicy', 'broken', { role: 'r', policy: '{' });
    expect(messagesOf(iamNoServiceWildcardsPolicy, [pattern, broken])).toEqual([]);
  });
});
