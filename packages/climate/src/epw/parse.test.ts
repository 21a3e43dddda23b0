import { describe, expect, it } from 'vitest';
import { ValidationError } from '../validation.js';
import { EpwParseError } from './errors.js';
import { parseEpw } from './parse.js';
import type { EpwWeather } from './schema.js';
import { designBlock, lineOfHour, syntheticDryBulbC, syntheticEpw } from './synthetic.test-util.js';

/** Runs parseEpw on text expected to fail and returns the EpwParseError. */
function parseError(text: string, options?: Parameters<typeof parseEpw>[1]): EpwParseError {
  try {
    parseEpw(text, options);
  } catch (error) {
    expect(error).toBeInstanceOf(EpwParseError);
    return error as EpwParseError;
  }
  throw new Error('expected parseEpw to throw');
}

/** The warnings without their message, for comparing counts and lines. */
function counted(weather: EpwWeather) {
  return weather.warnings.map(({ message: _message, ...rest }) => rest);
}

function expectAllFinite(weather: EpwWeather): void {
  const { hourly } = weather;
  for (const series of [
    hourly.dryBulbC,
    hourly.dewPointC,
    hourly.relativeHumidityPct,
    hourly.pressurePa,
    hourly.windSpeedMps,
  ]) {
    expect(series.length).toBe(hourly.hours);
    expect(series.every(Number.isFinite)).toBe(true);
  }
}

const JAN_31_HOUR_24 = 31 * 24 - 1;
const FEB_28_HOUR_24 = 59 * 24 - 1;

describe('parseEpw on synthetic text', () => {
  it('reads location, design conditions and the hourly series', () => {
    const weather = parseEpw(syntheticEpw());
    expect(weather.location).toEqual({
      name: 'Testville',
      region: 'Nowhere',
      country: 'XXX',
      source: 'SYNTH',
      wmoId: '999001',
      latitudeDeg: 45.25,
      longitudeDeg: -10.5,
      timeZoneHours: -1,
      elevationM: 250,
    });
    expect(weather.isLeapYear).toBe(false);
    expect(weather.warnings).toEqual([]);
    const { hourly } = weather;
    expect(hourly.hours).toBe(8760);
    expect([hourly.month[0], hourly.day[0], hourly.hourOfDay[0]]).toEqual([1, 1, 0]);
    expect([
      hourly.month[JAN_31_HOUR_24 + 1],
      hourly.day[JAN_31_HOUR_24 + 1],
      hourly.hourOfDay[JAN_31_HOUR_24 + 1],
    ]).toEqual([2, 1, 0]);
    expect([hourly.month[8759], hourly.day[8759], hourly.hourOfDay[8759]]).toEqual([12, 31, 23]);
    expect(hourly.dryBulbC[6]).toBe(syntheticDryBulbC(6));
    expect(hourly.dewPointC[6]).toBeCloseTo(syntheticDryBulbC(6) - 3, 10);
    expect(hourly.relativeHumidityPct[6]).toBe(70);
    expect(hourly.pressurePa[6]).toBe(101325);
    expect(hourly.windSpeedMps[6]).toBe(3);
    expectAllFinite(weather);
  });

  it('maps every design-condition position (base + index / 10 per block)', () => {
    const design = parseEpw(syntheticEpw()).designConditions;
    expect(design?.source).toBe('Synthetic Design Data');
    expect(design?.heating).toMatchObject({ coldestMonth: 1, dryBulb99_6C: 1.1, dryBulb99C: 1.2 });
    expect(design?.heating?.humidification99_6).toEqual({
      dewPointC: 1.3,
      humidityRatioGPerKg: 1.4,
      meanCoincidentDryBulbC: 1.5,
    });
    expect(design?.heating?.prevailingWindDirection99_6Deg).toBe(2.4);
    expect(design?.cooling).toMatchObject({
      hottestMonth: 20,
      meanDailyRangeC: 20.1,
      dryBulb0_4: { dryBulbC: 20.2, meanCoincidentWetBulbC: 20.3 },
      dryBulb2: { dryBulbC: 20.6, meanCoincidentWetBulbC: 20.7 },
      evaporation0_4: { wetBulbC: 20.8, meanCoincidentDryBulbC: 20.9 },
      evaporation2: { wetBulbC: 21.2, meanCoincidentDryBulbC: 21.3 },
      meanCoincidentWindSpeed0_4Mps: 21.4,
      prevailingWindDirection0_4Deg: 21.5,
      dehumidification0_4: { dewPointC: 21.6, humidityRatioGPerKg: 21.7, meanCoincidentDryBulbC: 21.8 },
      enthalpy2: { enthalpyKjPerKg: 22.9, meanCoincidentDryBulbC: 23 },
    });
    expect(design?.extremes).toMatchObject({
      maxWetBulbC: 40.3,
      meanAnnualMinDryBulbC: 40.4,
      meanAnnualMaxDryBulbC: 40.5,
    });
    expect(design?.extremes?.returnPeriods.at(-1)).toEqual({
      years: 50,
      minDryBulbC: 41.4,
      maxDryBulbC: 41.5,
    });
  });

  it('returns null design conditions when the file declares none', () => {
    expect(parseEpw(syntheticEpw({ header: { 1: 'DESIGN CONDITIONS,0' } })).designConditions).toBeNull();
  });

  it('reads a leap year of 8,784 rows with February 29', () => {
    const weather = parseEpw(syntheticEpw({ leapYear: true }));
    expect(weather.isLeapYear).toBe(true);
    expect(weather.hourly.hours).toBe(8784);
    const feb29 = FEB_28_HOUR_24 + 1;
    expect([weather.hourly.month[feb29], weather.hourly.day[feb29], weather.hourly.hourOfDay[feb29]]).toEqual(
      [2, 29, 0],
    );
    expect([weather.hourly.month[feb29 + 24], weather.hourly.day[feb29 + 24]]).toEqual([3, 1]);
    expect([weather.hourly.month[8783], weather.hourly.day[8783], weather.hourly.hourOfDay[8783]]).toEqual([
      12, 31, 23,
    ]);
    expectAllFinite(weather);
  });

  it('accepts IWEC minute 60, TMY3 mixed years, CRLF, a byte-order mark and trailing blank lines', () => {
    const iwec = parseEpw(syntheticEpw({ minute: 60 }));
    expect(iwec.hourly.hours).toBe(8760);
    const tmy3 = parseEpw(syntheticEpw({ year: (i) => 1977 + ((i * 7) % 30) }));
    expect(tmy3.hourly.hours).toBe(8760);
    const windows = parseEpw(`\uFEFF${syntheticEpw({ lineEnding: '\r\n' })}\r\n\r\n`);
    expect(windows.location.name).toBe('Testville');
    expect(windows.hourly.dryBulbC[8759]).toBe(syntheticDryBulbC(8759));
  });
});

describe('missing values', () => {
  it('interpolates a short gap linearly and counts it', () => {
    const text = syntheticEpw({
      row: (i, fields) => {
        if (i === 99) fields[6] = '20.0';
        if (i >= 100 && i <= 102) fields[6] = '99.9';
        if (i === 103) fields[6] = '28.0';
        if (i === 500) fields[9] = '999999';
        if (i === 501) fields[9] = '101000';
        if (i === 2000) fields[8] = '999';
        if (i === 3000) fields[21] = '999';
        if (i === 4000) fields[7] = '99.9';
      },
    });
    const weather = parseEpw(text);
    expect(Array.from(weather.hourly.dryBulbC.subarray(99, 104))).toEqual([20, 22, 24, 26, 28]);
    expect(weather.hourly.pressurePa[500]).toBe((101325 + 101000) / 2);
    expect(weather.hourly.relativeHumidityPct[2000]).toBe(70);
    expect(weather.hourly.windSpeedMps[3000]).toBeCloseTo((2 + (2999 % 5) + (2 + (3001 % 5))) / 2, 10);
    expect(counted(weather)).toEqual([
      { kind: 'missing-filled', field: 'dryBulbC', count: 3, firstLine: lineOfHour(100) },
      { kind: 'missing-filled', field: 'dewPointC', count: 1, firstLine: lineOfHour(4000) },
      { kind: 'missing-filled', field: 'relativeHumidityPct', count: 1, firstLine: lineOfHour(2000) },
      { kind: 'missing-filled', field: 'pressurePa', count: 1, firstLine: lineOfHour(500) },
      { kind: 'missing-filled', field: 'windSpeedMps', count: 1, firstLine: lineOfHour(3000) },
    ]);
    expect(weather.warnings[0]?.message).toBe(
      `EPW line ${lineOfHour(100)} (dry bulb): 3 h missing (99.9), filled by linear interpolation (runs of at most 6 h)`,
    );
    expectAllFinite(weather);
  });

  it('fills gaps at the start and end of the year from the nearest value', () => {
    const text = syntheticEpw({
      row: (i, fields) => {
        if (i < 2 || i > 8755) fields[6] = '99.9';
      },
    });
    const weather = parseEpw(text);
    const { hourly } = weather;
    expect(Array.from(hourly.dryBulbC.subarray(0, 3))).toEqual(Array(3).fill(syntheticDryBulbC(2)));
    expect(Array.from(hourly.dryBulbC.subarray(8755))).toEqual(Array(5).fill(syntheticDryBulbC(8755)));
    expect(counted(weather)).toContainEqual({
      kind: 'missing-filled',
      field: 'dryBulbC',
      count: 6,
      firstLine: lineOfHour(0),
    });
  });

  it('rejects a gap longer than maxGapHours (default 6) in a column the model uses, naming its line and field', () => {
    const text = syntheticEpw({
      row: (i, fields) => {
        if (i >= 1000 && i < 1007) fields[7] = '99.9';
      },
    });
    const error = parseError(text);
    expect(error.line).toBe(lineOfHour(1000));
    expect(error.field).toBe('dewPointC');
    expect(error.message).toBe(
      `EPW line ${lineOfHour(1000)}, field 8 (dew point): 7 consecutive hours missing (99.9), more than maxGapHours 6; raise maxGapHours (karst: --max-gap-hours) if interpolating across it is acceptable`,
    );
    expect(parseEpw(text, { maxGapHours: 7 }).warnings[0]?.count).toBe(7);
    const oneHourGap = syntheticEpw({
      row: (i, fields) => {
        if (i === 5) fields[6] = '99.9';
      },
    });
    expect(parseError(oneHourGap, { maxGapHours: 0 }).line).toBe(lineOfHour(5));
    const pressureGap = syntheticEpw({
      row: (i, fields) => {
        if (i >= 10 && i < 20) fields[9] = '999999';
      },
    });
    expect(parseError(pressureGap).message).toMatch(/--standard-pressure/);
    const noPressure = syntheticEpw({ row: (_, fields) => (fields[9] = '999999') });
    expect(parseError(noPressure).detail).toBe(
      "every hour is missing (999999); the budget model needs this column; use the standard pressure at the elevation (pressure: 'standard'; karst: --standard-pressure)",
    );
    expect(parseEpw(noPressure, { pressure: 'standard' }).hourly.pressurePa[0]).toBeGreaterThan(98000);
    expect(parseEpw(pressureGap, { pressure: 'standard' }).hourly.pressurePa[15]).toBeCloseTo(
      // ASHRAE HoF 2017 ch. 1 eq. 3 at the synthetic 250 m: 101325 (1 - 2.25577e-5 x 250)^5.2559.
      101325 * (1 - 2.25577e-5 * 250) ** 5.2559,
      6,
    );
  });

  it('repairs long gaps in columns the model does not use, with a warning', () => {
    const text = syntheticEpw({
      row: (i, fields) => {
        if (i >= 1000 && i < 1007) fields[8] = '999';
        if (i >= 2000 && i < 2012) fields[21] = '999';
      },
    });
    const weather = parseEpw(text);
    // RH from dry bulb and dew point, ASHRAE HoF 2017 ch. 1 eq. 22 (dew point 3 K below the dry bulb).
    const dryBulbC = syntheticDryBulbC(1003);
    const saturationPa = (t: number) => Math.exp(17.62 * (t / (243.12 + t)));
    expect(weather.hourly.relativeHumidityPct[1003]).toBeCloseTo(
      (100 * saturationPa(dryBulbC - 3)) / saturationPa(dryBulbC),
      0,
    );
    expect(counted(weather)).toEqual([
      { kind: 'long-gap-filled', field: 'windSpeedMps', count: 12, firstLine: lineOfHour(2000) },
      {
        kind: 'relative-humidity-derived',
        field: 'relativeHumidityPct',
        count: 7,
        firstLine: lineOfHour(1000),
      },
    ]);
    expect(parseEpw(text, { maxGapHours: 12 }).warnings.map((w) => w.kind)).toEqual([
      'missing-filled',
      'missing-filled',
    ]);
  });

  it('rejects a used field that is missing all year; sets an unused one with a warning', () => {
    const error = parseError(syntheticEpw({ row: (_, fields) => (fields[7] = '99.9') }), {
      maxGapHours: 8784,
    });
    expect([error.line, error.field]).toEqual([lineOfHour(0), 'dewPointC']);
    const noWind = parseEpw(syntheticEpw({ row: (_, fields) => (fields[21] = '999') }));
    expect(counted(noWind)).toEqual([
      { kind: 'column-missing', field: 'windSpeedMps', count: 8760, firstLine: lineOfHour(0) },
    ]);
    expect(noWind.hourly.windSpeedMps.every((v) => v === 0)).toBe(true);
  });

  it('rejects invalid options', () => {
    expect(() => parseEpw(syntheticEpw(), { maxGapHours: -1 })).toThrow(ValidationError);
    expect(() => parseEpw(syntheticEpw(), { maxGapHours: -1 })).toThrow(
      /parseEpw options:\n {2}maxGapHours: /,
    );
    expect(() => parseEpw(syntheticEpw(), { maxGapHours: 1.5 })).toThrow(ValidationError);
  });
});

describe('repairs', () => {
  it('clamps RH above 100 and dew point above dry bulb, counting each kind once', () => {
    const text = syntheticEpw({
      row: (i, fields) => {
        if (i === 10 || i === 20) fields[8] = '104';
        if (i === 30 || i === 40 || i === 50) fields[7] = (syntheticDryBulbC(i) + 0.4).toFixed(1);
      },
    });
    const weather = parseEpw(text);
    expect(weather.hourly.relativeHumidityPct[10]).toBe(100);
    expect(weather.hourly.dewPointC[30]).toBe(weather.hourly.dryBulbC[30]);
    expect(counted(weather)).toEqual([
      {
        kind: 'relative-humidity-clamped',
        field: 'relativeHumidityPct',
        count: 2,
        firstLine: lineOfHour(10),
      },
      { kind: 'dew-point-clamped', field: 'dewPointC', count: 3, firstLine: lineOfHour(30) },
    ]);
  });
});

describe('malformed input', () => {
  const withRow = (index: number, edit: (fields: string[]) => void) =>
    syntheticEpw({ row: (i, fields) => i === index && edit(fields) });

  it('names the line and field of a non-number', () => {
    const error = parseError(withRow(3, (f) => (f[6] = 'abc')));
    expect(error.message).toBe('EPW line 12, field 7 (dry bulb): "abc" is not a number');
    expect([error.line, error.field, error.fieldNumber]).toEqual([12, 'dryBulbC', 7]);
    expect(parseError(withRow(7, (f) => (f[9] = ''))).message).toBe(
      `EPW line ${lineOfHour(7)}, field 10 (station pressure): "" is not a number`,
    );
    // In a column the model does not use, a non-number is dropped as missing, with a warning.
    expect(counted(parseEpw(withRow(8, (f) => (f[21] = '0x10'))))).toEqual([
      { kind: 'out-of-range-dropped', field: 'windSpeedMps', count: 1, firstLine: lineOfHour(8) },
      { kind: 'missing-filled', field: 'windSpeedMps', count: 1, firstLine: lineOfHour(8) },
    ]);
    expect(parseError(withRow(9, (f) => (f[3] = '2.5'))).message).toBe(
      `EPW line ${lineOfHour(9)}, field 4 (hour): "2.5" is not a whole number`,
    );
  });

  it('rejects a wrong field count', () => {
    const short = parseError(withRow(40, (f) => f.pop()));
    expect(short.message).toBe(
      `EPW line ${lineOfHour(40)} (data row): expected 35 comma-separated fields, found 34`,
    );
    expect([short.line, short.field]).toEqual([lineOfHour(40), 'row']);
    expect(parseError(withRow(41, (f) => f.push('7'))).line).toBe(lineOfHour(41));
    // Empty fields after the 35th (trailing commas) are ignored with a warning.
    const padded = parseEpw(syntheticEpw({ row: (i, f) => i >= 41 && f.push('', ' ') }));
    expect(counted(padded)).toEqual([
      { kind: 'trailing-fields-ignored', field: 'rows', count: 8760 - 41, firstLine: lineOfHour(41) },
    ]);
  });

  it('rejects hours out of sequence, naming the first field that differs', () => {
    const skipped = parseError(withRow(5, (f) => (f[3] = '7')));
    expect(skipped.message).toBe(
      `EPW line ${lineOfHour(5)}, field 4 (hour): hours out of sequence: expected month 1 day 1 hour 6, found month 1 day 1 hour 7`,
    );
    expect([skipped.line, skipped.field]).toEqual([lineOfHour(5), 'hour']);
    expect(parseError(withRow(30, (f) => (f[2] = '3'))).field).toBe('day');
    expect(parseError(withRow(JAN_31_HOUR_24 + 1, (f) => (f[1] = '3'))).field).toBe('month');
    const hour25 = parseError(withRow(24, (f) => (f[3] = '25')));
    expect([hour25.line, hour25.field, hour25.detail]).toEqual([
      lineOfHour(24),
      'hour',
      '25 is outside 1..24',
    ]);
    expect(parseError(withRow(0, (f) => (f[3] = '0'))).detail).toBe('0 is outside 1..24');
    // February 29 only follows February 28 hour 24, and not in a file that skipped it.
    expect(parseError(withRow(100, (f) => (f[1] = '2'))).field).toBe('month');
    const duplicate = syntheticEpw().replace(/\n(2001,3,1,1,)/, '\n2001,2,29,1,$1');
    expect(parseError(duplicate).line).toBe(lineOfHour(FEB_28_HOUR_24 + 1));
  });

  it('rejects too few and too many rows', () => {
    const short = parseError(syntheticEpw({ hours: 8000 }));
    expect(short.message).toBe(
      `EPW line ${lineOfHour(8000)} (hourly rows): too few rows: found 8000 hourly rows, expected 8760`,
    );
    expect(short.field).toBe('rows');
    const extra = parseError(`${syntheticEpw()}2001,12,31,24,0,x,1,1,1,1\n`);
    expect([extra.line, extra.field]).toEqual([lineOfHour(8760), 'rows']);
    const headerOnly = parseError(syntheticEpw({ hours: 0 }));
    expect(headerOnly.detail).toBe('too few rows: found 0 hourly rows, expected 8760');
  });

  it('rejects a blank line between data rows', () => {
    const text = syntheticEpw().replace('\n2001,1,1,5,', '\n\n2001,1,1,5,');
    expect([parseError(text).line, parseError(text).field]).toEqual([lineOfHour(4), 'rows']);
  });

  it('rejects values outside the physical ranges of the EPW dictionary', () => {
    const cases: [number, string, string, string][] = [
      [6, '70.1', 'dryBulbC', '70.1 is outside -70..70 C'],
      [7, '-75', 'dewPointC', '-75 is outside -70..70 C'],
      [9, '30000', 'pressurePa', '30000 is outside 31000..120000 Pa'],
      [9, '120001', 'pressurePa', '120001 is outside 31000..120000 Pa'],
      [9, '1013.2', 'pressurePa', '1013.2 is outside 31000..120000 Pa (hPa? the EPW unit is Pa)'],
      [9, '101.3', 'pressurePa', '101.3 is outside 31000..120000 Pa (kPa? the EPW unit is Pa)'],
      [4, '61', 'minute', '61 is outside 0..60'],
    ];
    for (const [fieldIndex, value, field, detail] of cases) {
      const error = parseError(withRow(77, (f) => (f[fieldIndex] = value)));
      expect([error.line, error.field, error.fieldNumber, error.detail]).toEqual([
        lineOfHour(77),
        field,
        fieldIndex + 1,
        detail,
      ]);
    }
  });

  it('rejects text that is not an EPW file', () => {
    for (const text of ['', 'hello,world\n', '\n\nLOCATION,a', 'Date,Time,Temp\n2001-01-01,00:00,3\n']) {
      const error = parseError(text);
      expect([error.line, error.field]).toEqual([1, 'LOCATION']);
      expect(error.message).toMatch(/^EPW line 1 \(LOCATION\): not an EPW file/);
    }
  });

  it('rejects a malformed LOCATION line', () => {
    const latitude = parseError(syntheticEpw({ header: { 0: 'LOCATION,A,B,C,D,1,95,10,1,100' } }));
    expect([latitude.line, latitude.field, latitude.fieldNumber]).toEqual([1, 'LOCATION', 7]);
    expect(latitude.message).toMatch(/^EPW line 1, field 7 \(LOCATION latitude\): 95 is out of range/);
    const elevation = parseError(syntheticEpw({ header: { 0: 'LOCATION,A,B,C,D,1,45,10,1,high' } }));
    expect(elevation.message).toBe('EPW line 1, field 10 (LOCATION elevation): "high" is not a number');
    expect(parseError(syntheticEpw({ header: { 0: 'LOCATION,A,B,C,D,1,45,10,1' } })).detail).toBe(
      'expected 10 fields, found 9',
    );
  });

  it('rejects malformed DESIGN CONDITIONS and DATA PERIODS lines', () => {
    // An unreadable design block is a warning: the design conditions are then derived from the hours.
    const truncated = parseEpw(
      syntheticEpw({ header: { 1: 'DESIGN CONDITIONS,1,X,,Heating,1,-5,-3,Cooling,7,8.1,30.2' } }),
    );
    expect(truncated.designConditions).toBeNull();
    expect(truncated.warnings).toEqual([
      {
        kind: 'design-conditions-unreadable',
        field: 'DESIGN CONDITIONS',
        count: 1,
        firstLine: 2,
        message:
          'EPW line 2, field 5 (DESIGN CONDITIONS Heating): the Heating block has 3 fields; the 2009/2013 ASHRAE layout has 15; the design conditions are not used (they are derived from the hours instead)',
      },
    ]);
    const subHourly = parseError(syntheticEpw({ header: { 7: 'DATA PERIODS,1,4,Data,Sunday, 1/ 1,12/31' } }));
    expect([subHourly.line, subHourly.field]).toEqual([8, 'DATA PERIODS']);
    const noDataPeriods = parseError(syntheticEpw({ header: { 7: 'COMMENTS 3,' } }));
    expect([noDataPeriods.line, noDataPeriods.field]).toEqual([9, 'DATA PERIODS']);
  });
});

describe('the kinds of trouble real files have (issue 16)', () => {
  const design = (source: string, heating: number, cooling: number, extremes: number) =>
    [
      'DESIGN CONDITIONS,1',
      source,
      '',
      'Heating',
      ...designBlock(1, heating),
      'Cooling',
      ...designBlock(20, cooling),
      'Extremes',
      ...designBlock(40, extremes),
    ].join(',');

  it('reads the 2017/2021 design layout by the year in its source text', () => {
    for (const source of [
      '2021 ASHRAE Handbook -- Fundamentals - Chapter 14 Climatic Design Information',
      '2017 ASHRAE Handbook -- Fundamentals - Chapter 14 Climatic Design Information',
    ]) {
      const weather = parseEpw(syntheticEpw({ header: { 1: design(source, 16, 32, 15) } }));
      expect(weather.warnings).toEqual([]);
      const conditions = weather.designConditions!;
      // Cooling field 32 (20 + 31/10) is the extreme maximum wet bulb in this layout.
      expect(conditions.extremes?.maxWetBulbC).toBe(23.1);
      // Extremes lost that field: its 4th value (40.3) is now the mean annual minimum dry bulb.
      expect(conditions.extremes?.meanAnnualMinDryBulbC).toBe(40.3);
      expect(conditions.extremes?.returnPeriods.at(-1)).toEqual({
        years: 50,
        minDryBulbC: 41.3,
        maxDryBulbC: 41.4,
      });
      expect(conditions.heating?.prevailingWindDirection99_6Deg).toBe(2.4);
    }
    // 2013 and earlier: the 2009 layout.
    const older = parseEpw(
      syntheticEpw({ header: { 1: design('Climate Design Data 2013 ASHRAE Handbook', 15, 32, 16) } }),
    );
    expect(older.designConditions?.extremes?.maxWetBulbC).toBe(40.3);
    // No year in the source: the heating block's length decides.
    const noYear = parseEpw(syntheticEpw({ header: { 1: design('ASHRAE Handbook', 16, 32, 15) } }));
    expect(noYear.designConditions?.extremes?.maxWetBulbC).toBe(23.1);
  });

  it('warns about a design line that does not match the layout its source names, and drops it', () => {
    const mislabelled = parseEpw(
      syntheticEpw({ header: { 1: design('Climate Design Data 2009 ASHRAE Handbook', 16, 32, 15) } }),
    );
    expect(mislabelled.designConditions).toBeNull();
    expect(mislabelled.warnings.map((w) => [w.kind, w.firstLine])).toEqual([
      ['design-conditions-unreadable', 2],
    ]);
    expect(mislabelled.warnings[0]?.message).toBe(
      'EPW line 2, field 5 (DESIGN CONDITIONS Heating): the Heating block has 16 fields; the 2009/2013 ASHRAE layout has 15; the design conditions are not used (they are derived from the hours instead)',
    );
    const notANumber = parseEpw(
      syntheticEpw({ header: { 1: design('2021 ASHRAE', 16, 32, 15).replace(',20.5,', ',n/a,') } }),
    );
    expect(notANumber.designConditions).toBeNull();
    expect(notANumber.warnings[0]?.message).toMatch(
      /^EPW line 2, field 28 \(DESIGN CONDITIONS Cooling WB_DB010\): "n\/a" is not a number/,
    );
    const badCount = parseEpw(syntheticEpw({ header: { 1: 'DESIGN CONDITIONS,x' } }));
    expect(badCount.warnings[0]?.kind).toBe('design-conditions-unreadable');
  });

  it('rejects header values that cannot be true, naming line and field', () => {
    const header = (location: string) => parseError(syntheticEpw({ header: { 0: location } }));
    const flipped = header('LOCATION,Guiyang,Guizhou,CHN,CSWD,578160,26.58,-106.73,8.0,1223.8');
    expect([flipped.line, flipped.field, flipped.fieldNumber]).toEqual([1, 'LOCATION', 8]);
    expect(flipped.message).toMatch(
      /^EPW line 1, field 8 \(LOCATION longitude\): -106\.73 is 133 degrees from the meridian of time zone 8 h/,
    );
    expect(header('LOCATION,A,B,C,D,1,91,10,1,100').fieldNumber).toBe(7);
    expect(header('LOCATION,A,B,C,D,1,45,181,1,100').fieldNumber).toBe(8);
    expect(header('LOCATION,A,B,C,D,1,45,10,15,100').fieldNumber).toBe(9);
    expect(header('LOCATION,A,B,C,D,1,45,10,1,10000').fieldNumber).toBe(10);
    // Kiribati: UTC+14 at 157 W is 3 degrees from its meridian across the date line.
    expect(() =>
      parseEpw(syntheticEpw({ header: { 0: 'LOCATION,Kiritimati,,KIR,X,919480,1.98,-157.48,14,2' } })),
    ).not.toThrow();
    const leapFlag = parseError(syntheticEpw({ header: { 4: 'HOLIDAYS/DAYLIGHT SAVINGS,Maybe,0,0,0' } }));
    expect([leapFlag.line, leapFlag.field, leapFlag.fieldNumber]).toEqual([
      5,
      'HOLIDAYS/DAYLIGHT SAVINGS',
      2,
    ]);
  });

  it('warns when the station pressure is far from the standard pressure at the elevation', () => {
    // 101,325 Pa at 250 m is 3.0 % above the standard 98,362 Pa (ASHRAE HoF 2017 ch. 1 eq. 3): no warning.
    expect(parseEpw(syntheticEpw()).warnings).toEqual([]);
    // At 1,000 m the standard is 89,875 Pa: 101,325 Pa is 12.7 % above.
    const high = parseEpw(syntheticEpw({ header: { 0: 'LOCATION,A,B,XXX,D,1,45,-10.5,-1,1000' } }));
    expect(high.warnings.map((w) => w.kind)).toEqual(['station-pressure-suspect']);
    expect(high.warnings[0]?.message).toMatch(/12\.7 % above the standard pressure .* 89,875 Pa/);
  });

  it('names a run of dew point well above dry bulb as a suspected swap, apart from rounding clamps', () => {
    const text = syntheticEpw({
      row: (i, fields) => {
        if (i >= 200 && i < 206) [fields[6], fields[7]] = [fields[7]!, fields[6]!];
        if (i === 300 || i === 301) fields[7] = (syntheticDryBulbC(i) + 1.5).toFixed(1);
      },
    });
    const weather = parseEpw(text);
    expect(counted(weather)).toEqual([
      {
        kind: 'dry-bulb-dew-point-swap-suspected',
        field: 'dewPointC',
        count: 6,
        firstLine: lineOfHour(200),
      },
      { kind: 'dew-point-clamped', field: 'dewPointC', count: 2, firstLine: lineOfHour(300) },
    ]);
    expect(weather.hourly.dryBulbC[203]).toBe(syntheticDryBulbC(203));
    expect(weather.hourly.dewPointC[301]).toBe(syntheticDryBulbC(301));
  });

  it('ignores empty, whitespace-only and comma-only lines after the last hour, with a warning', () => {
    const weather = parseEpw(`${syntheticEpw()}\n   \n,,,,,,\n\t,\n;;;;\n\u001a`);
    expect(counted(weather)).toEqual([
      { kind: 'trailing-lines-ignored', field: 'rows', count: 6, firstLine: lineOfHour(8760) },
    ]);
    // The same debris between two hours is still an error.
    const inside = syntheticEpw().replace('\n2001,1,1,5,', '\n,,,,\n2001,1,1,5,');
    expect([parseError(inside).line, parseError(inside).detail]).toEqual([
      lineOfHour(4),
      'blank line between data rows',
    ]);
  });

  it('decodes bytes as UTF-8, and as latin-1 with a warning when they are not UTF-8', () => {
    const text = syntheticEpw({ header: { 0: 'LOCATION,Zürich,ZH,XXX,D,066600,47.38,8.57,1,5' } });
    const utf8 = parseEpw(new TextEncoder().encode(text));
    expect(utf8.location.name).toBe('Zürich');
    expect(utf8.warnings).toEqual([]);
    const latin1 = Uint8Array.from(text, (c) => c.charCodeAt(0));
    const weather = parseEpw(latin1);
    expect(weather.location.name).toBe('Zürich');
    expect(counted(weather)).toEqual([
      { kind: 'decoded-as-latin1', field: 'encoding', count: 1, firstLine: 1 },
    ]);
  });

  it('follows the leap-year flag: February 29 dropped when it says No, kept when it says Yes', () => {
    const leapRows = syntheticEpw({ leapYear: true });
    expect(parseEpw(leapRows).hourly.hours).toBe(8784);
    const saysNo = parseEpw(
      leapRows.replace('HOLIDAYS/DAYLIGHT SAVINGS,Yes', 'HOLIDAYS/DAYLIGHT SAVINGS,No'),
    );
    expect([saysNo.hourly.hours, saysNo.isLeapYear]).toEqual([8760, false]);
    expect(counted(saysNo)).toEqual([
      {
        kind: 'leap-day-dropped',
        field: 'HOLIDAYS/DAYLIGHT SAVINGS',
        count: 24,
        firstLine: lineOfHour(59 * 24),
      },
    ]);
    // March 1 follows February 28; a warning after the dropped day names its own file line.
    expect([saysNo.hourly.month[59 * 24], saysNo.hourly.day[59 * 24]]).toEqual([3, 1]);
    const gapAfter = parseEpw(
      syntheticEpw({
        leapYear: true,
        row: (i, fields) => {
          if (i === 2000) fields[6] = '99.9';
        },
      }).replace('HOLIDAYS/DAYLIGHT SAVINGS,Yes', 'HOLIDAYS/DAYLIGHT SAVINGS,No'),
    );
    expect(gapAfter.warnings.find((w) => w.kind === 'missing-filled')?.firstLine).toBe(lineOfHour(2000));
  });
});
