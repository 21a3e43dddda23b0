import { describe, expect, it } from 'vitest';
import { COOLING_DESIGN_TYPES, coolingDesignSchema, parseCoolingDesign } from './design.js';
import { validationMessages } from './validation.test-util.js';

/** The issues of a rejected design, as `path: message` lines. */
function messageOf(input: unknown): string {
  return validationMessages(() => parseCoolingDesign(input));
}

describe('coolingDesignSchema', () => {
  it('completes every design type from its type alone', () => {
    for (const type of COOLING_DESIGN_TYPES) {
      const design = coolingDesignSchema.parse({ type });
      expect(design.type).toBe(type);
      expect(design.supplyAirSetpointC).toBe(24);
      expect(design.envelope).toBe('recommended');
      expect(design.airTemperatureRiseK).toBe(12);
      expect(design.compressor.partLoad.minimumRatio).toBe(0.2);
    }
    const iec = coolingDesignSchema.parse({ type: 'indirect-evaporative' });
    expect(iec.type === 'indirect-evaporative' && iec.hxEffectivenessDry).toBe(0.7);
    const chw = coolingDesignSchema.parse({ type: 'chilled-water-wse' });
    expect(chw.type === 'chilled-water-wse' && chw.compressor.carnotEfficiency).toBe(0.65);
  });

  it('keeps given values and fills the rest of a nested object', () => {
    const design = parseCoolingDesign({ type: 'mechanical', compressor: { carnotEfficiency: 0.5 } });
    expect(design.compressor.carnotEfficiency).toBe(0.5);
    expect(design.compressor.maxCop).toBe(8);
  });

  it('names the path of each bad field', () => {
    expect(messageOf({ type: 'indirect-evaporative', supplyAirSetpointC: 40 })).toBe(
      'supplyAirSetpointC: must be between 10 and 35',
    );
    expect(messageOf({ type: 'free-air', compressor: { partLoad: { minimumRatio: 2 } } })).toContain(
      'compressor.partLoad.minimumRatio: must be between 0 and 1',
    );
    expect(messageOf({ type: 'free-air', compressor: { partLoad: { constant: 0.5 } } })).toContain(
      'compressor.partLoad: constant + linear + quadratic must equal 1',
    );
    expect(messageOf({ type: 'mechanical', envelope: 'B' })).toBe(
      'envelope: must be one of recommended, A1, A2, A3, A4',
    );
    expect(messageOf({ type: 'liquid' })).toBe(
      'type: must be one of free-air, indirect-evaporative, chilled-water-wse, mechanical, direct-evaporative, warm-water-liquid',
    );
    // A misspelling gets the type it most likely meant (found by a new user).
    expect(messageOf({ type: 'chiled-water-wse' })).toBe(
      'type: must be one of free-air, indirect-evaporative, chilled-water-wse, mechanical, direct-evaporative, warm-water-liquid (did you mean chilled-water-wse?)',
    );
    // A field of another design is refused, not ignored (hxEffectivenessDry is indirect-evaporative's).
    expect(messageOf({ type: 'chilled-water-wse', hxEffectivenessDry: 0.7, towerApproachK: 'four' })).toBe(
      'towerApproachK: must be a number\n(root): unknown key "hxEffectivenessDry"',
    );
    expect(messageOf({ type: 'free-air', supplyAirSetpiontC: 22 })).toBe(
      '(root): unknown key "supplyAirSetpiontC" (did you mean "supplyAirSetpointC"?)',
    );
  });

  it('checks fields against each other', () => {
    expect(messageOf({ type: 'free-air', supplyAirSetpointC: 30 })).toBe(
      'supplyAirSetpointC: must be within the recommended envelope (18 to 27 °C)',
    );
    expect(
      coolingDesignSchema.safeParse({ type: 'free-air', supplyAirSetpointC: 30, envelope: 'A1' }).success,
    ).toBe(true);
    expect(messageOf({ type: 'chilled-water-wse', chilledWaterSupplyC: 23 })).toContain(
      'chilledWaterSupplyC: must be at least 2 K below supplyAirSetpointC (24 °C)',
    );
  });
});
