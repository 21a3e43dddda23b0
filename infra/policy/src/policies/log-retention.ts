import type { ResourceValidationPolicy } from '@pulumi/policy';
import { asNumber } from './shared.js';

const LOG_GROUP = 'aws:cloudwatch/logGroup:LogGroup';

/** Log groups expire their events: CloudWatch otherwise keeps (and bills) them forever. */
export const logRetentionPolicy: ResourceValidationPolicy = {
  name: 'karst-log-retention',
  description: 'CloudWatch log groups set retentionInDays (> 0) instead of keeping logs forever.',
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    if (args.type !== LOG_GROUP) return;
    const days = asNumber(args.props.retentionInDays);
    if (days !== undefined && days > 0) return;
    const now =
      args.props.retentionInDays === undefined
        ? 'sets no retentionInDays, so its logs are kept forever'
        : `has retentionInDays ${String(args.props.retentionInDays)}, which keeps its logs forever`;
    reportViolation(
      `log group '${args.name}' ${now}: set retentionInDays to one of CloudWatch's periods, such as 30 ` +
        '(config karst:aws.logRetentionDays)',
    );
  },
};
