import type { ResourceValidationPolicy } from '@pulumi/policy';
import { allowStatements, POLICY_DOCUMENT_TYPES, policyLabel } from './iam-document.js';

/**
 * Advisory: an Allow of a whole service ('s3:*') is broader than least privilege but sometimes the honest
 * choice while a role's needs are still moving, so it warns rather than blocks.
 */
export const iamNoServiceWildcardsPolicy: ResourceValidationPolicy = {
  name: 'karst-iam-no-service-wildcards',
  description: "IAM policies should not allow every action of a service ('s3:*'); advisory.",
  enforcementLevel: 'advisory',
  validateResource: (args, reportViolation) => {
    if (!POLICY_DOCUMENT_TYPES.includes(args.type)) return;
    const parsed = allowStatements(args.props.policy);
    // A malformed document is karst-iam-no-wildcards' to report.
    if ('error' in parsed) return;
    for (const statement of parsed.statements) {
      for (const action of statement.actions) {
        const service = /^([A-Za-z0-9-]+):\*$/.exec(action)?.[1];
        if (service === undefined) continue;
        reportViolation(
          `${policyLabel(args.type, args.name)} ${statement.label} allows every ${service} action ` +
            `('${action}'): ` +
            `list the ${service} actions it needs`,
        );
      }
    }
  },
};
