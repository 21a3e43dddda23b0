import type { PolicyResource, StackValidationPolicy } from '@pulumi/policy';
import { asArray, asRecord, asString, isTrue, readKnown, UNKNOWN } from './shared.js';

/** Bucket types: v7's `Bucket` and the deprecated alias `BucketV2`. */
export const BUCKET_TYPES: readonly string[] = ['aws:s3/bucket:Bucket', 'aws:s3/bucketV2:BucketV2'];
const PUBLIC_ACCESS_BLOCK = 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock';
const ENCRYPTION_TYPES: readonly string[] = [
  'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
  'aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2',
];
const BLOCK_FLAGS = [
  'blockPublicAcls',
  'blockPublicPolicy',
  'ignorePublicAcls',
  'restrictPublicBuckets',
] as const;
const PUBLIC_ACLS: readonly string[] = ['public-read', 'public-read-write', 'authenticated-read'];

/** The plain parts of a stack resource this policy reads. */
type StackResource = Pick<PolicyResource, 'type' | 'name' | 'urn' | 'props'>;

/**
 * Finds the bucket a configuration resource belongs to. Its `bucket` property names the bucket: the
 * bucket's `bucket` property when set, else the physical name Pulumi derives from the logical name
 * (`<name>-<random suffix>`; the offline mocks use `<name>-id`). An exact match wins over a derived one.
 */
function bucketNamed(reference: string, buckets: readonly StackResource[]): StackResource | undefined {
  const exact = buckets.find((bucket) => reference === physicalName(bucket) || reference === bucket.name);
  if (exact) return exact;
  return buckets
    .filter((bucket) => physicalName(bucket) === undefined && derivedFrom(reference, bucket.name))
    .sort((a, b) => b.name.length - a.name.length)[0];
}

/** The bucket's `bucket` property when set and known. */
function physicalName(bucket: StackResource): string | undefined {
  const name = readKnown(() => bucket.props.bucket as unknown);
  return typeof name === 'string' ? name : undefined;
}

function derivedFrom(reference: string, logicalName: string): boolean {
  return (
    reference.startsWith(`${logicalName}-`) && /^[a-z0-9]+$/.test(reference.slice(logicalName.length + 1))
  );
}

/**
 * Pairs each configuration resource with a bucket of the stack. A known reference is matched by name
 * (references to buckets outside the stack are ignored). An unknown one (a new bucket during a real
 * preview) falls back to the logical name (Karst names a bucket's configuration after the bucket), then
 * to counting: each still unpaired configuration covers one bucket that has none.
 */
function pairWithBuckets(
  configs: readonly StackResource[],
  buckets: readonly StackResource[],
): Map<StackResource, StackResource[]> {
  const paired = new Map<StackResource, StackResource[]>(buckets.map((bucket) => [bucket, []]));
  const unresolved: StackResource[] = [];
  for (const config of configs) {
    const reference = readKnown(() => config.props.bucket as unknown);
    if (reference !== UNKNOWN && reference !== undefined) {
      const bucket = typeof reference === 'string' ? bucketNamed(reference, buckets) : undefined;
      if (bucket) paired.get(bucket)?.push(config);
      continue;
    }
    const sameName = buckets.find((bucket) => bucket.name === config.name);
    if (sameName) paired.get(sameName)?.push(config);
    else unresolved.push(config);
  }
  for (const config of unresolved) {
    const bucket = buckets.find((candidate) => paired.get(candidate)?.length === 0);
    if (bucket) paired.get(bucket)?.push(config);
  }
  return paired;
}

function hasDefaultEncryption(config: StackResource): boolean {
  return asArray(config.props.rules).some((rule) => {
    const algorithm = asString(asRecord(asRecord(rule)?.applyServerSideEncryptionByDefault)?.sseAlgorithm);
    return algorithm !== undefined && algorithm !== '';
  });
}

/**
 * Every S3 bucket is private and encrypted by default: a public access block with all four settings on and
 * a server-side encryption configuration, both separate resources in AWS provider v7, refer to it.
 */
export const s3PrivateEncryptedPolicy: StackValidationPolicy = {
  name: 'karst-s3-private-encrypted',
  description:
    'Every S3 bucket has a public access block with all four settings true and a default server-side ' +
    'encryption configuration, and no public canned ACL.',
  enforcementLevel: 'mandatory',
  validateStack: (args, reportViolation) => {
    const buckets = args.resources.filter((resource) => BUCKET_TYPES.includes(resource.type));
    if (buckets.length === 0) return;
    const blocks = pairWithBuckets(
      args.resources.filter((resource) => resource.type === PUBLIC_ACCESS_BLOCK),
      buckets,
    );
    const encryption = pairWithBuckets(
      args.resources.filter((resource) => ENCRYPTION_TYPES.includes(resource.type)),
      buckets,
    );
    for (const bucket of buckets) {
      const label = `S3 bucket '${bucket.name}'`;
      const acl = asString(bucket.props.acl);
      if (acl !== undefined && PUBLIC_ACLS.includes(acl)) {
        reportViolation(
          `${label} has the canned ACL '${acl}': remove acl (with BucketOwnershipControls set to ` +
            "'BucketOwnerEnforced' ACLs are off) so the bucket stays private",
          bucket.urn,
        );
      }

      const bucketBlocks = blocks.get(bucket) ?? [];
      const complete = bucketBlocks.some((block) => BLOCK_FLAGS.every((flag) => isTrue(block.props[flag])));
      const firstBlock = bucketBlocks[0];
      if (firstBlock === undefined) {
        reportViolation(
          `${label} has no public access block: add an aws.s3.BucketPublicAccessBlock for it with ` +
            'blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true',
          bucket.urn,
        );
      } else if (!complete) {
        const off = BLOCK_FLAGS.filter((flag) => !isTrue(firstBlock.props[flag]));
        reportViolation(
          `${label}'s public access block '${firstBlock.name}' leaves ${off.join(', ')} off: set ` +
            'blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all to true',
          bucket.urn,
        );
      }

      const bucketEncryption = encryption.get(bucket) ?? [];
      const firstEncryption = bucketEncryption[0];
      if (firstEncryption === undefined) {
        reportViolation(
          `${label} has no default encryption: ` +
            'add an aws.s3.BucketServerSideEncryptionConfiguration for it ' +
            "with a rule whose applyServerSideEncryptionByDefault.sseAlgorithm is 'aws:kms' or 'AES256'",
          bucket.urn,
        );
      } else if (!bucketEncryption.some(hasDefaultEncryption)) {
        reportViolation(
          `${label}'s encryption configuration '${firstEncryption.name}' sets no default algorithm: ` +
            "give it a rule whose applyServerSideEncryptionByDefault.sseAlgorithm is 'aws:kms' or 'AES256'",
          bucket.urn,
        );
      }
    }
  },
};
