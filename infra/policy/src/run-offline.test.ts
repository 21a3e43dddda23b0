import type { ResourceValidationPolicy, StackValidationPolicy } from '@pulumi/policy';
import { describe, expect, it } from 'vitest';
import { KARST_POLICIES, withEnforcementLevel } from './policies/index.js';
import { runPolicies, runPolicySet } from './run-offline.js';
import { bucket, compliantStack, computePool, resource, urnOf } from './testing/builders.js';

const POOL_URN = urnOf(
  'aws:autoscaling/group:Group',
  'karst-guiyang-pool-nodes',
  'karst:compute:ComputePool',
);

/** The compliant stack with one resource replaced (matched by type and name). */
function replacing(record: ReturnType<typeof resource>) {
  return compliantStack().map((existing) =>
    existing.type === record.type && existing.name === record.name ? record : existing,
  );
}

describe('runPolicies', () => {
  it('finds nothing wrong with a compliant stack', () => {
    expect(runPolicies(compliantStack())).toEqual([]);
  });

  it('refuses a pool that exceeds the power headroom', () => {
    expect(runPolicies(replacing(computePool({ maxSize: 60 })))).toEqual([
      {
        policy: 'karst-power-headroom',
        enforcementLevel: 'mandatory',
        urn: POOL_URN,
        message:
          "the compute pool's maximum of 60 nodes x 100 kW = 6000 kW exceeds the IT load that fits " +
          'under the grid cap, 4537.2 kW: lower karst:aws.desiredNodes / karst:itPlan.racks or ' +
          'raise karst:powerCapKw',
      },
    ]);
  });

  it('refuses a public bucket', () => {
    const archive = bucket('karst-guiyang-telemetry-archive', { acl: 'public-read-write' });
    const stack = replacing(archive).filter(
      (record) => record.type !== 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
    );
    expect(runPolicies(stack)).toEqual([
      {
        policy: 'karst-s3-private-encrypted',
        enforcementLevel: 'mandatory',
        urn: archive.urn,
        message:
          "S3 bucket 'karst-guiyang-telemetry-archive' has the canned ACL 'public-read-write': " +
          "remove acl (with BucketOwnershipControls set to 'BucketOwnerEnforced' ACLs are off) so the " +
          'bucket stays private',
      },
      {
        policy: 'karst-s3-private-encrypted',
        enforcementLevel: 'mandatory',
        urn: archive.urn,
        message:
          "S3 bucket 'karst-guiyang-telemetry-archive' has no public access block: add an " +
          'aws.s3.BucketPublicAccessBlock for it with blockPublicAcls, blockPublicPolicy, ' +
          'ignorePublicAcls and restrictPublicBuckets all true',
      },
    ]);
  });

  it('runs resource policies per record and stack policies once', () => {
    const seen: string[] = [];
    const perResource: ResourceValidationPolicy = {
      name: 'per-resource',
      description: 'test',
      validateResource: [
        (args) => void seen.push(`a:${args.name}`),
        (args) => void seen.push(`b:${args.name}`),
      ],
    };
    const perStack: StackValidationPolicy = {
      name: 'per-stack',
      description: 'test',
      validateStack: (args, report) => {
        seen.push(`stack:${args.resources.length}`);
        report('the stack as a whole');
      },
    };
    const records = [resource('t:m:A', 'one', {}), resource('t:m:B', 'two', {})];
    expect(runPolicySet([perResource, perStack], records)).toEqual([
      { policy: 'per-stack', enforcementLevel: 'mandatory', urn: '', message: 'the stack as a whole' },
    ]);
    expect(seen).toEqual(['a:one', 'b:one', 'a:two', 'b:two', 'stack:2']);
  });

  it('skips disabled policies and reports the level in force', () => {
    const stack = replacing(computePool({ maxSize: 60 }));
    expect(runPolicySet(withEnforcementLevel(KARST_POLICIES, 'disabled'), stack)).toEqual([]);
    expect(
      runPolicySet(withEnforcementLevel(KARST_POLICIES, 'advisory'), stack).map((v) => v.enforcementLevel),
    ).toEqual(['advisory']);
  });

  it('honours notApplicable() and names the policy when one fails', () => {
    const skipping: ResourceValidationPolicy = {
      name: 'skipping',
      description: 'test',
      validateResource: (args, report) => {
        args.notApplicable('nothing to check');
        report('unreachable');
      },
    };
    const broken: ResourceValidationPolicy = {
      name: 'broken',
      description: 'test',
      validateResource: () => {
        throw new Error('boom');
      },
    };
    const record = resource('t:m:A', 'one', {});
    expect(runPolicySet([skipping], [record])).toEqual([]);
    expect(() => runPolicySet([broken], [record])).toThrow(`policy 'broken' failed on ${record.urn}: boom`);
  });
});
