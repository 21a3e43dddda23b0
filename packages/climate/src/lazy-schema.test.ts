import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { siteProfileSchema } from './sites/profile-schema.js';

const eager = () => z.strictObject({ n: z.number().max(1), name: z.string().default('x') });

describe('lazySchema', () => {
  it('builds on the first read, once, and hands every caller the same schema', () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds++;
      return eager();
    });
    expect(builds).toBe(0);
    // Placed in other schemas without being read (a union tries its options only when parsing).
    const union = z.union([z.literal('none'), schema]);
    expect(builds).toBe(0);
    expect(union.parse('none')).toBe('none');
    expect(builds).toBe(0);
    expect(union.parse({ n: 1 })).toEqual({ n: 1, name: 'x' });
    expect(schema.parse({ n: 0 })).toEqual({ n: 0, name: 'x' });
    expect(builds).toBe(1);
  });

  it('parses, fails, wraps and describes itself as the eager schema does', () => {
    const lazy = lazySchema(eager);
    const reference = eager();
    for (const input of [{ n: 1 }, { n: 2 }, { n: 'a' }, { n: 1, extra: true }, null])
      expect(lazy.safeParse(input)).toEqual(reference.safeParse(input));
    expect(lazy).toBeInstanceOf(z.ZodObject);
    expect(Object.keys(lazy.shape)).toEqual(['n', 'name']);
    expect(
      z
        .array(lazy)
        .optional()
        .safeParse([{ n: 5 }]).error?.issues[0]?.path,
    ).toEqual([0, 'n']);
    expect(lazy.extend({ m: z.boolean() }).parse({ n: 0, m: true })).toEqual({ n: 0, name: 'x', m: true });
    expect('safeParse' in lazy).toBe(true);
  });

  it('gives the site profile schema lazily with its whole behaviour (fields, defaults, strict keys)', () => {
    expect(siteProfileSchema).toBeInstanceOf(z.ZodObject);
    expect(Object.keys(siteProfileSchema.shape)).toEqual([
      'id',
      'name',
      'region',
      'country',
      'location',
      'climate',
      'designConditions',
      'power',
      'awsRegion',
    ]);
    const issues = siteProfileSchema.safeParse({ id: 'X' }).error?.issues.map((issue) => issue.path[0]);
    expect(issues).toContain('id');
    expect(issues).toContain('climate');
  });
});
