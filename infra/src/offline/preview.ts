import { join } from 'node:path';
import { runPolicies } from '@karst/policy/offline';
import * as pulumi from '@pulumi/pulumi';
import { karstKeys, loadRegionInputs } from '../load.js';
import { buildRegion, regionOutputs } from '../program.js';
import { type MockedResource, mockedResources, registerMocks, settled } from '../testing/mocks.js';
import { readStackConfig } from './stack-file.js';

export interface PolicyViolation {
  policy: string;
  enforcementLevel: string;
  urn: string;
  message: string;
}

export interface OfflinePreview {
  stack: string;
  resources: MockedResource[];
  outputs: Record<string, unknown>;
  /** What the policy pack (infra/policy) says of the plan, as `pulumi preview --policy-pack` would. */
  violations: PolicyViolation[];
}

/** The URN Pulumi would give a resource of the karst project (without parents, which the mocks do not see). */
export function resourceUrn(stack: string, resource: MockedResource): string {
  return `urn:pulumi:${stack}::karst::${resource.type}::${resource.name}`;
}

/** True when a mandatory policy refuses the plan: the preview then fails, as the real one would. */
export function hasMandatoryViolation(preview: OfflinePreview): boolean {
  return preview.violations.some((violation) => violation.enforcementLevel === 'mandatory');
}

/**
 * The same program `pulumi preview` runs, under Pulumi's mocks: no CLI, no provider plugin, no
 * credentials. Configuration comes from `Pulumi.<stack>.yaml`, with `overrides` on top.
 */
export async function runOfflinePreview(options: {
  projectDir: string;
  stack?: string;
  overrides?: Record<string, string>;
}): Promise<OfflinePreview> {
  const stack = options.stack ?? 'guiyang';
  const config = { ...readStackConfig(options.projectDir, stack), ...options.overrides };
  registerMocks({ stack, config });
  mockedResources.length = 0;
  const inputs = await loadRegionInputs({
    config: karstKeys(config),
    region: config['aws:region'],
    stack,
    projectDir: options.projectDir,
    requireBundle: false,
  });
  const outputs = await new Promise<Record<string, unknown>>((resolve) =>
    pulumi
      .output(regionOutputs(buildRegion(inputs)))
      .apply((value) => resolve(value as Record<string, unknown>)),
  );
  await settled();
  const resources = [...mockedResources];
  const violations = runPolicies(
    resources.map((resource) => ({
      type: resource.type,
      name: resource.name,
      urn: resourceUrn(stack, resource),
      props: resource.inputs,
    })),
  );
  return { stack, resources, outputs, violations };
}

export const DEFAULT_PROJECT_DIR = join(import.meta.dirname ?? '.', '..', '..');
