import type { ResourceValidationPolicy } from '@pulumi/policy';
import { allowStatements, POLICY_DOCUMENT_TYPES, policyLabel } from './iam-document.js';
import { asString } from './shared.js';

/**
 * Actions that take no resource ARN (their Resource must be '*'), so a statement of only these may use
 * Resource '*'. An entry ending in '*' covers the actions it prefixes, as IAM reads it.
 */
export const RESOURCE_WILDCARD_ALLOWLIST: readonly string[] = [
  'logs:DescribeLogGroups',
  'ec2:Describe*',
  'cloudwatch:PutMetricData',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'sts:GetCallerIdentity',
];

const POLICY_ATTACHMENT_TYPES: readonly string[] = [
  'aws:iam/rolePolicyAttachment:RolePolicyAttachment',
  'aws:iam/userPolicyAttachment:UserPolicyAttachment',
  'aws:iam/groupPolicyAttachment:GroupPolicyAttachment',
  'aws:iam/policyAttachment:PolicyAttachment',
];

/** Whether an allowlist entry covers an action; IAM action names are case-insensitive. */
function covers(entry: string, action: string): boolean {
  const pattern = entry.toLowerCase();
  const name = action.toLowerCase();
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

function unscopable(action: string): boolean {
  return RESOURCE_WILDCARD_ALLOWLIST.some((entry) => covers(entry, action));
}

/**
 * No IAM grant of everything: no Allow statement with Action '*' (or NotAction, which allows all but a
 * few), no Resource '*' unless every action in the statement cannot be scoped to a resource, and no
 * AdministratorAccess attachment.
 */
export const iamNoWildcardsPolicy: ResourceValidationPolicy = {
  name: 'karst-iam-no-wildcards',
  description:
    "IAM policies allow no Action '*', no Resource '*' (except for actions that take no resource) and " +
    'attach no AdministratorAccess.',
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    if (POLICY_ATTACHMENT_TYPES.includes(args.type)) {
      const arn = asString(args.props.policyArn) ?? '';
      if (/:policy\/AdministratorAccess$/.test(arn)) {
        reportViolation(
          `policy attachment '${args.name}' attaches AdministratorAccess: attach a policy that lists only ` +
            'the actions and resources the principal needs',
        );
      }
      return;
    }
    if (!POLICY_DOCUMENT_TYPES.includes(args.type)) return;
    const label = policyLabel(args.type, args.name);
    const parsed = allowStatements(args.props.policy);
    if ('error' in parsed) {
      reportViolation(`${label}'s policy document ${parsed.error}: pass a JSON policy document`);
      return;
    }
    for (const statement of parsed.statements) {
      const where = `${label} ${statement.label}`;
      if (statement.actions.includes('*')) {
        reportViolation(
          `${where} allows every action (Action '*'): list the actions it needs, such as 'dynamodb:GetItem'`,
        );
      }
      if (statement.notActions.length > 0) {
        reportViolation(
          `${where} allows every action but ${statement.notActions.join(', ')} (an Allow with NotAction): ` +
            'list the actions it needs in Action instead',
        );
      }
      if (!statement.resources.includes('*')) continue;
      const scopable = statement.actions.filter((action) => !unscopable(action));
      if (scopable.length === 0 && statement.notActions.length === 0) continue;
      const granted = statement.notActions.length > 0 ? ['every action but NotAction'] : scopable;
      reportViolation(
        `${where} grants ${granted.join(', ')} on every resource (Resource '*'): ` +
          'scope Resource to the ARNs ' +
          `it needs (only actions that take no resource, ${RESOURCE_WILDCARD_ALLOWLIST.join(', ')}, ` +
          `may use '*')`,
      );
    }
  },
};
