// Builds small made-up EPW texts for tests; no row comes from a real weather file.

/** Header lines of a synthetic file, so the first data row is line HEADER_LINES + 1. */
export const HEADER_LINES = 8;

/** 1-based file line of hour index i (0 = January 1 hour 1). */
export function lineOfHour(i: number): number {
  return HEADER_LINES + 1 + i;
}

/** Heating, Cooling and Extremes values chosen so each position is recognisable: block base + index / 10. */
export function designBlock(base: number, length: number): string[] {
  return Array.from({ length }, (_, j) => (base + j / 10).toFixed(1));
}

export const SYNTHETIC_DESIGN_CONDITIONS = [
  'DESIGN CONDITIONS',
  '1',
  'Synthetic Design Data',
  '',
  'Heating',
  ...designBlock(1, 15),
  'Cooling',
  ...designBlock(20, 32),
  'Extremes',
  ...designBlock(40, 16),
].join(',');

export interface SyntheticEpwOptions {
  /** Include February 29 (8,784 rows). */
  readonly leapYear?: boolean;
  /** Minute field: 0 (CSWD, TMY3) or 60 (IWEC). */
  readonly minute?: number;
  /** Stop after this many rows. */
  readonly hours?: number;
  /** Year per row; default one repeated year. */
  readonly year?: (index: number) => number;
  /** Replace header lines by index (0 = LOCATION). */
  readonly header?: Readonly<Record<number, string>>;
  /** Edit the 35 fields of row i (index 0 = field 1) in place before they are joined. */
  readonly row?: (index: number, fields: string[]) => void;
  readonly lineEnding?: string;
}

/** The dry bulb synthetic row i carries before any edit: a daily swing around 10 C. */
export function syntheticDryBulbC(i: number): number {
  return Number((10 + 6 * Math.sin((2 * Math.PI * (i % 24)) / 24)).toFixed(1));
}

/** A complete synthetic EPW text; values are smooth made-up functions of the hour. */
export function syntheticEpw(options: SyntheticEpwOptions = {}): string {
  const header = [
    'LOCATION,Testville,Nowhere,XXX,SYNTH,999001,45.25,-10.50,-1.0,250.0',
    SYNTHETIC_DESIGN_CONDITIONS,
    'TYPICAL/EXTREME PERIODS,0',
    'GROUND TEMPERATURES,0',
    `HOLIDAYS/DAYLIGHT SAVINGS,${options.leapYear ? 'Yes' : 'No'},0,0,0`,
    'COMMENTS 1,synthetic file written by a test',
    'COMMENTS 2,',
    'DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31',
  ];
  for (const [index, line] of Object.entries(options.header ?? {})) header[Number(index)] = line;

  const days = [31, options.leapYear ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const rows: string[] = [];
  const limit = options.hours ?? Number.POSITIVE_INFINITY;
  let i = 0;
  days.forEach((daysInMonth, monthIndex) => {
    for (let day = 1; day <= daysInMonth; day++) {
      for (let hour = 1; hour <= 24; hour++) {
        if (i >= limit) return;
        const dryBulbC = syntheticDryBulbC(i);
        const fields = [
          String(options.year?.(i) ?? 2001),
          String(monthIndex + 1),
          String(day),
          String(hour),
          String(options.minute ?? 0),
          '?9?9?9?9E0?9?9?9*9*9?9*9*9?9*9*9?9?9*9*_*9*9*9*9*9',
          dryBulbC.toFixed(1),
          (dryBulbC - 3).toFixed(1),
          '70',
          '101325',
          '9999',
          '9999',
          '300',
          '0',
          '0',
          '0',
          '999900',
          '999900',
          '999900',
          '99990',
          '180',
          (2 + (i % 5)).toFixed(1),
          '5',
          '5',
          '999.0',
          '999',
          '9',
          '999999999',
          '0',
          '0.0000',
          '0',
          '88',
          '999.000',
          '999.0',
          '99.0',
        ];
        options.row?.(i, fields);
        rows.push(fields.join(','));
        i++;
      }
    }
  });
  const eol = options.lineEnding ?? '\n';
  return `${[...header, ...rows].join(eol)}${eol}`;
}
