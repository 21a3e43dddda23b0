import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { acceptBatch, acceptedInstantsMs } from './fast-batch.js';
import { checkBatchKeys, readingInputSchema } from './reading.js';

// The batch schema of POST /v1/telemetry (routes/telemetry.ts) without the fast path: the reference.
const MAX = 20;
const zodBatch = z
  .strictObject({ readings: z.array(readingInputSchema).min(1).max(MAX) })
  .check((ctx) => checkBatchKeys(ctx));

// Values at and around each field's bounds, of the wrong types too.
const number = fc.oneof(
  fc.constantFrom(0, -0, -1e-9, 1, 36.5, 70, 70.0001, 80, -20, -20.5, -90, -91, 1e7, 1e7 + 1, 1e12, 1e12 + 1),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.double({ min: -200, max: 2e12, noNaN: true }),
);
const wrong = fc.constantFrom(null, '36', true, [], {}, [1]);
const value = fc.oneof({ weight: 6, arbitrary: number }, { weight: 1, arbitrary: wrong });
const source = fc.oneof(
  fc.constantFrom(
    'meter-1',
    'rack-row-001',
    'a',
    'x'.repeat(128),
    'x'.repeat(129),
    '',
    'bad source',
    'ü',
    'a/b:c.d_e-f',
  ),
  fc.stringMatching(/^[A-Za-z0-9_.:/ -]{0,4}$/),
  wrong,
);
const timestamp = fc.oneof(
  fc.constantFrom(
    '2026-11-28T12:00:00Z',
    '2026-11-28T12:01:00Z',
    '2026-11-28T20:00:00+08:00', // the same instant as 12:00Z
    '2026-11-28T12:00:00.1234Z',
    '2026-11-28T12:00:00.1230Z',
    '1969-12-31T23:59:59Z',
    '2286-11-20T17:46:40Z',
    '2026-02-29T00:00:00Z',
    '2026-11-28',
  ),
  wrong,
);
const KEYS = [
  'facilityPowerKw',
  'itPowerKw',
  'coolingPowerKw',
  'powerKw',
  'facilityEnergyKwh',
  'itEnergyKwh',
  'coolingEnergyKwh',
  'energyKwh',
  'outdoorDryBulbC',
  'outdoorDewPointC',
] as const;
const reading = fc
  .record(
    {
      source,
      timestamp,
      ...Object.fromEntries(KEYS.map((key) => [key, value])),
      inletTemperaturesC: fc.oneof(fc.array(value, { maxLength: 4 }), wrong),
      extra: value,
      ['__proto__' as string]: value,
    },
    { requiredKeys: [] },
  )
  // As JSON.parse would give it (own __proto__ keys and all; no undefined values).
  .map((record) => JSON.parse(JSON.stringify(record)) as unknown);
// Mostly-valid readings, so that the fast path's acceptances are exercised, not only its refusals.
const valid = fc
  .record({
    source: fc.constantFrom('meter-1', 'meter-2', 'default'),
    timestamp: fc.constantFrom('2026-11-28T12:00:00Z', '2026-11-28T12:01:00Z', '2026-11-28T20:00:00+08:00'),
    facilityPowerKw: fc.constantFrom(3600, 3000),
    itPowerKw: fc.constantFrom(3000, 2000),
    outdoorDryBulbC: fc.constantFrom(12, 13),
    // Around the dew point's limit, the dry bulb + 1 K: 14.5 is over it for both dry bulbs, 14 for 12.
    outdoorDewPointC: fc.constantFrom(5, 13, 14, 14.5),
  })
  .chain((base) =>
    fc
      .subarray(['source', 'facilityPowerKw', 'itPowerKw', 'outdoorDryBulbC', 'outdoorDewPointC'])
      .map((keys) => pick(base, ['timestamp', ...keys])),
  );
const batch = fc.oneof(
  fc.record({ readings: fc.array(fc.oneof(valid, reading), { minLength: 0, maxLength: MAX + 1 }) }),
  fc.record({ readings: fc.array(valid, { minLength: 1, maxLength: 6 }) }),
  fc.record({ readings: fc.array(valid, { minLength: 1, maxLength: 3 }), extra: value }),
  fc.constantFrom(null, [], {}, { readings: {} }, { readings: 'x' }),
);

function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, record[key]]));
}

describe('acceptBatch: accepts only what the zod batch schema accepts, with the same data', () => {
  it('on random batches near every bound (and accepts most valid ones)', () => {
    let accepted = 0;
    let zodAccepted = 0;
    fc.assert(
      fc.property(batch, (data) => {
        const fast = acceptBatch(data, MAX);
        const reference = zodBatch.safeParse(data);
        if (reference.success) zodAccepted++;
        if (fast === undefined) return true;
        accepted++;
        expect(reference.success).toBe(true);
        expect(fast).toEqual(reference.data);
        return true;
      }),
      { numRuns: 5_000 },
    );
    // Not vacuous: the fast path takes every batch zod accepts here.
    expect(zodAccepted).toBeGreaterThan(200);
    expect(accepted).toBe(zodAccepted);
  });

  it.each([
    ['an unknown key', { source: 'm', timestamp: '2026-11-28T12:00:00Z', itPowerKw: 1, fooKw: 1 }],
    ['IT above facility', { timestamp: '2026-11-28T12:00:00Z', facilityPowerKw: 1, itPowerKw: 2 }],
    ['no measurement', { source: 'm', timestamp: '2026-11-28T12:00:00Z' }],
    ['watts as kW', { timestamp: '2026-11-28T12:00:00Z', facilityPowerKw: 3_500_000_000 }],
    ['a bad timestamp', { timestamp: '2026-11-28T12:00:00.1234Z', facilityPowerKw: 1 }],
    ['a bad source', { source: 'a b', timestamp: '2026-11-28T12:00:00Z', facilityPowerKw: 1 }],
    ['a long source', { source: 'm'.repeat(129), timestamp: '2026-11-28T12:00:00Z', facilityPowerKw: 1 }],
    [
      '1,001 inlet temperatures',
      { timestamp: '2026-11-28T12:00:00Z', inletTemperaturesC: Array(1001).fill(20) },
    ],
    [
      'an inlet temperature out of range',
      { timestamp: '2026-11-28T12:00:00Z', inletTemperaturesC: [20, 81] },
    ],
  ])('leaves %s to zod', (_, bad) => {
    // Another minute than the bad reading's, so that only the bad reading can refuse the batch.
    const ok = { timestamp: '2026-11-28T12:05:00Z', facilityPowerKw: 3600, itPowerKw: 3000 };
    expect(acceptBatch({ readings: [ok] }, MAX)).toEqual({ readings: [{ source: 'default', ...ok }] });
    expect(acceptBatch({ readings: [ok, bad] }, MAX)).toBeUndefined();
    expect(zodBatch.safeParse({ readings: [ok, bad] }).success).toBe(false);
  });

  it('leaves a batch over the size limit, and one repeating a key with other values, to zod', () => {
    const at = (minute: number, kw = 3600) => ({
      timestamp: `2026-11-28T12:${String(minute).padStart(2, '0')}:00Z`,
      facilityPowerKw: kw,
    });
    const full = Array.from({ length: MAX }, (_, minute) => at(minute));
    expect(acceptBatch({ readings: full }, MAX)?.readings).toHaveLength(MAX);
    expect(acceptBatch({ readings: [...full, at(59)] }, MAX)).toBeUndefined();
    expect(acceptBatch({ readings: [at(1), at(1)] }, MAX)?.readings).toHaveLength(2);
    expect(acceptBatch({ readings: [at(1), at(1, 3700)] }, MAX)).toBeUndefined();
  });

  it('keeps the instants it parsed for the route, for the batches it accepted only', () => {
    const readings = [
      { timestamp: '2026-11-28T20:00:00+08:00', facilityPowerKw: 1 },
      { timestamp: '2026-11-28T12:00:00.5Z', facilityPowerKw: 1 },
    ];
    const accepted = acceptBatch({ readings }, MAX);
    expect(acceptedInstantsMs(accepted!.readings)).toEqual(readings.map((r) => Date.parse(r.timestamp)));
    const parsed = zodBatch.parse({ readings });
    expect(acceptedInstantsMs(parsed.readings)).toBeUndefined();
  });
});
