import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs src/server.ts with `env` added, as its own process, until it exits (bad input exits at start). */
function runServer(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=karst-source', '--import', 'tsx', 'src/server.ts'], {
      cwd: appDir,
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', KARST_DATA_PATH: ':memory:', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    // A server that wrongly starts is stopped, so the test fails on its exit code instead of hanging.
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Karst status service:')) child.kill('SIGTERM');
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

// One bad value of each kind the service reads at start: each exits 2 with a message naming the
// variable (or the plan field), never a stack trace.
const cases: [string, Record<string, string>, RegExp][] = [
  ['a port that is not a number', { PORT: 'notaport' }, /PORT: /],
  ['an unknown store', { KARST_STORE: 'bogus' }, /KARST_STORE: /],
  [
    'dynamodb without a table',
    { KARST_STORE: 'dynamodb' },
    /KARST_TABLE_NAME: required when KARST_STORE=dynamodb/,
  ],
  [
    'a malformed region',
    { KARST_STORE: 'dynamodb', KARST_TABLE_NAME: 'karst-t', AWS_REGION: 'Mars 1' },
    /AWS_REGION: /,
  ],
  ['an unknown site', { KARST_SITE: 'atlantis' }, /KARST_SITE: must be one of/],
  ['a plan that is not JSON', { KARST_PLAN_JSON: '{racks' }, /KARST_PLAN_JSON: is not valid JSON/],
  ['a plan with a bad field', { KARST_PLAN_JSON: '{"itPlan":{"racks":-5}}' }, /itPlan\.racks: /],
  [
    'a short write token',
    { KARST_WRITE_TOKEN: 'short' },
    /KARST_WRITE_TOKEN: must be at least 16 characters/,
  ],
];

describe('the server process on bad input', () => {
  it.each(cases)(
    '%s: exits 2 with a message naming it',
    async (_name, env, named) => {
      const { code, stderr } = await runServer(env);
      expect(stderr).toMatch(named);
      expect(stderr).toMatch(/^karst status: invalid /);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(code).toBe(2);
    },
    // Each case starts a Node process with tsx (seconds on a busy machine); bounded only against a hang.
    60_000,
  );
});
