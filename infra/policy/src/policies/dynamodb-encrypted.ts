import type { ResourceValidationPolicy } from '@pulumi/policy';
import { asRecord, isTrue } from './shared.js';

const TABLE = 'aws:dynamodb/table:Table';

/** DynamoDB tables are encrypted with KMS and can be restored to any second of the last 35 days. */
export const dynamodbEncryptedPolicy: ResourceValidationPolicy = {
  name: 'karst-dynamodb-encrypted-pitr',
  description: 'DynamoDB tables enable KMS server-side encryption and point-in-time recovery.',
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    if (args.type !== TABLE) return;
    const label = `DynamoDB table '${args.name}'`;
    if (!isTrue(asRecord(args.props.serverSideEncryption)?.enabled)) {
      reportViolation(
        `${label} does not enable KMS server-side encryption: set serverSideEncryption: { enabled: true } ` +
          '(without a kmsKeyArn it uses the AWS managed key aws/dynamodb, at no key cost)',
      );
    }
    if (!isTrue(asRecord(args.props.pointInTimeRecovery)?.enabled)) {
      reportViolation(
        `${label} has no point-in-time recovery: set pointInTimeRecovery: { enabled: true } so a bad write ` +
          'can be undone',
      );
    }
  },
};
