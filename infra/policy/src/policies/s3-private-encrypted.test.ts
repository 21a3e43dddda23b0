import { describe, expect, it } from 'vitest';
import { runPolicySet } from '../run-offline.js';
import {
  bucket,
  encryptionConfig,
  messagesOf,
  publicAccessBlock,
  resource,
  urnOf,
} from '../testing/builders.js';
import { s3PrivateEncryptedPolicy } from './s3-private-encrypted.js';

const ARCHIVE = 'karst-guiyang-telemetry-archive';

/** A value the real policy engine cannot know during preview: reading it throws, like its proxy does. */
class UnknownValueError extends Error {}
function unknownBucketRef<T extends { props: Record<string, unknown> }>(record: T): T {
  Object.defineProperty(record.props, 'bucket', {
    get() {
      throw new UnknownValueError("string value at .bucket can't be known during preview");
    },
  });
  return record;
}

describe('karst-s3-private-encrypted', () => {
  it("passes a bucket with a full public access block and default encryption (the mocks' <name>-id)", () => {
    expect(messagesOf(s3PrivateEncryptedPolicy, [bucket(), publicAccessBlock(), encryptionConfig()])).toEqual(
      [],
    );
  });

  it('matches by the physical name: set explicitly, or auto-named <name>-<suffix>', () => {
    const named = bucket('logs', { bucket: 'karst-guiyang-logs' });
    const autoNamed = bucket('archive');
    expect(
      messagesOf(s3PrivateEncryptedPolicy, [
        named,
        autoNamed,
        publicAccessBlock('block-1', 'karst-guiyang-logs'),
        encryptionConfig('sse-1', 'karst-guiyang-logs'),
        publicAccessBlock('block-2', 'archive-1a2b3c4'),
        encryptionConfig('sse-2', 'archive-1a2b3c4'),
      ]),
    ).toEqual([]);
  });

  it('refuses a bucket without a public access block or encryption', () => {
    const violations = runPolicySet([s3PrivateEncryptedPolicy], [bucket()]);
    expect(violations).toEqual([
      {
        policy: 'karst-s3-private-encrypted',
        enforcementLevel: 'mandatory',
        urn: urnOf('aws:s3/bucket:Bucket', ARCHIVE, 'karst:storage:TelemetryStore'),
        message:
          `S3 bucket '${ARCHIVE}' has no public access block: add an aws.s3.BucketPublicAccessBlock ` +
          'for it with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets ' +
          'all true',
      },
      {
        policy: 'karst-s3-private-encrypted',
        enforcementLevel: 'mandatory',
        urn: urnOf('aws:s3/bucket:Bucket', ARCHIVE, 'karst:storage:TelemetryStore'),
        message:
          `S3 bucket '${ARCHIVE}' has no default encryption: add an ` +
          `aws.s3.BucketServerSideEncryptionConfiguration ` +
          "for it with a rule whose applyServerSideEncryptionByDefault.sseAlgorithm is 'aws:kms' or 'AES256'",
      },
    ]);
  });

  it('refuses a public access block that leaves settings off', () => {
    const block = publicAccessBlock(ARCHIVE, `${ARCHIVE}-id`, {
      blockPublicPolicy: false,
      restrictPublicBuckets: 'false',
    });
    expect(messagesOf(s3PrivateEncryptedPolicy, [bucket(), block, encryptionConfig()])).toEqual([
      `S3 bucket '${ARCHIVE}''s public access block '${ARCHIVE}' leaves blockPublicPolicy, ` +
        'restrictPublicBuckets off: set blockPublicAcls, blockPublicPolicy, ignorePublicAcls and ' +
        'restrictPublicBuckets all to true',
    ]);
  });

  it('refuses an encryption configuration without a default algorithm', () => {
    const sse = encryptionConfig(ARCHIVE, `${ARCHIVE}-id`, [{ bucketKeyEnabled: true }]);
    expect(messagesOf(s3PrivateEncryptedPolicy, [bucket(), publicAccessBlock(), sse])).toEqual([
      `S3 bucket '${ARCHIVE}''s encryption configuration '${ARCHIVE}' sets no default algorithm: ` +
        "give it a rule whose applyServerSideEncryptionByDefault.sseAlgorithm is 'aws:kms' or 'AES256'",
    ]);
  });

  it('refuses a public canned ACL', () => {
    expect(
      messagesOf(s3PrivateEncryptedPolicy, [
        bucket(ARCHIVE, { acl: 'public-read' }),
        publicAccessBlock(),
        encryptionConfig(),
      ]),
    ).toEqual([
      `S3 bucket '${ARCHIVE}' has the canned ACL 'public-read': remove acl (with ` +
        `BucketOwnershipControls set to ` +
        "'BucketOwnerEnforced' ACLs are off) so the bucket stays private",
    ]);
  });

  it("does not let one bucket's configuration cover another", () => {
    const messages = messagesOf(s3PrivateEncryptedPolicy, [
      bucket('a'),
      bucket('b'),
      publicAccessBlock('a', 'a-id'),
      encryptionConfig('a', 'a-id'),
      // Configurations of a bucket outside the stack count for nothing here.
      publicAccessBlock('imported', 'some-other-bucket'),
      encryptionConfig('imported', 'some-other-bucket'),
    ]);
    expect(messages.map((message) => message.split(':')[0])).toEqual([
      "S3 bucket 'b' has no public access block",
      "S3 bucket 'b' has no default encryption",
    ]);
  });

  it('prefers the exact name over a derived one', () => {
    // 'a-b' is both bucket a-b's logical name and what an auto-named bucket 'a' could be called.
    const messages = messagesOf(s3PrivateEncryptedPolicy, [
      bucket('a'),
      bucket('a-b'),
      publicAccessBlock('x', 'a-b'),
      encryptionConfig('x', 'a-b'),
    ]);
    expect(messages.map((message) => message.split(':')[0])).toEqual([
      "S3 bucket 'a' has no public access block",
      "S3 bucket 'a' has no default encryption",
    ]);
  });

  it('pairs configurations whose reference is unknown (a real preview) by logical name', () => {
    const records = [
      bucket(),
      bucket('karst-guiyang-exports'),
      unknownBucketRef(publicAccessBlock()),
      unknownBucketRef(encryptionConfig()),
    ];
    expect(messagesOf(s3PrivateEncryptedPolicy, records).map((message) => message.split(':')[0])).toEqual([
      "S3 bucket 'karst-guiyang-exports' has no public access block",
      "S3 bucket 'karst-guiyang-exports' has no default encryption",
    ]);
  });

  it('falls back to one configuration per bucket when neither reference nor name pairs them', () => {
    const records = [
      bucket('exports'),
      unknownBucketRef(publicAccessBlock('exports-block')),
      resource(
        'aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2',
        'exports-sse',
        { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] },
      ),
    ];
    expect(messagesOf(s3PrivateEncryptedPolicy, records)).toEqual([]);
    expect(
      messagesOf(s3PrivateEncryptedPolicy, [...records, bucket('second')]).map((m) => m.split(':')[0]),
    ).toEqual([
      "S3 bucket 'second' has no public access block",
      "S3 bucket 'second' has no default encryption",
    ]);
  });

  it('checks BucketV2 too', () => {
    const legacy = resource('aws:s3/bucketV2:BucketV2', 'legacy', { tags: {} });
    expect(messagesOf(s3PrivateEncryptedPolicy, [legacy])).toHaveLength(2);
  });
});

describe('karst-s3-private-encrypted: which configuration covers which bucket, and what counts', () => {
  const NO_BLOCK = 'has no public access block: add an aws.s3.BucketPublicAccessBlock for it';
  const NO_ENCRYPTION = 'has no default encryption: add an aws.s3.BucketServerSideEncryptionConfiguration';

  it("does not let a configuration of another stack's bucket cover one whose name merely starts the same", () => {
    // 'data-archive-1a2b3c' is auto-named from 'data-archive' (its suffix holds a dash), 'dat-x1b2c3'
    // from 'dat': neither is bucket 'data' (<name>-<suffix of letters and digits>).
    const stack = [
      bucket('data'),
      publicAccessBlock('block', 'data-archive-1a2b3c'),
      encryptionConfig('encryption', 'dat-x1b2c3'),
    ];
    expect(messagesOf(s3PrivateEncryptedPolicy, stack)).toEqual([
      expect.stringMatching(new RegExp(`^S3 bucket 'data' ${NO_BLOCK}`)),
      expect.stringMatching(new RegExp(`^S3 bucket 'data' ${NO_ENCRYPTION}`)),
    ]);
  });

  it('matches a bucket with an explicit name by that name only, not by one derived from its logical name', () => {
    const stack = [
      bucket('data', { bucket: 'karst-data-prod' }),
      publicAccessBlock('block', 'data-1a2b3c'),
      encryptionConfig('encryption', 'karst-data-prod'),
    ];
    expect(messagesOf(s3PrivateEncryptedPolicy, stack)).toEqual([
      expect.stringMatching(new RegExp(`^S3 bucket 'data' ${NO_BLOCK}`)),
    ]);
  });

  it('passes an encryption configuration with any rule that sets an algorithm, refuses an empty one', () => {
    const mixedRules = [
      'AES256',
      { bucketKeyEnabled: true },
      { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
    ];
    expect(
      messagesOf(s3PrivateEncryptedPolicy, [
        bucket(),
        publicAccessBlock(),
        encryptionConfig(ARCHIVE, `${ARCHIVE}-id`, mixedRules),
      ]),
    ).toEqual([]);
    const empty = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: '' } }];
    expect(
      messagesOf(s3PrivateEncryptedPolicy, [
        bucket(),
        publicAccessBlock(),
        encryptionConfig(ARCHIVE, `${ARCHIVE}-id`, empty),
      ]),
    ).toEqual([
      `S3 bucket '${ARCHIVE}''s encryption configuration '${ARCHIVE}' sets no default algorithm: give it a ` +
        "rule whose applyServerSideEncryptionByDefault.sseAlgorithm is 'aws:kms' or 'AES256'",
    ]);
  });

  it("passes the canned ACL 'private' (only public-read, public-read-write and authenticated-read are public)", () => {
    expect(
      messagesOf(s3PrivateEncryptedPolicy, [
        bucket(ARCHIVE, { acl: 'private' }),
        publicAccessBlock(),
        encryptionConfig(),
      ]),
    ).toEqual([]);
  });
});

describe('karst-s3-private-encrypted during a real preview, and the types and ACLs it reads', () => {
  it('pairs an unknown reference by logical name whatever the order of the buckets', () => {
    const records = [
      bucket('karst-guiyang-exports'),
      bucket(),
      unknownBucketRef(publicAccessBlock()),
      unknownBucketRef(encryptionConfig()),
    ];
    expect(messagesOf(s3PrivateEncryptedPolicy, records).map((message) => message.split(':')[0])).toEqual([
      "S3 bucket 'karst-guiyang-exports' has no public access block",
      "S3 bucket 'karst-guiyang-exports' has no default encryption",
    ]);
  });

  it('gives an unpaired unknown configuration to a bucket that has none, not to one already covered', () => {
    const records = [
      bucket('a'),
      bucket('b'),
      publicAccessBlock('a', 'a-id'),
      encryptionConfig('a', 'a-id'),
      unknownBucketRef(publicAccessBlock('late-block')),
      unknownBucketRef(encryptionConfig('late-sse')),
    ];
    expect(messagesOf(s3PrivateEncryptedPolicy, records)).toEqual([]);
  });

  it('ignores a configuration whose bucket reference is not a name', () => {
    const records = [bucket(), publicAccessBlock(ARCHIVE, 42), encryptionConfig()];
    expect(messagesOf(s3PrivateEncryptedPolicy, records).map((message) => message.split(':')[0])).toEqual([
      `S3 bucket '${ARCHIVE}' has no public access block`,
    ]);
  });

  it("refuses the canned ACL 'authenticated-read' (every AWS account may read) like public-read", () => {
    const [message] = messagesOf(s3PrivateEncryptedPolicy, [
      bucket(ARCHIVE, { acl: 'authenticated-read' }),
      publicAccessBlock(),
      encryptionConfig(),
    ]);
    expect(message).toMatch(new RegExp(`^S3 bucket '${ARCHIVE}' has the canned ACL 'authenticated-read'`));
  });
});
