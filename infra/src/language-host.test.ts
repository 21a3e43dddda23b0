// The program as `pulumi preview` and `pulumi up` run it: @pulumi/pulumi's run entry started with the
// language host's command line (Pulumi.yaml's nodeargs before the script), talking gRPC to a resource
// monitor in this test. The mocks of the other tests never see a preview's unknown outputs; this does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStackConfig } from './offline/stack-file.js';
import {
  containsUnknown,
  isSecret,
  PROJECT_DIR,
  type ProgramRun,
  projectRuntime,
  type Registration,
  runProgram,
  UNKNOWN,
} from './testing/language-host.js';

const TOKEN = 'a-write-token-of-more-than-16-characters';
let bundleDir: string;
const runs: Record<'preview' | 'update', ProgramRun> = {} as never;

beforeAll(async () => {
  // The program only names the bundle folder (a FileArchive the engine reads), so a one-file folder will do.
  bundleDir = mkdtempSync(join(tmpdir(), 'karst-bundle-'));
  writeFileSync(join(bundleDir, 'index.mjs'), 'export const handler = async () => ({ statusCode: 200 });\n');
  for (const [kind, dryRun] of [
    ['preview', true],
    ['update', false],
  ] as const) {
    runs[kind] = await runProgram({
      stack: 'guiyang',
      dryRun,
      config: { ...readStackConfig(PROJECT_DIR, 'guiyang'), 'karst:statusWriteToken': TOKEN },
      secretKeys: ['karst:statusWriteToken'],
      env: { KARST_STATUS_BUNDLE_DIR: bundleDir },
    });
  }
  // Generous: each run starts node with tsx, loads @pulumi/aws and computes a budget; on a busy 2-core CI
  // machine that can take a minute or more. Nothing here measures speed.
}, 600_000);

afterAll(() => {
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

function failureText(run: ProgramRun): string {
  const errors = run.logs.filter((log) => log.severity === 'error').map((log) => log.message);
  return `exit ${run.exitCode}\n${errors.join('\n')}\n${run.stderr.slice(-4000)}`;
}

const one = (run: ProgramRun, type: string): Registration => {
  const found = run.registrations.filter((registration) => registration.type === type);
  expect(found, `${type} registered once`).toHaveLength(1);
  return found[0]!;
};

describe('the program under the language host command line', () => {
  it('puts Pulumi.yaml nodeargs before the run entry, where the language host puts them', () => {
    expect(projectRuntime().nodeargs).toEqual(['--conditions=karst-source', '--import', 'tsx']);
  });

  for (const kind of ['preview', 'update'] as const) {
    it(`completes a ${kind} with exit code 0 and no error logged`, () => {
      const run = runs[kind];
      expect(run.exitCode, failureText(run)).toBe(0);
      expect(run.logs.filter((log) => log.severity === 'error')).toEqual([]);
      expect(run.registrations.length).toBeGreaterThan(40);
    });

    it(`keeps the budget known in a ${kind}: outputs, pool tags and alarm thresholds`, () => {
      const run = runs[kind];
      const budget = run.stackOutputs.budget as Record<string, unknown>;
      expect(containsUnknown(budget)).toBe(false);
      // The guiyang plan's figures, as program.test.ts pins them through the offline preview.
      expect(budget).toMatchObject({ pue: 1.141, peakFacilityPowerKw: 3757.7, capKw: 6000, withinCap: true });
      expect(run.stackOutputs.computePool).toEqual({
        maxNodes: 47,
        desiredNodes: 30,
        nodeItKw: 100,
        capped: false,
      });
      const pool = one(run, 'aws:autoscaling/group:Group');
      expect(containsUnknown(pool.inputs.tags)).toBe(false);
      const alarms = run.registrations.filter(
        (registration) => registration.type === 'aws:cloudwatch/metricAlarm:MetricAlarm',
      );
      expect(alarms.length).toBeGreaterThan(0);
      for (const alarm of alarms) expect(alarm.inputs.threshold, alarm.name).toEqual(expect.any(Number));
    });

    it(`sends the write token to the Lambda as a secret in a ${kind}`, () => {
      const fn = one(runs[kind], 'aws:lambda/function:Function');
      const variables = (fn.inputs.environment as { variables: Record<string, unknown> }).variables;
      expect(isSecret(variables.KARST_WRITE_TOKEN)).toBe(true);
      const outsideSecrets = JSON.stringify(fn.inputs, (_key, value) =>
        isSecret(value) ? '[secret]' : value,
      );
      expect(outsideSecrets).not.toContain(TOKEN);
    });
  }

  it('shows the AMI id in plain text, not as a secret, in a preview', () => {
    // The provider marks the SSM parameter's `value` sensitive (the monitor answers so); the program reads
    // `insecureValue`, the same public AMI id, so previews do not show `imageId: [secret]`.
    for (const run of [runs.preview, runs.update]) {
      const template = one(run, 'aws:ec2/launchTemplate:LaunchTemplate');
      expect(template.inputs.imageId).toBe('ami-0123456789abcdef0');
    }
  });

  it('ties the group to the template version, so a new AMI rolls the nodes (instance refresh)', () => {
    const group = one(runs.update, 'aws:autoscaling/group:Group');
    expect(group.inputs.launchTemplate).toEqual({ id: 'karst-guiyang-pool-nodes-id', version: '1' });
    expect(group.inputs.instanceRefresh).toMatchObject({ strategy: 'Rolling' });
    // In a preview of a new template its version is not known yet, and the plan still goes through.
    expect(containsUnknown(one(runs.preview, 'aws:autoscaling/group:Group').inputs.launchTemplate)).toBe(
      true,
    );
  });

  it('leaves the status URL unknown in a preview and known after an update', () => {
    expect(runs.preview.stackOutputs.statusUrl).toBe(UNKNOWN);
    // guiyang is in AWS China: no function URL, an internal load balancer (src/partitions.ts).
    expect(runs.update.stackOutputs.statusUrl).toMatch(/^http:\/\/internal-.+\.elb\.amazonaws\.com\.cn\/$/);
    for (const run of [runs.preview, runs.update]) {
      expect(run.registrations.map((registration) => registration.type)).not.toContain(
        'aws:lambda/functionUrl:FunctionUrl',
      );
    }
  });
});
