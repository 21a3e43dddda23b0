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

  it('suggests only a near key: at most a third of the key length in edits', () => {
    expect(didYouMean('supplyAirSetpiontC', ['supplyAirSetpointC', 'envelope'])).toBe('supplyAirSetpointC');
    expect(didYouMean('hydroShare', ['hydroContractShare', 'hydroKgCo2ePerKwh'])).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
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
