import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { karstKeys, loadRegionInputs } from '../load.js';
import { buildRegion, regionOutputs } from '../program.js';
import { type MockedResource, mockedResources, registerMocks, settled } from '../testing/mocks.js';
import { readStackConfig } from './stack-file.js';

export interface OfflinePreview {
  stack: string;
  resources: MockedResource[];
  outputs: Record<string, unknown>;
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
  return { stack, resources: [...mockedResources], outputs };
}

export const DEFAULT_PROJECT_DIR = join(import.meta.dirname ?? '.', '..', '..');
