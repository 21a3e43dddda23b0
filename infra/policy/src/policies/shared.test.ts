// The readers every policy narrows the engine's untyped properties with: each returns "nothing" for a
// value of the wrong shape, so a policy falls back to its own message instead of crashing or passing.
import { describe, expect, it } from 'vitest';
import {
  AUTOSCALING_GROUP,
  asNumber,
  asRecord,
  asString,
  parseTagNumber,
  readKnown,
  stringList,
  tagsOf,
  UNKNOWN,
} from './shared.js';

describe('the property readers', () => {
  it('asRecord takes plain objects only: not arrays, null, strings or numbers', () => {
    expect(asRecord({ a: 1 })).toEqual({ a: 1 });
    expect(asRecord([1, 2])).toBeUndefined();
    expect(asRecord(null)).toBeUndefined();
    expect(asRecord('enabled')).toBeUndefined();
    expect(asRecord(1)).toBeUndefined();
  });

  it('asString and stringList keep strings and drop everything else', () => {
    expect(asString('tcp')).toBe('tcp');
    expect(asString(6)).toBeUndefined();
    expect(stringList('s3:GetObject')).toEqual(['s3:GetObject']);
    expect(stringList(['s3:GetObject', 7, null, 's3:PutObject'])).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(stringList(7)).toEqual([]);
  });

  it('asNumber reads numbers and decimal strings (Pulumi inputs may be either), nothing else', () => {
    expect(asNumber(443)).toBe(443);
    expect(asNumber(Number.NaN)).toBeUndefined();
    expect(asNumber(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(asNumber('443')).toBe(443);
    expect(asNumber(' -1 ')).toBe(-1);
    expect(asNumber('0.5')).toBe(0.5);
    expect(asNumber('.5')).toBe(0.5);
    expect(asNumber('.25')).toBe(0.25);
    expect(asNumber(['443'])).toBeUndefined();
    expect(asNumber('30.')).toBe(30);
    expect(asNumber('1e3')).toBeUndefined();
    expect(asNumber('0x10')).toBeUndefined();
    expect(asNumber('--1')).toBeUndefined();
    expect(asNumber('4 43')).toBeUndefined();
    expect(asNumber('')).toBeUndefined();
    expect(asNumber('a443')).toBeUndefined();
    expect(asNumber('443a')).toBeUndefined();
    expect(asNumber(true)).toBeUndefined();
    expect(asNumber(undefined)).toBeUndefined();
  });

  it('parseTagNumber reads non-negative decimals, trimmed, and refuses what Number() would accept', () => {
    expect(parseTagNumber(undefined)).toBeUndefined();
    expect(parseTagNumber(' 1.150 ')).toBe(1.15);
    expect(parseTagNumber('.25')).toBe(0.25);
    expect(parseTagNumber('.')).toBeUndefined();
    expect(parseTagNumber('.x')).toBeUndefined();
    expect(parseTagNumber('')).toBeUndefined();
    expect(parseTagNumber('-1')).toBeUndefined();
    expect(parseTagNumber('1e3')).toBeUndefined();
  });

  it("tagsOf reads an auto scaling group's tag list, skipping entries without a string key and value", () => {
    const props = {
      tags: [
        { key: 'project', value: 'karst', propagateAtLaunch: true },
        { key: 'karst:site' },
        { value: 'orphan' },
        { key: 'count', value: 3 },
        'project=other',
        null,
      ],
    };
    expect(tagsOf(AUTOSCALING_GROUP, props)).toStrictEqual({ project: 'karst' });
    expect(tagsOf('aws:s3/bucket:Bucket', { tags: { project: 'karst', count: 3 } })).toEqual({
      project: 'karst',
    });
  });

  it('readKnown turns only an UnknownValueError into UNKNOWN and rethrows anything else', () => {
    class UnknownValueError extends Error {}
    expect(readKnown(() => 'bucket-1')).toBe('bucket-1');
    expect(
      readKnown(() => {
        throw new UnknownValueError('unknown during preview');
      }),
    ).toBe(UNKNOWN);
    expect(() =>
      readKnown(() => {
        throw new TypeError('broken');
      }),
    ).toThrow('broken');
    expect(() =>
      readKnown(() => {
        throw { constructor: { name: 'UnknownValueError' } };
      }),
    ).toThrow();
  });
});
