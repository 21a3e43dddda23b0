import { BUILT_IN_SITE_IDS, ValidationError } from '@karst/climate';
import { describe, expect, it } from 'vitest';
import { computeBudget } from './compute-budget.js';
import { planSchema } from './plan-schema.js';
import { PLAN_PRESET_IDS, planFromPreset, planPresets } from './presets.js';

describe('plan presets', () => {
  it('has the four presets the issue names, each a valid plan with its sources', () => {
    expect(PLAN_PRESET_IDS).toEqual(
      expect.arrayContaining([
        'hyperscale-direct-evaporative',
        'modern-indirect-evaporative',
        'warm-water-liquid',
        'legacy-enterprise',
      ]),
    );
    for (const id of PLAN_PRESET_IDS) {
      const preset = planPresets[id];
      expect(preset.id).toBe(id);
      expect(preset.sources.length, id).toBeGreaterThan(0);
      const plan = planSchema.parse({ preset: id });
      expect(plan.preset).toBe(id);
      expect(plan.cooling.type).toBe(preset.plan.cooling?.type);
    }
  });

  it('lays the preset under the plan: the plan’s fields win, objects merge field by field', () => {
    const plan = planSchema.parse({ preset: 'legacy-enterprise', itPlan: { racks: 120 }, site: 'ashburn' });
    expect(plan.itPlan).toMatchObject({ racks: 120, kwPerRack: 5, utilization: 0.5 });
    expect(plan.powerChain.distributionLossFraction).toBe(0.025);
    expect(plan.site).toBe('ashburn');
    // Parsing a parsed plan again changes nothing (the status service parses, then computeBudget does).
    expect(planSchema.parse(plan)).toEqual(plan);
    expect(planFromPreset('legacy-enterprise', { itPlan: { racks: 120 } })).toEqual({
      itPlan: { racks: 120 },
      preset: 'legacy-enterprise',
    });
  });

  it('keeps only the plan’s own cooling when it names another design type', () => {
    const plan = planSchema.parse({ preset: 'legacy-enterprise', cooling: { type: 'mechanical' } });
    expect(plan.cooling.type).toBe('mechanical');
    // The preset's 20 °C supply air was the chilled water design's; the mechanical design starts afresh.
    expect(plan.cooling.supplyAirSetpointC).toBe(24);
    const same = planSchema.parse({ preset: 'legacy-enterprise', cooling: { supplyAirSetpointC: 22 } });
    expect(same.cooling).toMatchObject({
      type: 'chilled-water-wse',
      supplyAirSetpointC: 22,
      chilledWaterSupplyC: 7,
    });
  });

  it('fits every preset within its own grid cap, with no plan warning, at every built-in site', () => {
    // Found by a new user: tropical-chilled-water (5,000 kW of IT at full load) sat on the default 6,000 kW
    // cap and was over it in every hour of every site, with its transformer past its rating.
    for (const preset of PLAN_PRESET_IDS)
      for (const site of BUILT_IN_SITE_IDS) {
        const budget = computeBudget({ preset, site });
        expect({ preset, site, withinCap: budget.headroom.withinCap }).toEqual({
          preset,
          site,
          withinCap: true,
        });
        expect(budget.planWarnings).toEqual([]);
      }
  });

  it('names an unknown preset', () => {
    expect(() => computeBudget({ preset: 'igloo' } as never)).toThrow(ValidationError);
    expect(() => computeBudget({ preset: 'igloo' } as never)).toThrow(/preset: must be one of hyperscale/);
  });
});
