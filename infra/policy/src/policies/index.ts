import type { EnforcementLevel, ResourceValidationPolicy, StackValidationPolicy } from '@pulumi/policy';
import { budgetTagsPolicy } from './budget-tags.js';
import { dynamodbEncryptedPolicy } from './dynamodb-encrypted.js';
import { iamNoServiceWildcardsPolicy } from './iam-no-service-wildcards.js';
import { iamNoWildcardsPolicy } from './iam-no-wildcards.js';
import { launchTemplateHardenedPolicy } from './launch-template-hardened.js';
import { logRetentionPolicy } from './log-retention.js';
import { monthlyEnergyPolicy } from './monthly-energy.js';
import { nationalHubPuePolicy } from './national-hubs.js';
import { noPublicIngressPolicy } from './no-public-ingress.js';
import { powerHeadroomPolicy } from './power-headroom.js';
import { requiredTagsPolicy } from './required-tags.js';
import { s3PrivateEncryptedPolicy } from './s3-private-encrypted.js';

export { budgetTagsPolicy } from './budget-tags.js';
export { dynamodbEncryptedPolicy } from './dynamodb-encrypted.js';
export { iamNoServiceWildcardsPolicy } from './iam-no-service-wildcards.js';
export { iamNoWildcardsPolicy, RESOURCE_WILDCARD_ALLOWLIST } from './iam-no-wildcards.js';
export { launchTemplateHardenedPolicy } from './launch-template-hardened.js';
export { logRetentionPolicy } from './log-retention.js';
export { monthlyEnergyPolicy } from './monthly-energy.js';
export { hubOf, NATIONAL_HUB_SOURCE, NATIONAL_HUBS, nationalHubPuePolicy } from './national-hubs.js';
export { noPublicIngressPolicy } from './no-public-ingress.js';
export { powerHeadroomPolicy } from './power-headroom.js';
export { REQUIRED_TAGS, requiredTagsPolicy, TAGGED_TYPES } from './required-tags.js';
export { s3PrivateEncryptedPolicy } from './s3-private-encrypted.js';

/** A policy of the pack. */
export type KarstPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** Every Karst policy: the energy budget first, then the security baseline. */
export const KARST_POLICIES: readonly KarstPolicy[] = [
  powerHeadroomPolicy,
  monthlyEnergyPolicy,
  nationalHubPuePolicy,
  budgetTagsPolicy,
  s3PrivateEncryptedPolicy,
  dynamodbEncryptedPolicy,
  launchTemplateHardenedPolicy,
  noPublicIngressPolicy,
  iamNoWildcardsPolicy,
  iamNoServiceWildcardsPolicy,
  logRetentionPolicy,
  requiredTagsPolicy,
];

const LEVELS: readonly EnforcementLevel[] = ['advisory', 'mandatory', 'disabled'];

/**
 * Reads an enforcement level that overrides every policy's own (`KARST_POLICY_ENFORCEMENT`); undefined
 * when unset. Throws on anything else than advisory, mandatory or disabled, naming the accepted values.
 */
export function parseEnforcementLevel(value: string | undefined): EnforcementLevel | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const level = value.trim().toLowerCase();
  const known = LEVELS.find((candidate) => candidate === level);
  if (known === undefined) {
    throw new Error(
      `KARST_POLICY_ENFORCEMENT is '${value}': use ${LEVELS.join(', ')}, or leave it unset to keep each ` +
        "policy's own level",
    );
  }
  return known;
}

/** The policies with every enforcement level replaced by `level`. */
export function withEnforcementLevel(
  policies: readonly KarstPolicy[],
  level: EnforcementLevel,
): KarstPolicy[] {
  return policies.map((policy) => ({ ...policy, enforcementLevel: level }));
}
