// `npm run preview:offline` as people run it: the real script in its own process.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROJECT_DIR, runOfflinePreview } from './preview.js';
import { previewReport } from './report.js';

/** The package's `preview:offline` script: node with the workspace condition and tsx. */
function previewOffline(args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--conditions=karst-source', '--import', 'tsx', join('src', 'offline', 'preview-cli.ts'), ...args],
    { cwd: DEFAULT_PROJECT_DIR, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run preview:offline', () => {
  for (const stack of ['guiyang', 'global']) {
    it(`passes the example stack ${stack}: every policy passes, exit 0`, () => {
      const { code, stdout, stderr } = previewOffline(['--stack', stack]);
      expect(code, stderr).toBe(0);
      expect(stdout).toContain('Policies: every policy of the karst pack passes.');
    });
  }

  it('exits 1 on the mandatory violation of an over-cap plan, printing the shared report', async () => {
    const overrides = { 'karst:powerCapKw': '3000' };
    const expected = previewReport(
      await runOfflinePreview({ projectDir: DEFAULT_PROJECT_DIR, stack: 'guiyang', overrides }),
    );
    const { code, stdout } = previewOffline(['--set', 'karst:powerCapKw=3000']);
    expect(code).toBe(1);
    expect(expected.exitCode).toBe(1);
    expect(stdout).toBe(`${expected.text}\n`);
  });

  it('exits 2 naming the key and the fix on a configuration a partition cannot deploy', () => {
    const { code, stderr } = previewOffline([
      '--set',
      'karst:aws={"availabilityZones":2,"statusEndpoint":"function-url"}',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      'karst:aws.statusEndpoint: Lambda function URLs are not available in cn-northwest-1',
    );
    expect(stderr).toContain("fix: pulumi config set --path 'karst:aws.statusEndpoint' internal-alb");
  });
});
