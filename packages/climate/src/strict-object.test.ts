import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { didYouMean, strictObject } from './strict-object.js';

describe('strictObject', () => {
  it('names each unknown key and the known key nearest to it', () => {
    const schema = strictObject({ utilization: z.number().optional(), racks: z.number().optional() });
    const result = schema.safeParse({ utilisation: 0.5, Racks: 3, colour: 'red' });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.message)).toEqual([
      'unknown key "utilisation" (did you mean "utilization"?); unknown key "Racks" (did you mean "racks"?); unknown key "colour"',
    ]);
  });

  it('suggests only a near key: at most a third of the key length in edits, or one holding all its words', () => {
    expect(didYouMean('supplyAirSetpiontC', ['supplyAirSetpointC', 'envelope'])).toBe('supplyAirSetpointC');
    // 8 edits from hydroContractShare, but both its words are in it (and not both in the other key).
    expect(didYouMean('hydroShare', ['hydroContractShare', 'hydroKgCo2ePerKwh'])).toBe('hydroContractShare');
    // A unique prefix of three letters or more: `indirect-evap` (too far by edits, no whole words).
    const designs = ['free-air', 'indirect-evaporative', 'direct-evaporative'];
    expect(didYouMean('indirect-evap', designs)).toBe('indirect-evaporative');
    expect(didYouMean('fr', designs)).toBeUndefined();
    expect(didYouMean('zz-top', designs)).toBeUndefined();
    // One word is not enough to guess from, nor are words shorter than 3 letters.
    expect(didYouMean('share', ['hydroContractShare', 'coldPlateShare'])).toBeUndefined();
    expect(didYouMean('itKw', ['itPowerKw'])).toBeUndefined();
    expect(didYouMean('colour', ['utilization', 'racks'])).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
  });

  it('points a key given one level too high to where it belongs, through defaults and unions', () => {
    const schema = strictObject({
      itPlan: strictObject({ utilization: z.number(), racks: z.number() }).prefault({
        utilization: 1,
        racks: 1,
      }),
      cooling: z
        .union([
          strictObject({ type: z.literal('a'), supplyAirSetpointC: z.number().optional() }),
          strictObject({ type: z.literal('b'), coldPlateShare: z.number().optional() }),
        ])
        .optional(),
      carbon: strictObject({ hydroContractShare: z.number().optional() }).optional(),
    });
    const messageOf = (input: unknown) => schema.safeParse(input).error!.issues[0]!.message;
    expect(messageOf({ utilisation: 0.5 })).toBe(
      'unknown key "utilisation" (did you mean "itPlan.utilization"?)',
    );
    expect(messageOf({ supplyAirSetpiontC: 27 })).toBe(
      'unknown key "supplyAirSetpiontC" (did you mean "cooling.supplyAirSetpointC"?)',
    );
    expect(messageOf({ coldPlateShare: 0.8 })).toBe(
      'unknown key "coldPlateShare" (did you mean "cooling.coldPlateShare"?)',
    );
    expect(messageOf({ hydroShare: 0.5 })).toBe(
      'unknown key "hydroShare" (did you mean "carbon.hydroContractShare"?)',
    );
    // A key near a top-level one is pointed there first.
    expect(messageOf({ itPlans: {} })).toBe('unknown key "itPlans" (did you mean "itPlan"?)');
  });

  it('lists at most 10 unknown keys of one object, each cut to 64 characters', () => {
    const schema = strictObject({});
    const input = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`${'k'.repeat(100)}${i}`, i]));
    const message = schema.safeParse(input).error!.issues[0]!.message;
    expect(message.match(/unknown key "/g)).toHaveLength(10);
    expect(message).toContain('and 40 more unknown keys');
    expect(message).not.toContain('k'.repeat(65));
  });
});
