import {
  getBuiltInSite,
  type HourlyWeather,
  standardPressurePa,
  synthesizeYear,
  ValidationError,
} from '@karst/climate';
import { coolingAtConditions, coolingDesignSchema } from '@karst/cooling';
import { describe, expect, it } from 'vitest';
import { computeBudget } from './compute-budget.js';
import { designPoints, headroom, peakHourAt } from './headroom.js';
import { planSchema } from './plan-schema.js';

/** 8,760 identical hours: the year reduces to one hour that can be worked by hand. */
function constantWeather(dryBulbC: number, dewPointC: number, pressurePa: number): HourlyWeather {
  const hours = 8760;
  const base = synthesizeYear(getBuiltInSite('guiyang'));
  return {
    ...base,
    dryBulbC: new Float64Array(hours).fill(dryBulbC),
    dewPointC: new Float64Array(hours).fill(dewPointC),
    relativeHumidityPct: new Float64Array(hours).fill(50),
    pressurePa: new Float64Array(hours).fill(pressurePa),
  };
}

describe('computeBudget: one hour worked by hand through the power chain', () => {
  // 100 racks x 10 kW at 50% utilization: IT 500 kW (server fans add nothing at the 24 °C supply air).
  // UPS 2N: 2,000 kW installed, 25% load, efficiency 0.94: loss 500 / 0.94 - 500 = 31.9149 kW.
  // Distribution 1%: 5 kW. Lighting 3 W per IT kW x 1,000 kW = 3 kW. Heat to remove:
  // 500 + 31.9149 + 5 + 3 = 539.9149 kW.
  // Generator heaters (3 W) and controls (2 W per IT kW): 5 kW, outside the hall. Cooling power C from
  // the cooling package at that heat (tested by hand there). Transformer rated at the 2,000 kW cap:
  // throughput T = 539.9149 + 5 + C, loss = 2000 x (0.002 + 0.01 x (T / 2000)^2). Facility = T + loss.
  const pressurePa = standardPressurePa(1223.8);
  const plan = {
    site: 'guiyang',
    itPlan: { racks: 100, kwPerRack: 10, utilization: 0.5 },
    cooling: { type: 'mechanical' as const },
    gridConnection: { capKw: 2000 },
    includeHourly: true,
  };
  const budget = computeBudget(plan, { weather: constantWeather(30, 18, pressurePa) });

  it('matches the hand calculation', () => {
    const heatKw = 500 + (500 / 0.94 - 500) + 5 + 3;
    expect(heatKw).toBeCloseTo(539.9149, 4);
    const design = coolingDesignSchema.parse({ type: 'mechanical' });
    const wetBulbC = budget.hourly!.wetBulbC[0]!;
    // The plant's fans are sized for the hall at design power: IT 1,000 kW, UPS at 50 % load (0.96):
    // 1,000 / 0.96 - 1,000 = 41.6667 kW, distribution 10 kW, lighting 3 kW: 1,054.6667 kW.
    const designHeatLoadKw = 1000 + (1000 / 0.96 - 1000) + 10 + 3;
    expect(designHeatLoadKw).toBeCloseTo(1054.6667, 4);
    const coolingKw = coolingAtConditions(
      design,
      { dryBulbC: 30, dewPointC: 18, wetBulbC, pressurePa },
      heatKw,
      { elevationM: 1223.8, designHeatLoadKw },
    ).coolingPowerKw;
    const throughputKw = heatKw + 5 + coolingKw;
    const facilityKw = throughputKw + 2000 * (0.002 + 0.01 * (throughputKw / 2000) ** 2);

    expect(budget.hourly!.coolingPowerKw[0]).toBeCloseTo(coolingKw, 9);
    expect(budget.hourly!.facilityPowerKw[0]).toBeCloseTo(facilityKw, 9);
    expect(budget.annual.itEnergyMwh).toBeCloseTo((500 * 8760) / 1000, 9);
    expect(budget.annual.facilityEnergyMwh).toBeCloseTo((facilityKw * 8760) / 1000, 6);
    expect(budget.annual.pue).toBeCloseTo(facilityKw / 500, 9);
    // Cost at Guiyang's flat 0.35 CNY/kWh; carbon at its 0.5 kg/kWh grid average.
    expect(budget.annual.cost).toBeCloseTo(facilityKw * 8760 * 0.35, 3);
    expect(budget.annual.carbonLocationBasedTCo2e).toBeCloseTo((facilityKw * 8760 * 0.5) / 1000, 6);
    expect(budget.site.currency).toBe('CNY');
  });

  it('conserves energy in every hour: facility = IT + cooling + losses + other, exactly', () => {
    const h = budget.hourly!;
    for (let i = 0; i < h.facilityPowerKw.length; i++) {
      expect(h.facilityPowerKw[i]).toBe(
        h.itPowerKw[i]! + h.coolingPowerKw[i]! + h.powerLossKw[i]! + h.otherPowerKw[i]!,
      );
    }
  });
});

describe('computeBudget: the default plan at Guiyang', () => {
  const budget = computeBudget({});

  it('uses Guiyang, indirect evaporative cooling, and a synthesized typical year by default', () => {
    expect(budget.site).toMatchObject({
      id: 'guiyang',
      weather: 'synthesized-from-profile',
      currency: 'CNY',
    });
    expect(budget.coolingDesign).toBe('indirect-evaporative');
    expect(budget.hourly).toBeUndefined();
  });

  it('adds its months up to the year', () => {
    const sum = (key: 'itEnergyMwh' | 'facilityEnergyMwh' | 'cost' | 'waterM3' | 'carbonMarketBasedTCo2e') =>
      budget.months.reduce((total, month) => total + month[key], 0);
    expect(budget.months).toHaveLength(12);
    expect(budget.months.reduce((total, month) => total + month.hours, 0)).toBe(8760);
    for (const key of [
      'itEnergyMwh',
      'facilityEnergyMwh',
      'cost',
      'waterM3',
      'carbonMarketBasedTCo2e',
    ] as const) {
      expect(sum(key)).toBeCloseTo(budget.annual[key], 6);
    }
    const modeHours = Object.values(budget.modeHours).reduce((total, hours) => total + hours, 0);
    expect(modeHours).toBe(8760);
    for (const month of budget.months) {
      expect(Object.values(month.modeHours).reduce((total, hours) => total + hours, 0)).toBe(month.hours);
    }
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(budget))).toEqual(budget);
  });

  it('reports a plan over its cap with the figures, not an error', () => {
    const over = computeBudget({ itPlan: { racks: 2000, kwPerRack: 10 }, gridConnection: { capKw: 6000 } });
    expect(over.headroom.withinCap).toBe(false);
    expect(over.headroom.marginKw).toBeLessThan(0);
    expect(over.headroom.hoursOverCap).toBeGreaterThan(0);
    expect(over.headroom.maxRacks).toBeLessThan(2000);
    // The racks that fit, at their peak draw, stay under the cap at the worst condition.
    const fitted = computeBudget({
      itPlan: { racks: over.headroom.maxRacks, kwPerRack: 10 },
      gridConnection: { capKw: 6000 },
    });
    expect(fitted.headroom.withinCap).toBe(true);
    const oneMore = computeBudget({
      itPlan: { racks: over.headroom.maxRacks + 1, kwPerRack: 10 },
      gridConnection: { capKw: 6000 },
    });
    expect(oneMore.headroom.peakFacilityPowerKw).toBeGreaterThan(6000);
  });

  it('splits carbon into location- and market-based for a hydro contract', () => {
    const hydro = computeBudget({ carbon: { hydroContractShare: 0.8 } });
    expect(hydro.annual.carbonLocationBasedTCo2e).toBeCloseTo(budget.annual.carbonLocationBasedTCo2e, 9);
    expect(hydro.annual.carbonMarketBasedTCo2e).toBeCloseTo(0.2 * budget.annual.carbonLocationBasedTCo2e, 6);
  });
});

describe('computeBudget: a design the climate cannot hold', () => {
  it('reports the hours out of envelope instead of hiding them', () => {
    // Free air with no compressor trim in Singapore: outdoor air is above the 24 C setpoint in most hours.
    const budget = computeBudget({
      site: 'singapore',
      cooling: { type: 'free-air', mechanicalCapacityFraction: 0 },
    });
    expect(budget.annual.hoursOutOfEnvelope).toBeGreaterThan(4000);
    expect(budget.months.reduce((sum, month) => sum + month.hoursOutOfEnvelope, 0)).toBe(
      budget.annual.hoursOutOfEnvelope,
    );
  });
});

describe('computeBudget: bad input', () => {
  it('names the path of every bad field', () => {
    expect(() => computeBudget({ itPlan: { racks: 0, kwPerRack: 10 } })).toThrow(
      /itPlan\.racks: must be a positive integer/,
    );
    expect(() => computeBudget({ itPlan: { racks: 2.5, kwPerRack: 10 } })).toThrow(ValidationError);
    expect(() => computeBudget({ cooling: { type: 'peltier' } as never })).toThrow(/cooling\.type/);
    expect(() => computeBudget({ site: 'atlantis' })).toThrow(
      /site: must be a built-in site id \(guiyang, beijing/,
    );
  });
});

describe('computeBudget: hours with no IT load', () => {
  // Racks switched off from midnight to 6 am (a valid profile: some hours above 0). An hour with no IT
  // load has no PUE: null, not NaN or 0. Facility power in such an hour: lighting (3 W per IT kW x 100 kW
  // = 0.3 kW), the cooling of that heat, generator heaters and controls (5 W per IT kW: 0.5 kW) and the
  // transformer's core loss (0.002 x 6,000 kW = 12 kW) and copper loss.
  const profile = Array.from({ length: 24 }, (_, hour) => (hour < 6 ? 0 : 1));
  const budget = computeBudget({
    itPlan: { racks: 10, kwPerRack: 10, hourlyProfile: profile },
    includeHourly: true,
  });

  it('reports no PUE for an hour with no IT load, and the parts of its facility power', () => {
    const off = budget.hourly!.itPowerKw.findIndex((kw) => kw === 0);
    expect(off).toBeGreaterThanOrEqual(0);
    expect(budget.hourly!.pue[off]).toBeNull();
    expect(budget.hourly!.pue.filter((pue) => pue === null)).toHaveLength(budget.annual.hours / 4);
    const coolingKw = budget.hourly!.coolingPowerKw[off]!;
    const throughputKw = 0.3 + 0.5 + coolingKw;
    expect(budget.hourly!.facilityPowerKw[off]).toBeCloseTo(
      throughputKw + 6000 * (0.002 + 0.01 * (throughputKw / 6000) ** 2),
      9,
    );
  });

  it('finds the cap boundary to within 1e-6 racks, the largest rack count (continuous) that fits', () => {
    // The search (regula falsi, Illinois) must end with low fitting and low + 2e-6 racks not fitting at
    // the governing conditions: the same guarantee as bisection to 1e-6, checked against peakHourAt.
    const plan = planSchema.parse({
      itPlan: { racks: 2000, kwPerRack: 10 },
      gridConnection: { capKw: 6000 },
    });
    const site = getBuiltInSite('guiyang');
    const points = designPoints(site).map(({ point }) => point);
    const elevationM = site.location.elevationM;
    const result = headroom(plan, elevationM, points, 7000, 0);
    const perRackKw = result.plannedPeakItPowerKw / plan.itPlan.racks;
    const racks = result.maxItPowerKw / perRackKw;
    const worstKw = (r: number) =>
      Math.max(...points.map((point) => peakHourAt(plan, r, point, elevationM).facilityPowerKw));
    expect(worstKw(racks)).toBeLessThanOrEqual(6000);
    expect(worstKw(racks + 2e-6)).toBeGreaterThan(6000);
    expect(result.maxRacks).toBe(Math.floor(racks + 1e-9));
  });

  it('bounds the headroom search even for racks that would never draw power', () => {
    // The schema refuses an all-zero profile; headroom() guards its division on its own, so a plan built
    // another way reports the planned racks instead of bisecting over NaN.
    const plan = planSchema.parse({ itPlan: { racks: 10, kwPerRack: 10 } });
    const off = { ...plan, itPlan: { ...plan.itPlan, hourlyProfile: new Array(24).fill(0) } };
    const result = headroom(off, 1223.8, [], 12, 0);
    expect(result.maxItPowerKw).toBe(0);
    expect(result.maxRacks).toBe(10);
    expect(result.plannedPeakItPowerKw).toBe(0);
  });
});
