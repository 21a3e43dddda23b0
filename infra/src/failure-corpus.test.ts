import { describe, expect, it } from 'vitest';
import { InfraConfigError, parseInfraConfig } from './config.js';

// Invalid stack configurations as `pulumi config` would hand them over (key without the `karst:` namespace,
// every value a string, objects as JSON text): hostile as well as merely wrong. Each must be refused with an
// InfraConfigError naming the key and the command that fixes it; never another error, never accepted.

interface ConfigCase {
  name: string;
  raw: Record<string, string>;
  /** Keys the error must name (others may be named too). */
  keys: string[];
}

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

const cases: ConfigCase[] = [
  { name: 'an unknown site', raw: { site: 'atlantis' }, keys: ['site'] },
  { name: 'a site with a NUL byte', raw: { site: 'guiyang\u0000' }, keys: ['site'] },
  { name: 'a number for the site', raw: { site: '42' }, keys: ['site'] },
  { name: 'a word for the power cap', raw: { powerCapKw: 'lots' }, keys: ['powerCapKw'] },
  { name: 'a power cap of 1e400 (Infinity)', raw: { powerCapKw: '1e400' }, keys: ['powerCapKw'] },
  { name: 'a negative power cap', raw: { powerCapKw: '-6000' }, keys: ['powerCapKw'] },
  {
    name: 'racks as a word and no kW per rack',
    raw: { itPlan: '{"racks": "many"}' },
    keys: ['itPlan.racks', 'itPlan.kwPerRack'],
  },
  { name: 'fractional racks', raw: { itPlan: '{"racks": 1.5, "kwPerRack": 10}' }, keys: ['itPlan.racks'] },
  { name: 'truncated JSON', raw: { itPlan: '{"racks": 500, "kwPerRack": 10' }, keys: ['itPlan'] },
  { name: 'an array for the IT plan', raw: { itPlan: '[500, 10]' }, keys: ['itPlan'] },
  { name: 'an unknown cooling type', raw: { cooling: '{"type": "magic"}' }, keys: ['cooling.type'] },
  {
    name: 'a CIDR with an octet over 255',
    raw: { aws: '{"vpcCidr": "999.1.1.1/16"}' },
    keys: ['aws.vpcCidr'],
  },
  {
    name: 'zero availability zones',
    raw: { aws: '{"availabilityZones": 0}' },
    keys: ['aws.availabilityZones'],
  },
  {
    name: 'a log retention CloudWatch does not offer',
    raw: { aws: '{"logRetentionDays": 31}' },
    keys: ['aws.logRetentionDays'],
  },
  // The components trust these once config has accepted them (the one check of each is config.ts).
  {
    name: 'a root volume over 1,024 GiB',
    raw: { aws: '{"rootVolumeGb": 2048}' },
    keys: ['aws.rootVolumeGb'],
  },
  { name: 'a root volume under 8 GiB', raw: { aws: '{"rootVolumeGb": 4}' }, keys: ['aws.rootVolumeGb'] },
  {
    name: 'Lambda memory under 128 MB',
    raw: { aws: '{"statusMemoryMb": 64}' },
    keys: ['aws.statusMemoryMb'],
  },
  {
    name: 'an instance type of no family',
    raw: { aws: '{"instanceType": "large"}' },
    keys: ['aws.instanceType'],
  },
  {
    name: 'an alert address that is not one',
    raw: { aws: '{"alertEmail": "ops"}' },
    keys: ['aws.alertEmail'],
  },
  { name: '"yes" for a boolean', raw: { aws: '{"protectData": "yes"}' }, keys: ['aws.protectData'] },
  { name: 'a short write token', raw: { statusWriteToken: 'short' }, keys: ['statusWriteToken'] },
  {
    name: 'a tag value that is a number',
    raw: { tags: '{"cost-center": 4711}' },
    keys: ['tags.cost-center'],
  },
  { name: 'a tag key with a bang', raw: { tags: '{"bad key!": "x"}' }, keys: ['tags.bad key!'] },
  { name: 'an unknown key', raw: { colour: 'blue' }, keys: ['colour'] },
  {
    name: '__proto__ inside aws, supplying protectData: false',
    raw: { aws: '{"__proto__": {"protectData": false}}' },
    keys: ['aws.__proto__'],
  },
  {
    name: 'constructor.prototype as a top-level key',
    raw: { constructor: '{"prototype": {"polluted": true}}' },
    keys: ['constructor'],
  },
  {
    name: '__proto__ as a top-level key beside a bad site',
    raw: { __proto__: '{"site": "guiyang"}', site: 'atlantis' },
    keys: ['site'],
  },
  {
    name: 'the IT plan nested 2,000 arrays deep',
    raw: { itPlan: nested(2_000) },
    keys: ['itPlan'],
  },
  {
    name: 'racks repeated 50,000 times, the last one negative',
    raw: { itPlan: `{${'"racks": 500, '.repeat(50_000)}"racks": -1, "kwPerRack": 10}` },
    keys: ['itPlan.racks'],
  },
  {
    name: 'a 2 MB instance type',
    raw: { aws: JSON.stringify({ instanceType: `t4g.${'x'.repeat(2_000_000)}!` }) },
    keys: ['aws.instanceType'],
  },
  {
    name: 'every key wrong at once',
    raw: {
      site: 'atlantis',
      powerCapKw: 'lots',
      itPlan: '{"racks": 0, "kwPerRack": 10}',
      aws: '{"natGateways": "none"}',
      colour: 'blue',
    },
    keys: ['site', 'powerCapKw', 'itPlan.racks', 'aws.natGateways', 'colour'],
  },
];

describe('parseInfraConfig on invalid stack configurations', () => {
  for (const entry of cases) {
    it(`${entry.name}: InfraConfigError naming ${entry.keys.join(', ')}`, () => {
      // A raw object literal with a `__proto__:` key would set the prototype instead of a key; build it
      // from entries so the key is an own property, as a parsed stack file gives it.
      const raw: Record<string, string> = Object.fromEntries(Object.entries(entry.raw));
      if (entry.name.startsWith('__proto__ as a top-level key')) {
        Object.defineProperty(raw, '__proto__', {
          value: '{"site": "guiyang"}',
          enumerable: true,
          configurable: true,
          writable: true,
        });
      }
      let thrown: unknown;
      try {
        parseInfraConfig(raw);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InfraConfigError);
      const error = thrown as InfraConfigError;
      const named = error.problems.map((problem) => problem.key);
      for (const key of entry.keys) expect(named).toContain(key);
      for (const problem of error.problems) {
        expect(problem.fix).toMatch(/^pulumi config (set|rm) --path 'karst:/);
        expect(error.message).toContain(`karst:${problem.key}:`);
      }
      // The message names and explains; it does not echo a hostile value back in full.
      expect(error.message.length).toBeLessThan(4_000);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).protectData).toBeUndefined();
    });
  }

  // Config nests a few levels; coercion refuses more than 32 instead of exhausting the stack.
  it('the IT plan nested 10,000 arrays deep: InfraConfigError naming itPlan', () => {
    expect(() => parseInfraConfig({ itPlan: nested(10_000) })).toThrow(InfraConfigError);
    expect(() => parseInfraConfig({ itPlan: nested(10_000) })).toThrow(
      /karst:itPlan: nested deeper than 32 levels/,
    );
  });
});
