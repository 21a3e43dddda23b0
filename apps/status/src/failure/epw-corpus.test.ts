import { EpwParseError, parseEpw } from '@karst/climate';
import { describe, expect, it } from 'vitest';

// Malformed EPW texts, generated from one made-up valid year so that each case differs from it in one way
// and the line it must name is known. No row comes from a real weather file.

const HEADER = [
  'LOCATION,Failtown,Nowhere,XXX,SYNTH,999002,26.50,106.70,8.0,1200.0',
  'DESIGN CONDITIONS,0',
  'TYPICAL/EXTREME PERIODS,0',
  'GROUND TEMPERATURES,0',
  'HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0',
  'COMMENTS 1,written by the failure corpus',
  'COMMENTS 2,',
  'DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31',
];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** 1-based file line of hour index i (0 = January 1 hour 1). */
const lineOfHour = (i: number) => HEADER.length + 1 + i;

/** The 35 fields of hour i: dry bulb, dew point, RH, pressure and wind at 7, 8, 9, 10, 22; the rest fill. */
function rowFields(i: number, month: number, day: number, hour: number): string[] {
  const dryBulbC = 10 + 6 * Math.sin((2 * Math.PI * (i % 24)) / 24);
  const fields = Array.from({ length: 35 }, () => '0');
  fields[0] = '2001';
  fields[1] = String(month);
  fields[2] = String(day);
  fields[3] = String(hour);
  fields[4] = '0';
  fields[5] = '?9?9?9?9E0?9?9?9*9*9?9*9*9?9*9*9?9?9*9*_*9*9*9*9*9';
  fields[6] = dryBulbC.toFixed(1);
  fields[7] = (dryBulbC - 3).toFixed(1);
  fields[8] = '70';
  fields[9] = '88000';
  fields[21] = (2 + (i % 5)).toFixed(1);
  return fields;
}

function validRows(): string[][] {
  const rows: string[][] = [];
  DAYS_IN_MONTH.forEach((days, m) => {
    for (let d = 1; d <= days; d++)
      for (let h = 1; h <= 24; h++) rows.push(rowFields(rows.length, m + 1, d, h));
  });
  return rows;
}

function epwText(rows: readonly (readonly string[])[], header: readonly string[] = HEADER): string {
  return `${[...header, ...rows.map((fields) => fields.join(','))].join('\n')}\n`;
}

interface EpwCase {
  name: string;
  text: () => string;
  line: number;
  /** The field the error must name, when one field is at fault. */
  field?: string;
  /** Words the message must contain, so the error says why as well as where. */
  says: RegExp;
}

const cases: EpwCase[] = [
  {
    name: 'truncated: the year stops after 100 rows',
    text: () => epwText(validRows().slice(0, 100)),
    line: lineOfHour(100),
    field: 'rows',
    says: /too few rows: found 100/,
  },
  {
    name: 'truncated: the file is cut in the middle of row 5,000',
    text: () => {
      const full = epwText(validRows());
      const rowStart =
        full
          .split('\n')
          .slice(0, lineOfHour(4999) - 1)
          .join('\n').length + 1;
      return full.slice(0, rowStart + 30);
    },
    line: lineOfHour(4999),
    field: 'row',
    says: /expected 35 comma-separated fields/,
  },
  {
    name: 'a truncated row (20 fields) in the middle of the year',
    text: () => {
      const rows = validRows();
      rows[3000] = rows[3000]!.slice(0, 20);
      return epwText(rows);
    },
    line: lineOfHour(3000),
    field: 'row',
    says: /found 20/,
  },
  {
    name: 'a dry bulb that is not a number',
    text: () => {
      const rows = validRows();
      rows[1000]![6] = 'abc';
      return epwText(rows);
    },
    line: lineOfHour(1000),
    field: 'dryBulbC',
    says: /"abc" is not a number/,
  },
  {
    name: 'a station pressure written as hex',
    text: () => {
      const rows = validRows();
      rows[7000]![9] = '0x157C0';
      return epwText(rows);
    },
    line: lineOfHour(7000),
    field: 'pressurePa',
    says: /is not a number/,
  },
  {
    name: 'a dry bulb of 1e400 (Infinity)',
    text: () => {
      const rows = validRows();
      rows[42]![6] = '1e400';
      return epwText(rows);
    },
    line: lineOfHour(42),
    field: 'dryBulbC',
    says: /outside -70\.\.70/,
  },
  {
    name: 'hours out of sequence: two rows swapped',
    text: () => {
      const rows = validRows();
      [rows[200], rows[201]] = [rows[201]!, rows[200]!];
      return epwText(rows);
    },
    line: lineOfHour(200),
    field: 'hour',
    says: /hours out of sequence/,
  },
  {
    name: 'hours out of sequence: a day repeated',
    text: () => {
      const rows = validRows();
      return epwText([...rows.slice(0, 48), ...rows.slice(24, 48), ...rows.slice(48)]);
    },
    line: lineOfHour(48),
    field: 'day',
    says: /hours out of sequence/,
  },
  {
    name: 'a month out of range',
    text: () => {
      const rows = validRows();
      rows[500]![1] = '13';
      return epwText(rows);
    },
    line: lineOfHour(500),
    field: 'month',
    says: /outside 1\.\.12/,
  },
  {
    name: 'a blank line between data rows',
    text: () => {
      const lines = epwText(validRows()).split('\n');
      lines.splice(lineOfHour(10) - 1, 0, '');
      return lines.join('\n');
    },
    line: lineOfHour(10),
    field: 'rows',
    says: /blank line/,
  },
  {
    name: 'more missing hours in a row than can be filled',
    text: () => {
      const rows = validRows();
      for (let i = 100; i < 110; i++) rows[i]![6] = '99.9';
      return epwText(rows);
    },
    line: lineOfHour(100),
    field: 'dryBulbC',
    says: /10 consecutive hours missing/,
  },
  {
    name: 'not an EPW: a CSV export',
    text: () => 'timestamp,dry_bulb_c\n2026-01-01T00:00:00Z,12.5\n',
    line: 1,
    field: 'LOCATION',
    says: /not an EPW file/,
  },
  {
    name: 'not an EPW: an HTML error page',
    text: () => '<!doctype html><html><body>404 Not Found</body></html>\n',
    line: 1,
    field: 'LOCATION',
    says: /not an EPW file/,
  },
  {
    name: 'not an EPW: empty',
    text: () => '',
    line: 1,
    field: 'LOCATION',
    says: /not an EPW file/,
  },
  {
    name: 'a LOCATION whose latitude is not a number',
    text: () => epwText(validRows(), [HEADER[0]!.replace('26.50', 'north'), ...HEADER.slice(1)]),
    line: 1,
    field: 'LOCATION',
    says: /"north" is not a number/,
  },
  {
    name: 'headers only: the file ends before DATA PERIODS',
    text: () => `${HEADER.slice(0, 5).join('\n')}\n`,
    line: 6,
    field: 'DATA PERIODS',
    says: /ends before the DATA PERIODS/,
  },
];

describe('parseEpw on malformed EPW texts', () => {
  it('accepts the valid year every case is made from', () => {
    expect(parseEpw(epwText(validRows())).hourly.hours).toBe(8760);
  });

  for (const entry of cases) {
    it(`${entry.name}: EpwParseError naming line ${entry.line}`, () => {
      let thrown: unknown;
      try {
        parseEpw(entry.text());
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(EpwParseError);
      const error = thrown as EpwParseError;
      expect(error.line).toBe(entry.line);
      expect(error.message).toMatch(new RegExp(`^EPW line ${entry.line}\\b`));
      expect(error.message).toMatch(entry.says);
      if (entry.field !== undefined) expect(error.field).toBe(entry.field);
    });
  }
});
