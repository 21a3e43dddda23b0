// The Pulumi program: `pulumi preview` / `pulumi up` in infra/ run this (see Pulumi.yaml).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pulumi from '@pulumi/pulumi';
import { karstKeys, loadRegionInputs } from './load.js';
import { buildRegion, regionOutputs } from './program.js';

const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Pulumi calls the default export and publishes what it returns as the stack outputs. */
export default async function karstRegion() {
  const all = pulumi.runtime.allConfig();
  const inputs = await loadRegionInputs({
    config: karstKeys(all),
    region: all['aws:region'],
    stack: pulumi.getStack(),
    projectDir,
    // A bundle built elsewhere (CI artifacts, tests); by default apps/status/dist/lambda.
    ...(process.env.KARST_STATUS_BUNDLE_DIR ? { statusBundleDir: process.env.KARST_STATUS_BUNDLE_DIR } : {}),
  });
  return regionOutputs(buildRegion(inputs));
}
