import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseInstantMs } from './instant.js';
import { timestampMsOf, timestampSchema } from './reading.js';

// The reference: what the timestamp schema checked before the one-pass parse (zod's RFC 3339 regex, at
// most millisecond precision, and Date.parse for the value).
const zodDatetime = z.iso.datetime({ offset: true });
const PRECISION = /\.\d{3}\d*[1-9]\d*(?=[Z+-]|$)/i;
function reference(text: string): number | undefined {
  if (!zodDatetime.safeParse(text).success || PRECISION.test(text)) return undefined;
  return Date.parse(text);
}

describe('parseInstantMs: one pass, the same verdict and value as zod datetime + Date.parse', () => {
  it.each([
    ['2026-11-28T12:00:00Z', Date.UTC(2026, 10, 28, 12)],
    ['2026-11-28T12:00:00.5Z', Date.UTC(2026, 10, 28, 12, 0, 0, 500)],
    ['2026-11-28T12:00:00.05Z', Date.UTC(2026, 10, 28, 12, 0, 0, 50)],
    ['2026-11-28T12:00:00.123Z', Date.UTC(2026, 10, 28, 12, 0, 0, 123)],
    ['2026-11-28T12:00:00.1230000Z', Date.UTC(2026, 10, 28, 12, 0, 0, 123)],
    // Offsets: 20:00+08:00 is 12:00Z; -00:30 is half an hour later in UTC.
    ['2026-11-28T20:00:00+08:00', Date.UTC(2026, 10, 28, 12)],
    ['2026-11-28T12:00:00-00:30', Date.UTC(2026, 10, 28, 12, 30)],
    ['2026-12-31T23:59:59.999-23:59', Date.UTC(2027, 0, 1, 23, 58, 59, 999)],
    // Leap days: 2000 (divisible by 400) and 2024 are leap years, 0000 too (proleptic Gregorian).
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['0000-02-29T00:00:00Z', -62_162_121_600_000],
    // Years 0-99 are not 1900-1999 (as Date.UTC would take them). By hand: 0050-03-01 to 1970-03-01 is
    // 1,920 x 365 days + 465 leap days (480 fourth years from 52 to 1968, less 15 centuries not divisible
    // by 400), less the 59 days from 1970-01-01 to 03-01: 701,206 days before the epoch.
    ['0050-03-01T00:00:00Z', -701_206 * 86_400_000],
    ['1970-01-01T00:00:00Z', 0],
    ['9999-12-31T23:59:59.999Z', 253_402_300_799_999],
  ])('%s is %d ms, as Date.parse says', (text, ms) => {
    expect(parseInstantMs(text)).toBe(ms);
    expect(Date.parse(text)).toBe(ms);
    expect(reference(text)).toBe(ms);
  });

  it.each([
    '1900-02-29T00:00:00Z', // not a leap year (divisible by 100, not 400)
    '2026-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-00-01T00:00:00Z',
    '2026-11-00T00:00:00Z',
    '2026-11-28T24:00:00Z',
    '2026-11-28T12:60:00Z',
    '2026-11-28T12:00:60Z', // no leap seconds
    '2026-11-28T12:00Z', // seconds are required with a zone
    '2026-11-28T12:00:00', // a zone is required
    '2026-11-28 12:00:00Z',
    '2026-11-28t12:00:00Z',
    '2026-11-28T12:00:00z',
    '2026-11-28T12:00:00.Z',
    '2026-11-28T12:00:00.1234Z', // finer than a millisecond
    '2026-11-28T12:00:00.1230001Z',
    '2026-11-28T12:00:00+24:00',
    '2026-11-28T12:00:00+08:60',
    '2026-11-28T12:00:00+0800',
    '2026-11-28T12:00:00+08',
    '2026-11-28T12:00:00Z ',
    ' 2026-11-28T12:00:00Z',
    '+02026-11-28T12:00:00Z',
    '20261-11-28T12:00:00Z',
    '2026-1-28T12:00:00Z',
    '２０２６-11-28T12:00:00Z', // full-width digits
    '',
  ])('refuses %j, as the zod checks do', (text) => {
    expect(parseInstantMs(text)).toBeUndefined();
    expect(reference(text)).toBeUndefined();
  });

  // Texts near the RFC 3339 shape: each character drawn from the ones that matter, at each position.
  const near = fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 24 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 60 }),
      fc.option(fc.stringMatching(/^[0-9]{0,8}$/)),
      fc.constantFrom('Z', 'z', '', '+', '-'),
      fc.integer({ min: 0, max: 24 }),
      fc.integer({ min: 0, max: 60 }),
      fc.constantFrom('T', 't', ' '),
    )
    .map(([y, mo, d, h, mi, s, fraction, zone, oh, om, t]) => {
      const p = (n: number, w = 2) => String(n).padStart(w, '0');
      const offset = zone === '+' || zone === '-' ? `${zone}${p(oh)}:${p(om)}` : zone;
      return `${p(y, 4)}-${p(mo)}-${p(d)}${t}${p(h)}:${p(mi)}:${p(s)}${fraction === null ? '' : `.${fraction}`}${offset}`;
    });

  it('agrees with the reference on near-valid texts', () => {
    fc.assert(
      fc.property(near, (text) => parseInstantMs(text) === reference(text)),
      { numRuns: 20_000 },
    );
  });

  it('agrees with the reference on arbitrary strings and on mutations of valid ones', () => {
    const mutated = fc
      .tuple(near, fc.nat(40), fc.string({ maxLength: 2 }))
      .map(([text, at, insert]) => text.slice(0, at) + insert + text.slice(at + 1));
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 40 }), mutated),
        (text) => parseInstantMs(text) === reference(text),
      ),
      { numRuns: 20_000 },
    );
  });
});

describe('timestampSchema', () => {
  it('keeps the messages of the zod checks for what it refuses', () => {
    const issues = (text: string) =>
      timestampSchema.safeParse(text).error?.issues.map((issue) => issue.message) ?? [];
    expect(issues('2026-11-28T12:00:00.1234Z')).toEqual([
      'must have at most millisecond precision (3 digits after the seconds)',
    ]);
    expect(issues('1969-12-31T23:59:59Z')).toEqual([
      'must be from 1970-01-01T00:00:00Z up to (not including) 2286-11-20T17:46:40Z',
    ]);
    expect(issues('2026-11-28')).toEqual(['Invalid ISO datetime']);
    expect(issues('2026-11-28T12:00:00Z')).toEqual([]);
  });

  it('holds readings to the store range, [0, 1e13) ms', () => {
    expect(timestampMsOf('1970-01-01T00:00:00Z')).toBe(0);
    expect(timestampMsOf('1969-12-31T23:59:59.999Z')).toBeUndefined();
    // 1e13 ms is 2286-11-20T17:46:40Z, excluded; a millisecond before it is kept.
    expect(timestampMsOf('2286-11-20T17:46:39.999Z')).toBe(1e13 - 1);
    expect(timestampMsOf('2286-11-20T17:46:40Z')).toBeUndefined();
  });
});
