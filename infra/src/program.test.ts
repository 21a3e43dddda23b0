import { describe, expect, it } from 'vitest';
import { InfraConfigError } from './config.js';
import { DEFAULT_PROJECT_DIR, runOfflinePreview } from './offline/preview.js';
import { renderBudgetSummary } from './offline/render-plan.js';

const preview = (overrides: Record<string, string> = {}) =>
  runOfflinePreview({ projectDir: DEFAULT_PROJECT_DIR, stack: 'guiyang', overrides });

type Outputs = {
  budget: { capKw: number; withinCap: boolean; peakFacilityPowerKw: number; pue: number; maxRacks: number };
  computePool: { maxNodes: number; desiredNodes: number; capped: boolean };
};

describe('the program on the example guiyang stack', () => {
  it('computes the budget once through @karst/energy and exports its figures', async () => {
    const { outputs } = await preview();
    const { budget, computePool } = outputs as unknown as Outputs;
    expect(outputs.site).toBe('guiyang');
    expect(budget.pue).toBeGreaterThan(1.1);
    expect(budget.pue).toBeLessThan(1.3);
    expect(budget).toMatchObject({ capKw: 6000, withinCap: true });
    // 500 racks x 10 kW x 0.6 = 3,000 kW average IT at 100 kW per node: 30 nodes; the headroom's IT load
    // (796 racks x 6 kW = 4,776 kW) fits 47.
    expect(computePool).toEqual({ maxNodes: 47, desiredNodes: 30, nodeItKw: 100, capped: false });
    // AWS China has no function URLs: the service answers on an internal load balancer in the VPC.
    expect(String(outputs.statusUrl)).toMatch(
      /^http:\/\/internal-.+\.cn-northwest-1\.elb\.amazonaws\.com\.cn\/$/,
    );
  });

  it('creates every component, with the pool sized and tagged by the budget', async () => {
    const { resources } = await preview();
    const types = resources.map((resource) => resource.type);
    for (const component of [
      'karst:network:Network',
      'karst:compute:ComputePool',
      'karst:storage:TelemetryStore',
      'karst:service:StatusService',
      'karst:observability:Observability',
    ]) {
      expect(types).toContain(component);
    }
    const group = resources.find((resource) => resource.type === 'aws:autoscaling/group:Group')!;
    expect(group.inputs).toMatchObject({ maxSize: 47, desiredCapacity: 30 });
    const tags = Object.fromEntries(
      (group.inputs.tags as { key: string; value: string }[]).map((tag) => [tag.key, tag.value]),
    );
    expect(tags).toMatchObject({
      'karst:site': 'guiyang',
      'karst:node-it-kw': '100.000',
      'karst:budget-cap-kw': '6000.0',
    });
    const fn = resources.find((resource) => resource.type === 'aws:lambda/function:Function')!;
    const variables = (fn.inputs.environment as { variables: Record<string, string> }).variables;
    // The plan and the site travel in the bundle (karst-deployment.json), not in the 4 KB environment.
    expect(variables).toEqual({
      KARST_DEPLOYMENT_FILE: 'karst-deployment.json',
      KARST_STORE: 'dynamodb',
      KARST_TABLE_NAME: expect.any(String),
      KARST_STACK: 'guiyang',
      KARST_EMIT_EMF: '1',
    });
  });

  it('tags the pool with the site country and province, and the Guizhou hub policy holds its PUE to 1.2', async () => {
    const { resources, violations } = await preview();
    const group = resources.find((resource) => resource.type === 'aws:autoscaling/group:Group')!;
    const tags = Object.fromEntries(
      (group.inputs.tags as { key: string; value: string }[]).map((tag) => [tag.key, tag.value]),
    );
    expect(tags).toMatchObject({ 'karst:site-country': 'CHN', 'karst:site-region': 'Guizhou' });
    expect(violations.filter((violation) => violation.policy === 'karst-national-hub-pue')).toEqual([]);
    // Mechanical cooling all year runs Guiyang's PUE over the western hubs' 1.2.
    const mechanical = await preview({ 'karst:cooling': JSON.stringify({ type: 'mechanical' }) });
    const pue = (mechanical.outputs.budget as { pue: number }).pue;
    expect(pue).toBeGreaterThan(1.2);
    expect(
      mechanical.violations.map((violation) => [violation.policy, violation.enforcementLevel]),
    ).toContainEqual(['karst-national-hub-pue', 'mandatory']);
  });

  it('halving the grid cap halves the pool maximum', async () => {
    const full = (await preview()).outputs as unknown as Outputs;
    const half = (await preview({ 'karst:powerCapKw': '3000' })).outputs as unknown as Outputs;
    expect(half.computePool.maxNodes).toBeGreaterThanOrEqual(Math.floor(full.computePool.maxNodes / 2) - 1);
    expect(half.computePool.maxNodes).toBeLessThanOrEqual(Math.ceil(full.computePool.maxNodes / 2));
  });

  it('caps the pool at the headroom when the IT plan goes past the cap, and says the plan is over it', async () => {
    const { outputs } = await preview({ 'karst:itPlan': '{"racks": 1500, "kwPerRack": 10}' });
    const { budget, computePool } = outputs as unknown as Outputs;
    expect(budget.withinCap).toBe(false);
    expect(budget.peakFacilityPowerKw).toBeGreaterThan(6000);
    expect(computePool.capped).toBe(true);
    expect(computePool.desiredNodes).toBe(computePool.maxNodes);
  });

  it('passes every policy of the pack on the default stack', async () => {
    expect((await preview()).violations).toEqual([]);
  });

  it('is refused by the power-headroom policy when the IT plan is over the cap, naming the URN and the fix', async () => {
    const { violations } = await preview({ 'karst:powerCapKw': '3000' });
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({
      policy: 'karst-power-headroom',
      enforcementLevel: 'mandatory',
      urn: 'urn:pulumi:guiyang::karst::aws:autoscaling/group:Group::karst-guiyang-pool-nodes',
    });
    expect(violations[0]!.message).toMatch(
      /over the grid cap of 3000 kW.*lower karst:itPlan\.racks or raise karst:powerCapKw/,
    );
  });

  it('sizes from a configured node count, still under the headroom', async () => {
    const { outputs } = await preview({ 'karst:aws': '{"desiredNodes": 3}' });
    expect((outputs as unknown as Outputs).computePool).toMatchObject({ desiredNodes: 3, maxNodes: 47 });
  });

  it('stops on bad configuration with every bad key and its fix', async () => {
    await expect(
      preview({ 'karst:powerCapKw': 'lots', 'karst:aws': '{"natGateways": "none"}' }),
    ).rejects.toThrow(InfraConfigError);
    await expect(preview({ 'karst:powerCapKw': 'lots' })).rejects.toThrow(
      /karst:powerCapKw: .*\n {4}fix: pulumi config set --path 'karst:powerCapKw' 6000/,
    );
  });

  it('reads a site profile file and an EPW file when configured', async () => {
    const { sharedWeatherAvailable, sharedWeatherPath } = await import('@karst/test-support');
    if (!sharedWeatherAvailable) return;
    const { outputs } = await preview({
      'karst:site': 'singapore',
      'karst:weatherFile': sharedWeatherPath('SGP_Singapore.486980_IWEC.epw'),
    });
    expect(outputs.site).toBe('singapore');
    expect((outputs as unknown as Outputs).budget.pue).toBeGreaterThan(1.2);
  });

  it('carries the weather file warnings into the outputs and the printed budget', async () => {
    const { weatherFieldCasesAvailable, weatherFieldCasePath } = await import('@karst/test-support');
    if (!weatherFieldCasesAvailable) return;
    const { readEpw } = await import('@karst/climate/node');
    const path = weatherFieldCasePath('missingShortGaps');
    const { outputs } = await preview({ 'karst:site': 'beijing', 'karst:weatherFile': path });
    const messages = (await readEpw(path)).warnings.map((warning) => warning.message);
    expect(messages.length).toBe(7);
    expect(outputs.weatherWarnings).toEqual(messages);
    const summary = renderBudgetSummary(outputs).split('\n');
    expect(summary.filter((line) => line.startsWith('  weather warning: '))).toEqual(
      messages.map((message) => `  weather warning: ${message}`),
    );
    expect((await preview()).outputs.weatherWarnings).toEqual([]);
  });
});
