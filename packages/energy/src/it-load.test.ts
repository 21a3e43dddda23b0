import { describe, expect, it } from 'vitest';
import { computeBudget } from './compute-budget.js';
import { inletPowerFactor } from './it-load.js';
import { itPlanSchema } from './plan-schema.js';

describe('server fans and the inlet temperature', () => {
  const itPlan = itPlanSchema.parse({ racks: 10, kwPerRack: 10 });

  it('adds 0.4 % of IT power per K above 24 °C, none below (Coroamă 2025: 0.35-0.5 % per K, 23-30 °C)', () => {
    expect(inletPowerFactor(itPlan, 20)).toBe(1);
    expect(inletPowerFactor(itPlan, 24)).toBe(1);
    expect(inletPowerFactor(itPlan, 27)).toBeCloseTo(1.012, 12);
    // Only the air-cooled share of the IT load has fans that speed up: 20 % of it at 27 °C.
    expect(inletPowerFactor(itPlan, 27, 0.2)).toBeCloseTo(1.0024, 12);
  });

  it('reports the fans as IT power, so a warmer hall shows its cost in total energy', () => {
    // Guiyang default plan, supply air 24 -> 27 °C: IT energy rises by 1.2 % (3,000 kW x 8,760 h x 0.012
    // = 315 MWh, inside the 276-394 MWh the review estimated).
    const at = (supplyAirSetpointC: number) =>
      computeBudget({ cooling: { type: 'indirect-evaporative', supplyAirSetpointC } }).annual;
    const cool = at(24);
    const warm = at(27);
    expect(warm.itEnergyMwh / cool.itEnergyMwh).toBeCloseTo(1.012, 12);
    expect(warm.itEnergyMwh - cool.itEnergyMwh).toBeCloseTo(3000 * 8.76 * 0.012, 6);
  });
});
