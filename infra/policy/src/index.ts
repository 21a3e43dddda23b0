// The policy pack's entry point (package.json `main`: its CommonJS build, dist/index.js). Constructing a
// PolicyPack starts the policy server that `pulumi preview --policy-pack` talks to, so nothing else may
// import this file: tests and the offline preview use ./run-offline.js.
import { PolicyPack } from '@pulumi/policy';
import { KARST_POLICIES, parseEnforcementLevel, withEnforcementLevel } from './policies/index.js';

// Per-policy levels come from the policy pack config (`--policy-pack-config`, see README.md); this
// variable is the blunt switch for the whole pack, for example advisory while exploring a new site.
const override = parseEnforcementLevel(process.env.KARST_POLICY_ENFORCEMENT);

new PolicyPack('karst', {
  description:
    "Karst's energy budget and security baseline, checked before anything is created: the compute " +
    'pool fits the power headroom, and storage, network, compute and IAM keep their defaults safe.',
  policies: override === undefined ? [...KARST_POLICIES] : withEnforcementLevel(KARST_POLICIES, override),
  ...(override === undefined ? {} : { enforcementLevel: override }),
});
