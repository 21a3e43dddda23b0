import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILT_IN_SITE_IDS, deriveConditions, getBuiltInSite, synthesizeYear } from '@karst/climate';
import { computeBudget } from '@karst/energy';
import { describe, expect, it } from 'vitest';
import { karst } from './test-util.js';
import { decodeTypicalYear, encodeTypicalYear } from './typical-year.js';

const appDir = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = join(appDir, 'bin', 'karst.mjs');

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

function bytesOf(series: unknown): string {
  const view = series as ArrayBufferView;
  return `${view.constructor.name} ${Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64')}`;
}

// The bundle answers a built-in site from the typical year `npm run build` precomputed (src/typical-year.ts);
// from sources, computeBudget synthesizes it. Both must be the same budget, to the last digit and label.
describe('the precomputed typical years of the bundle', () => {
  it('hold exactly the hours synthesizeYear and deriveConditions give, for every built-in site', () => {
    for (const id of BUILT_IN_SITE_IDS) {
      const file = readFileSync(join(appDir, 'dist', 'typical-years', `${id}.bin`));
      const expected = deriveConditions(synthesizeYear(getBuiltInSite(id)));
      for (const decoded of [decodeTypicalYear(file), decodeTypicalYear(encodeTypicalYear(expected))]) {
        expect(decoded).not.toBeNull();
        expect(Object.keys(decoded ?? {}).sort(), id).toEqual(Object.keys(expected).sort());
        for (const [name, series] of Object.entries(expected)) {
          const got = decoded?.[name as keyof typeof expected];
          if (typeof series === 'number') expect(got, `${id} ${name}`).toBe(series);
          // Bit for bit, and the same typed-array kind (Float64Array, Uint8Array).
          else expect(bytesOf(got), `${id} ${name}`).toEqual(bytesOf(series));
        }
      }
    }
  });

  it('give the same `karst budget --json` as the sources, for every built-in site', async () => {
    for (const id of BUILT_IN_SITE_IDS) {
      const bundled = spawnSync(bin, ['budget', '--site', id, '--json'], {
        cwd: '/',
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(bundled.status, bundled.stderr).toBe(0);
      const fromSources = await karst(['budget', '--site', id, '--json']);
      expect(fromSources.code).toBe(0);
      expect(JSON.parse(bundled.stdout), id).toEqual(JSON.parse(fromSources.stdout));
      expect(JSON.parse(bundled.stdout).site.weather, id).toBe('synthesized-from-profile');
    }
  }, 120_000); // six bundled processes and six budgets from sources on a busy 2-core CI machine
});
