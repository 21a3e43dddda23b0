import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeBudget } from '@karst/energy';
import { describe, expect, it } from 'vitest';

const bin = join(dirname(dirname(fileURLToPath(import.meta.url))), 'bin', 'karst.mjs');

describe('bin/karst.mjs', () => {
  it('is an executable Node script', () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    accessSync(bin, constants.X_OK);
  });

  // The one end-to-end run: a real process, through the launcher and the bundle in dist/ (turbo builds it
  // before this test), from another directory.
  it('runs karst end to end, forwarding stdout, stderr and the exit code', () => {
    const result = spawnSync(bin, ['budget', '--racks', '900', '--json', '--fail-over-budget'], {
      cwd: '/',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json.annual.pue).toBe(computeBudget({ itPlan: { racks: 900, kwPerRack: 10 } }).annual.pue);
    expect(json.headroom.withinCap).toBe(false);
    expect(result.stderr).toMatch(/^karst: over budget: .*\n$/);
  });
});
