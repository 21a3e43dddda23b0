// pnpm preview:offline on bad input, as a real process: one case of each kind, exit 2 naming it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const infraDir = join(dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = mkdtempSync(join(tmpdir(), 'karst-preview-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `pnpm preview:offline` (the same command line) with `args` until it exits. */
function preview(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--conditions=karst-source', '--import', 'tsx', 'src/offline/preview-cli.ts', ...args],
      { cwd: infraDir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

const notJson = join(scratch, 'not-json.json');
writeFileSync(notJson, '{ "id": ');
const badSite = join(scratch, 'bad-site.json');
writeFileSync(badSite, JSON.stringify({ id: 'x', name: 'X' }));

// One bad value of each kind the preview reads: each exits 2 with a message naming the key or field,
// never a stack trace.
const cases: [string, string[], RegExp][] = [
  ['a config value out of range', ['--set', 'karst:powerCapKw=abc'], /karst:powerCapKw: .*\n\s+fix: /],
  ['an unknown config key', ['--set', 'karst:powerCapMw=6'], /karst:powerCapMw: unknown key/],
  [
    'a stack without a stack file',
    ['--stack', 'atlantis'],
    /cannot read the stack file .*Pulumi\.atlantis\.yaml/,
  ],
  [
    'a site file that cannot be read',
    ['--set', `karst:siteFile=${join(scratch, 'none.json')}`],
    /karst:siteFile: cannot read/,
  ],
  [
    'a site file that is not JSON',
    ['--set', `karst:siteFile=${notJson}`],
    /invalid site profile .*:\n\s+\(root\): is not valid JSON/,
  ],
  [
    'a site file with bad fields',
    ['--set', `karst:siteFile=${badSite}`],
    /invalid site profile .*:\n(\s+\w+: .*\n)*\s+location: /,
  ],
];

describe('pnpm preview:offline on bad input', () => {
  it.each(cases)(
    '%s: exits 2 with a message naming it',
    async (_name, args, named) => {
      const { code, stderr } = await preview(args);
      expect(stderr).toMatch(named);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(code).toBe(2);
    },
    // Each case starts Node with tsx and the Pulumi SDK (seconds on a busy machine); bounded only against a hang.
    120_000,
  );
});
