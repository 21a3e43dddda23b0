import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';

describe('toCsv', () => {
  it('quotes only the fields that need it (RFC 4180, section 2) and keeps numbers in full precision', () => {
    expect(
      toCsv(
        ['site', 'pue', 'withinCap', 'note'],
        [
          ['Guiyang, Guizhou', 1.1897654321, true, null],
          ['say "hi"', 2, false, 'two\nlines'],
        ],
      ),
    ).toBe(
      'site,pue,withinCap,note\n"Guiyang, Guizhou",1.1897654321,true,\n"say ""hi""",2,false,"two\nlines"\n',
    );
  });
});
