import { describe, expect, it } from 'vitest';
import { KARST_POLICIES, parseEnforcementLevel, withEnforcementLevel } from './index.js';

describe('KARST_POLICIES', () => {
  it('lists every policy once, each described and mandatory except the service-wildcard warning', () => {
    const names = KARST_POLICIES.map((policy) => policy.name);
    expect(new Set(names).size).toBe(names.length);
    expect(
      Object.fromEntries(KARST_POLICIES.map((policy) => [policy.name, policy.enforcementLevel])),
    ).toEqual({
      'karst-power-headroom': 'mandatory',
      'karst-monthly-energy': 'mandatory',
      'karst-national-hub-pue': 'mandatory',
      'karst-budget-tags': 'mandatory',
      'karst-s3-private-encrypted': 'mandatory',
      'karst-dynamodb-encrypted-pitr': 'mandatory',
      'karst-launch-template-hardened': 'mandatory',
      'karst-no-public-ingress': 'mandatory',
      'karst-iam-no-wildcards': 'mandatory',
      'karst-iam-no-service-wildcards': 'advisory',
      'karst-log-retention': 'mandatory',
      'karst-required-tags': 'mandatory',
    });
    for (const policy of KARST_POLICIES) expect(policy.description.length).toBeGreaterThan(20);
  });
});

describe('the pack-wide enforcement override', () => {
  it('reads a level, or nothing when unset', () => {
    expect(parseEnforcementLevel(undefined)).toBeUndefined();
    expect(parseEnforcementLevel('')).toBeUndefined();
    expect(parseEnforcementLevel(' Advisory ')).toBe('advisory');
  });

  it('refuses an unknown level, naming the accepted ones', () => {
    expect(() => parseEnforcementLevel('strict')).toThrow(
      "KARST_POLICY_ENFORCEMENT is 'strict': use advisory, mandatory, disabled, or leave it unset " +
        "to keep each policy's own level",
    );
  });

  it('replaces every level without touching the originals', () => {
    const advisory = withEnforcementLevel(KARST_POLICIES, 'advisory');
    expect(advisory.every((policy) => policy.enforcementLevel === 'advisory')).toBe(true);
    expect(KARST_POLICIES[0]?.enforcementLevel).toBe('mandatory');
  });
});

describe('KARST_POLICY_ENFORCEMENT made only of spaces', () => {
  it('counts as unset, like an empty value', () => {
    expect(parseEnforcementLevel('   ')).toBeUndefined();
  });
});
