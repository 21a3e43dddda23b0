import { describe, expect, it } from 'vitest';
import { messagesOf, table } from '../testing/builders.js';
import { dynamodbEncryptedPolicy } from './dynamodb-encrypted.js';

const TABLE = 'karst-guiyang-telemetry-telemetry';

describe('karst-dynamodb-encrypted-pitr', () => {
  it('passes the telemetry table', () => {
    expect(messagesOf(dynamodbEncryptedPolicy, [table()])).toEqual([]);
  });

  it('refuses a table without KMS encryption or point-in-time recovery', () => {
    const bare = table({ serverSideEncryption: undefined, pointInTimeRecovery: { enabled: false } });
    expect(messagesOf(dynamodbEncryptedPolicy, [bare])).toEqual([
      `DynamoDB table '${TABLE}' does not enable KMS server-side encryption: set serverSideEncryption: ` +
        '{ enabled: true } (without a kmsKeyArn it uses the AWS managed key aws/dynamodb, at no key cost)',
      `DynamoDB table '${TABLE}' has no point-in-time recovery: set pointInTimeRecovery: { enabled: ` +
        'true } so a bad write can be undone',
    ]);
  });
});

describe('karst-dynamodb-encrypted-pitr without the settings at all', () => {
  it('refuses a table that declares neither serverSideEncryption nor pointInTimeRecovery', () => {
    const bare = table({ serverSideEncryption: undefined, pointInTimeRecovery: undefined });
    expect(messagesOf(dynamodbEncryptedPolicy, [bare])).toEqual([
      `DynamoDB table '${TABLE}' does not enable KMS server-side encryption: set serverSideEncryption: ` +
        '{ enabled: true } (without a kmsKeyArn it uses the AWS managed key aws/dynamodb, at no key cost)',
      `DynamoDB table '${TABLE}' has no point-in-time recovery: set pointInTimeRecovery: { enabled: ` +
        'true } so a bad write can be undone',
    ]);
  });
});
