import { describe, expect, it } from 'vitest';
import { logGroup, messagesOf } from '../testing/builders.js';
import { logRetentionPolicy } from './log-retention.js';

describe('karst-log-retention', () => {
  it('passes a log group with a retention', () => {
    expect(messagesOf(logRetentionPolicy, [logGroup({ retentionInDays: 30 })])).toEqual([]);
  });

  it('refuses a log group that keeps its logs forever', () => {
    expect(messagesOf(logRetentionPolicy, [logGroup({}), logGroup({ retentionInDays: 0 })])).toEqual([
      "log group 'karst-guiyang-network-flow-logs' sets no retentionInDays, so its logs are kept " +
        "forever: set retentionInDays to one of CloudWatch's periods, such as 30 " +
        '(config karst:aws.logRetentionDays)',
      "log group 'karst-guiyang-network-flow-logs' has retentionInDays 0, " +
        'which keeps its logs forever: set ' +
        "retentionInDays to one of CloudWatch's periods, such as 30 (config karst:aws.logRetentionDays)",
    ]);
  });
});
