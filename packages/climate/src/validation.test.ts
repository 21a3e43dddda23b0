import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseWith, ValidationError } from './validation.js';

describe('parseWith', () => {
  const schema = z.object({
    itPlan: z.object({ racks: z.number().int().positive('must be a positive integer') }),
  });

  it('returns the parsed value', () => {
    expect(parseWith(schema, { itPlan: { racks: 3 } }, 'plan')).toEqual({ itPlan: { racks: 3 } });
  });

  it('names the path and the problem of every bad field', () => {
    try {
      parseWith(schema, { itPlan: { racks: -2 } }, 'plan');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toBe(
        'invalid plan:\n  itPlan.racks: must be a positive integer',
      );
      expect((error as ValidationError).issues).toEqual([
        { path: 'itPlan.racks', message: 'must be a positive integer' },
      ]);
    }
  });
});
