import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@karst/climate';
import { computeBudget } from '@karst/energy';
import { afterAll, describe, expect, it } from 'vitest';
import { readDeploymentFile } from './deployment-file.js';
import { runtimeFromEnv } from './runtime.js';

const dir = mkdtempSync(join(tmpdir(), 'karst-deployment-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('KARST_DEPLOYMENT_FILE', () => {
  it('gives the service the plan infra computed the budget from', async () => {
    const plan = {
      site: 'guiyang',
      itPlan: { racks: 400, kwPerRack: 8, utilization: 0.5 },
      gridConnection: { capKw: 5000 },
    };
    writeFileSync(join(dir, 'deployment.json'), JSON.stringify({ stack: 'test', plan }));
    const runtime = await runtimeFromEnv(
      {
        KARST_DEPLOYMENT_FILE: 'deployment.json',
        LAMBDA_TASK_ROOT: dir,
        KARST_STORE: 'sqlite',
        KARST_DATA_PATH: ':memory:',
      },
      { generateWriteToken: false },
    );
    // The same plan through the same entry point: the very same figures.
    const expected = computeBudget(plan);
    expect(runtime.budgets.deployment.annual.pue).toBe(expected.annual.pue);
    expect(runtime.budgets.deployment.headroom.peakFacilityPowerKw).toBe(
      expected.headroom.peakFacilityPowerKw,
    );
    await runtime.store.close();
  });

  it('names the variable when the file cannot be read, and the field when it is malformed', async () => {
    await expect(readDeploymentFile('missing.json', dir)).rejects.toThrow(
      /KARST_DEPLOYMENT_FILE: cannot read/,
    );
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ plan: {}, extra: 1 }));
    const error = await readDeploymentFile('bad.json', dir).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/extra|unrecognized/i);
  });
});
