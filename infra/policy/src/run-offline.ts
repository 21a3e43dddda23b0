// Runs the pack's policies over plain resource records, the way the policy engine would, without a policy
// server or the Pulumi CLI: Karst's offline preview calls it with the resources its mocks saw.
import type {
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  StackValidationArgs,
} from '@pulumi/policy';
import { KARST_POLICIES, type KarstPolicy } from './policies/index.js';

/** A resource as the offline preview knows it: its type token, logical name, URN and inputs. */
export interface OfflineResource {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
}

/** One violation; `urn` is empty when a stack policy blames the stack as a whole. */
export interface OfflineViolation {
  policy: string;
  enforcementLevel: string;
  urn: string;
  message: string;
}

/** Thrown by `notApplicable()`: the policy decided it has nothing to say about this input. */
class NotApplicable extends Error {}

const NO_OPTIONS: PolicyResourceOptions = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

/** Whether a Pulumi resource class (its static `__pulumiType`) is of this type token. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
  return (resourceClass as { __pulumiType?: unknown } | undefined)?.__pulumiType === type;
}

function notApplicable(reason?: string): never {
  throw new NotApplicable(reason);
}

function resourceArgs(resource: OfflineResource): ResourceValidationArgs {
  return {
    type: resource.type,
    props: resource.props,
    urn: resource.urn,
    name: resource.name,
    opts: NO_OPTIONS,
    stackTags: new Map(),
    isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
    asType: (resourceClass) =>
      isTypeOf(resource.type, resourceClass) ? (resource.props as never) : undefined,
    getConfig: <T extends object>() => ({}) as T,
    notApplicable,
  };
}

function stackArgs(resources: readonly OfflineResource[]): StackValidationArgs {
  const policyResources = resources.map(
    (resource): PolicyResource => ({
      type: resource.type,
      props: resource.props,
      urn: resource.urn,
      name: resource.name,
      opts: NO_OPTIONS,
      dependencies: [],
      propertyDependencies: {},
      isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
      asType: (resourceClass) =>
        isTypeOf(resource.type, resourceClass) ? (resource.props as never) : undefined,
    }),
  );
  return {
    resources: policyResources,
    stackTags: new Map(),
    getConfig: <T extends object>() => ({}) as T,
    notApplicable,
  };
}

/** Calls one validation; a policy that returns a promise cannot be run synchronously and is a bug here. */
function runValidation(policy: KarstPolicy, where: string, validate: () => unknown): void {
  try {
    const result = validate();
    if (result instanceof Promise || (typeof result === 'object' && result !== null && 'then' in result)) {
      throw new Error('it returned a promise, and runPolicies runs synchronous policies only');
    }
  } catch (error) {
    if (error instanceof NotApplicable) return;
    throw new Error(`policy '${policy.name}' failed on ${where}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * Runs every Karst policy over `resources`: resource policies once per record, stack policies once over
 * all of them. Returns the violations in policy order, then resource order; disabled policies are skipped.
 * Throws when a policy itself fails (a bug in the policy, not a violation).
 */
export function runPolicies(
  resources: { type: string; name: string; urn: string; props: Record<string, unknown> }[],
): { policy: string; enforcementLevel: string; urn: string; message: string }[] {
  return runPolicySet(KARST_POLICIES, resources);
}

/** {@link runPolicies} over any set of policies (tests run one policy at a time). */
export function runPolicySet(
  policies: readonly KarstPolicy[],
  resources: readonly OfflineResource[],
): OfflineViolation[] {
  const violations: OfflineViolation[] = [];
  for (const policy of policies) {
    // The engine reports a remediating policy that still finds a violation as mandatory.
    const level = policy.enforcementLevel ?? 'mandatory';
    const enforcementLevel = level === 'remediate' ? 'mandatory' : level;
    if (enforcementLevel === 'disabled') continue;
    if ('validateStack' in policy) {
      const args = stackArgs(resources);
      runValidation(policy, 'the stack', () =>
        policy.validateStack(args, (message, urn) => {
          violations.push({ policy: policy.name, enforcementLevel, urn: urn ?? '', message });
        }),
      );
      continue;
    }
    const validations = policy.validateResource === undefined ? [] : [policy.validateResource].flat();
    for (const resource of resources) {
      const args = resourceArgs(resource);
      for (const validate of validations) {
        // As in the engine, a resource policy's violation always belongs to the resource it validated.
        runValidation(policy, resource.urn, () =>
          validate(args, (message) => {
            violations.push({ policy: policy.name, enforcementLevel, urn: resource.urn, message });
          }),
        );
      }
    }
  }
  return violations;
}
