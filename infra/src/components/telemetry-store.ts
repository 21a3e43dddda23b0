import { TELEMETRY_TABLE } from '@karst/contracts';
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** Partition key of the telemetry table, as the status service writes it (@karst/contracts). */
export const TELEMETRY_TABLE_HASH_KEY = TELEMETRY_TABLE.hashKey;
/** Sort key of the telemetry table; see {@link TELEMETRY_TABLE_HASH_KEY}. */
export const TELEMETRY_TABLE_RANGE_KEY = TELEMETRY_TABLE.rangeKey;

/** Days an object stays in Glacier Instant Retrieval before Deep Archive: its minimum storage duration. */
const GLACIER_IR_MIN_DAYS = 90;
/** Deep Archive's minimum storage duration: expiring earlier is billed as if stored this long. */
const DEEP_ARCHIVE_MIN_DAYS = 180;
/** Overwritten or deleted archive objects stay recoverable this long. */
const NONCURRENT_VERSION_DAYS = 90;

export interface TelemetryStoreArgs {
  /**
   * Deletion protection on the table (default true): `pulumi destroy` then stops at the table until it is
   * turned off with `pulumi config set --path karst:aws.protectData false` and `pulumi up`.
   */
  protectData?: boolean;
  /** Days after which archived objects move to Glacier Instant Retrieval (then Deep Archive 90 days later). */
  archiveTransitionDays: number;
  /** Days after which archived objects are deleted; kept forever when absent. */
  archiveExpirationDays?: number;
  tags: Record<string, string>;
}

/**
 * The status service's telemetry: an on-demand DynamoDB table keyed like the service expects, and an S3
 * bucket for long-term archives (private, versioned, encrypted, TLS only, tiered to Glacier).
 */
export class TelemetryStore extends pulumi.ComponentResource {
  public readonly tableName: pulumi.Output<string>;
  public readonly tableArn: pulumi.Output<string>;
  public readonly archiveBucketName: pulumi.Output<string>;
  public readonly archiveBucketArn: pulumi.Output<string>;

  constructor(name: string, args: TelemetryStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validated before the component registers, so bad days create nothing.
    const rules = lifecycleRules(args.archiveTransitionDays, args.archiveExpirationDays);
    super('karst:storage:TelemetryStore', name, {}, opts);

    const table = new aws.dynamodb.Table(
      `${name}-telemetry`,
      {
        billingMode: TELEMETRY_TABLE.billingMode,
        hashKey: TELEMETRY_TABLE_HASH_KEY,
        rangeKey: TELEMETRY_TABLE_RANGE_KEY,
        attributes: [
          { name: TELEMETRY_TABLE_HASH_KEY, type: TELEMETRY_TABLE.keyAttributeType },
          { name: TELEMETRY_TABLE_RANGE_KEY, type: TELEMETRY_TABLE.keyAttributeType },
        ],
        pointInTimeRecovery: { enabled: true },
        // Without a key ARN this is the AWS managed key (aws/dynamodb): no key to pay for or rotate.
        serverSideEncryption: { enabled: true },
        deletionProtectionEnabled: args.protectData ?? true,
        tags: args.tags,
      },
      { parent: this },
    );

    const bucket = new aws.s3.Bucket(`${name}-archive`, { tags: args.tags }, { parent: this });
    // A bucket's id is its name; the separate configuration resources below are the v7 way (inline
    // arguments on Bucket are deprecated).
    const bucketName = bucket.id;

    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      `${name}-archive`,
      {
        bucket: bucketName,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      { parent: this },
    );
    new aws.s3.BucketOwnershipControls(
      `${name}-archive`,
      { bucket: bucketName, rule: { objectOwnership: 'BucketOwnerEnforced' } },
      { parent: this },
    );
    const versioning = new aws.s3.BucketVersioning(
      `${name}-archive`,
      { bucket: bucketName, versioningConfiguration: { status: 'Enabled' } },
      { parent: this },
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-archive`,
      {
        bucket: bucketName,
        // The bucket key cuts KMS requests (and their cost) for many small archive objects.
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' }, bucketKeyEnabled: true }],
      },
      { parent: this },
    );
    // Lifecycle rules with noncurrent-version actions need versioning configured first.
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-archive`,
      { bucket: bucketName, rules },
      { parent: this, dependsOn: [versioning] },
    );
    // S3 rejects concurrent policy and public-access-block changes on one bucket, so they go in order.
    new aws.s3.BucketPolicy(
      `${name}-archive`,
      { bucket: bucketName, policy: tlsOnlyPolicy(bucket.arn) },
      { parent: this, dependsOn: [publicAccessBlock] },
    );

    this.tableName = table.name;
    this.tableArn = table.arn;
    this.archiveBucketName = bucketName;
    this.archiveBucketArn = bucket.arn;
    this.registerOutputs({
      tableName: this.tableName,
      tableArn: this.tableArn,
      archiveBucketName: this.archiveBucketName,
      archiveBucketArn: this.archiveBucketArn,
    });
  }
}

function lifecycleRules(
  transitionDays: number,
  expirationDays: number | undefined,
): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
  if (!Number.isInteger(transitionDays) || transitionDays < 1) {
    throw new Error(`archiveTransitionDays must be a whole number of days >= 1, got ${transitionDays}`);
  }
  if (
    expirationDays !== undefined &&
    (!Number.isInteger(expirationDays) || expirationDays <= transitionDays)
  ) {
    throw new Error(
      `archiveExpirationDays must be a whole number of days above archiveTransitionDays (${transitionDays}), got ${expirationDays}`,
    );
  }
  const deepArchiveDays = transitionDays + GLACIER_IR_MIN_DAYS;
  const transitions = [{ days: transitionDays, storageClass: 'GLACIER_IR' }];
  // Deep Archive only pays off when objects stay there past its minimum storage duration.
  if (expirationDays === undefined || expirationDays >= deepArchiveDays + DEEP_ARCHIVE_MIN_DAYS) {
    transitions.push({ days: deepArchiveDays, storageClass: 'DEEP_ARCHIVE' });
  }
  return [
    {
      id: 'archive-tiering',
      status: 'Enabled',
      // An empty filter applies the rule to every object (a rule without a filter is deprecated).
      filter: {},
      transitions,
      ...(expirationDays === undefined ? {} : { expiration: { days: expirationDays } }),
      noncurrentVersionExpiration: { noncurrentDays: NONCURRENT_VERSION_DAYS },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    },
  ];
}

function tlsOnlyPolicy(bucketArn: pulumi.Output<string>): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
}
