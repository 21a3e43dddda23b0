import { TELEMETRY_TABLE } from '@karst/contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockedResources, outputValue, registerMocks, resourcesOfType } from '../testing/mocks.js';

registerMocks();
const { TelemetryStore, TELEMETRY_TABLE_HASH_KEY, TELEMETRY_TABLE_RANGE_KEY } = await import(
  './telemetry-store.js'
);

const tags = { project: 'karst', site: 'guiyang' };
let counter = 0;

/** Builds a store and waits until its children have registered with the mocks. */
async function build(args: { archiveTransitionDays: number; archiveExpirationDays?: number }) {
  const store = new TelemetryStore(`store${counter++}`, { ...args, tags });
  await outputValue(store.archiveBucketArn);
  await new Promise((resolve) => setTimeout(resolve, 10));
  return store;
}

function only(type: string): Record<string, unknown> {
  const found = resourcesOfType(type);
  expect(found).toHaveLength(1);
  return found[0]!.inputs;
}

interface Rule {
  id: string;
  status: string;
  filter?: unknown;
  transitions: { days: number; storageClass: string }[];
  expiration?: { days: number };
  noncurrentVersionExpiration?: { noncurrentDays: number };
  abortIncompleteMultipartUpload?: { daysAfterInitiation: number };
}

function lifecycleRule(): Rule {
  const rules = only('aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration').rules as Rule[];
  expect(rules).toHaveLength(1);
  return rules[0]!;
}

beforeEach(() => {
  mockedResources.length = 0;
});

describe('TelemetryStore', () => {
  it('uses the key names of the status service table design (one home: @karst/contracts)', () => {
    expect([TELEMETRY_TABLE_HASH_KEY, TELEMETRY_TABLE_RANGE_KEY]).toEqual([
      TELEMETRY_TABLE.hashKey,
      TELEMETRY_TABLE.rangeKey,
    ]);
  });

  it('creates an on-demand table keyed pk/sk with PITR, encryption and deletion protection', async () => {
    await build({ archiveTransitionDays: 30 });
    const table = only('aws:dynamodb/table:Table');
    expect(table.billingMode).toBe('PAY_PER_REQUEST');
    expect(table.hashKey).toBe(TELEMETRY_TABLE.hashKey);
    expect(table.rangeKey).toBe(TELEMETRY_TABLE.rangeKey);
    expect(table.attributes).toEqual([
      { name: TELEMETRY_TABLE.hashKey, type: 'S' },
      { name: TELEMETRY_TABLE.rangeKey, type: 'S' },
    ]);
    expect(table.pointInTimeRecovery).toEqual({ enabled: true });
    expect(table.serverSideEncryption).toEqual({ enabled: true });
    expect(table.deletionProtectionEnabled).toBe(true);
    expect(table.ttl).toBeUndefined();
    expect(table.globalSecondaryIndexes).toBeUndefined();
    expect(table.tags).toEqual(tags);
  });

  it('blocks all public access and enforces bucket ownership', async () => {
    const store = await build({ archiveTransitionDays: 30 });
    const bucketName = await outputValue(store.archiveBucketName);
    const block = only('aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock');
    expect(block).toMatchObject({
      bucket: bucketName,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(only('aws:s3/bucketOwnershipControls:BucketOwnershipControls')).toEqual({
      bucket: bucketName,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
  });

  it('versions and KMS-encrypts the archive bucket', async () => {
    const store = await build({ archiveTransitionDays: 30 });
    const bucketName = await outputValue(store.archiveBucketName);
    expect(only('aws:s3/bucket:Bucket').tags).toEqual(tags);
    expect(only('aws:s3/bucketVersioning:BucketVersioning')).toEqual({
      bucket: bucketName,
      versioningConfiguration: { status: 'Enabled' },
    });
    const encryption = only(
      'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
    );
    expect(encryption.bucket).toBe(bucketName);
    expect(encryption.rules).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' }, bucketKeyEnabled: true },
    ]);
  });

  it('tiers archives to Glacier IR after the transition days, then Deep Archive, and keeps them', async () => {
    await build({ archiveTransitionDays: 30 });
    const rule = lifecycleRule();
    expect(rule.status).toBe('Enabled');
    expect(rule.filter).toEqual({});
    expect(rule.transitions).toEqual([
      { days: 30, storageClass: 'GLACIER_IR' },
      { days: 120, storageClass: 'DEEP_ARCHIVE' },
    ]);
    expect(rule.expiration).toBeUndefined();
    expect(rule.noncurrentVersionExpiration).toEqual({ noncurrentDays: 90 });
    expect(rule.abortIncompleteMultipartUpload).toEqual({ daysAfterInitiation: 7 });
  });

  it('expires archives when asked, skipping Deep Archive when they would not stay its minimum', async () => {
    await build({ archiveTransitionDays: 30, archiveExpirationDays: 3650 });
    let rule = lifecycleRule();
    expect(rule.expiration).toEqual({ days: 3650 });
    expect(rule.transitions.map((t) => t.storageClass)).toEqual(['GLACIER_IR', 'DEEP_ARCHIVE']);

    mockedResources.length = 0;
    await build({ archiveTransitionDays: 30, archiveExpirationDays: 200 });
    rule = lifecycleRule();
    expect(rule.expiration).toEqual({ days: 200 });
    expect(rule.transitions).toEqual([{ days: 30, storageClass: 'GLACIER_IR' }]);
  });

  it('denies every request that does not use TLS', async () => {
    const store = await build({ archiveTransitionDays: 30 });
    const bucketArn = await outputValue(store.archiveBucketArn);
    const policy = only('aws:s3/bucketPolicy:BucketPolicy');
    expect(policy.bucket).toBe(await outputValue(store.archiveBucketName));
    const document = JSON.parse(policy.policy as string);
    expect(document.Statement).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  it('exposes the table and bucket as outputs', async () => {
    const store = await build({ archiveTransitionDays: 30 });
    expect(await outputValue(store.tableName)).toMatch(/^store\d+-telemetry$/);
    expect(await outputValue(store.tableArn)).toMatch(/^arn:aws-cn:.*Table\/store\d+-telemetry$/);
    expect(await outputValue(store.archiveBucketName)).toMatch(/^store\d+-archive-id$/);
    expect(await outputValue(store.archiveBucketArn)).toMatch(/^arn:aws-cn:.*Bucket\/store\d+-archive$/);
    const children = mockedResources.map((resource) => resource.type).sort();
    expect(children).toEqual(
      [
        'aws:dynamodb/table:Table',
        'aws:s3/bucket:Bucket',
        'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
        'aws:s3/bucketOwnershipControls:BucketOwnershipControls',
        'aws:s3/bucketPolicy:BucketPolicy',
        'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
        'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
        'aws:s3/bucketVersioning:BucketVersioning',
        'karst:storage:TelemetryStore',
      ].sort(),
    );
  });

  it('rejects transition and expiration days that S3 would refuse', () => {
    expect(() => new TelemetryStore('bad1', { archiveTransitionDays: 0, tags })).toThrow(
      /archiveTransitionDays/,
    );
    expect(() => new TelemetryStore('bad2', { archiveTransitionDays: 2.5, tags })).toThrow(/whole number/);
    expect(
      () => new TelemetryStore('bad3', { archiveTransitionDays: 30, archiveExpirationDays: 30, tags }),
    ).toThrow(/archiveExpirationDays/);
  });
});
