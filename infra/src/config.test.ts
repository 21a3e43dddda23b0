import { describe, expect, it } from 'vitest';
import { coerceConfigScalars, InfraConfigError, parseInfraConfig } from './config.js';

function problemsOf(raw: Record<string, string>) {
  try {
    parseInfraConfig(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(InfraConfigError);
    return (error as InfraConfigError).problems;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('parseInfraConfig', () => {
  it('gives the Guiyang defaults for an empty stack', () => {
    const config = parseInfraConfig({});
    expect(config.site).toBe('guiyang');
    expect(config.powerCapKw).toBe(6000);
    expect(config.itPlan).toMatchObject({ racks: 500, kwPerRack: 10, utilization: 0.6 });
    expect(config.cooling.type).toBe('indirect-evaporative');
    expect(config.aws).toMatchObject({
      vpcCidr: '10.40.0.0/16',
      availabilityZones: 2,
      natGateways: 'per-az',
    });
  });

  it('reads values as Pulumi holds them: strings, and objects as JSON', () => {
    const config = parseInfraConfig({
      site: 'beijing',
      powerCapKw: '3000',
      itPlan: '{"racks": 200, "kwPerRack": "12"}',
      aws: '{"availabilityZones": "3", "natGateways": "single", "alertEmail": "ops@example.com"}',
      tags: '{"cost-center": "4711"}',
    });
    expect(config.powerCapKw).toBe(3000);
    expect(config.itPlan.kwPerRack).toBe(12);
    expect(config.aws).toMatchObject({
      availabilityZones: 3,
      natGateways: 'single',
      alertEmail: 'ops@example.com',
    });
    // Tag values stay strings even when they look like numbers.
    expect(config.tags).toEqual({ 'cost-center': '4711' });
  });

  it('lists every bad key at once, each with the command that fixes it', () => {
    const problems = problemsOf({
      site: 'atlantis',
      powerCapKw: '-5',
      itPlan: '{"racks": 0, "kwPerRack": 10}',
      aws: '{"vpcCidr": "10.0.0.0/8", "natGateways": "none", "colour": "blue"}',
      color: 'blue',
    });
    const keys = problems.map((problem) => problem.key).sort();
    expect(keys).toEqual([
      'aws.colour',
      'aws.natGateways',
      'aws.vpcCidr',
      'color',
      'itPlan.racks',
      'powerCapKw',
      'site',
    ]);
    const byKey = Object.fromEntries(problems.map((problem) => [problem.key, problem]));
    expect(byKey['itPlan.racks']!.fix).toBe("pulumi config set --path 'karst:itPlan.racks' 500");
    expect(byKey.color!).toMatchObject({
      message: 'unknown key',
      fix: "pulumi config rm --path 'karst:color'",
    });
    expect(byKey.site!.message).toMatch(/must be one of guiyang, beijing/);
    expect(byKey['aws.vpcCidr']!.message).toMatch(/prefix must be \/16 to \/24/);
  });

  it('says so when an object value is not JSON', () => {
    expect(problemsOf({ itPlan: '{racks: 5' })).toEqual([
      { key: 'itPlan', message: 'is not valid JSON', fix: "pulumi config set --path 'karst:itPlan' <value>" },
    ]);
  });

  it('puts the whole list in one message', () => {
    expect(() => parseInfraConfig({ powerCapKw: 'lots' })).toThrow(
      /invalid Karst stack configuration \(1 problem\):\n {2}karst:powerCapKw: .*\n {4}fix: pulumi config set --path 'karst:powerCapKw' 6000/,
    );
  });
});

describe('coerceConfigScalars', () => {
  it('turns numeric and boolean strings into values, deeply, and leaves other strings', () => {
    expect(coerceConfigScalars({ a: '1.5', b: ['2', 'x'], c: { d: 'true', e: '1e3' } })).toEqual({
      a: 1.5,
      b: [2, 'x'],
      c: { d: true, e: 1000 },
    });
  });
});
