import type { HourlyWeather } from '../series.js';
import { parseDesignConditions } from './design-conditions.js';
import { EpwParseError } from './errors.js';
import { EPW_DATA_FIELD_COUNT, EPW_NUMERIC_FIELDS, type EpwNumericField } from './fields.js';
import {
  type EpwDesignConditions,
  type EpwLocation,
  EpwLocationSchema,
  type EpwParseOptions,
  EpwParseOptionsSchema,
  type EpwWarning,
  type EpwWeather,
  type ResolvedEpwParseOptions,
} from './schema.js';

const HOURS_PER_YEAR = 8760;
const HOURS_PER_LEAP_YEAR = 8784;
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const LOCATION_FIELDS = [
  ['name', 'name'],
  ['region', 'region'],
  ['country', 'country'],
  ['source', 'source'],
  ['wmoId', 'WMO station'],
  ['latitudeDeg', 'latitude'],
  ['longitudeDeg', 'longitude'],
  ['timeZoneHours', 'time zone'],
  ['elevationM', 'elevation'],
] as const;

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Number() without its surprises: '' and ' ' are not 0, 'Infinity' and '0x1f' are not numbers. */
function parseDecimal(text: string): number {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/**
 * Parses text[start, end) as a decimal, NaN when it is not one. The fast path handles the plain `-12.3` form
 * of every EPW value; it is exact because digits/10^k, both exact doubles, is a single correctly rounded
 * division, the same double Number() gives. Anything unusual takes the slow path.
 */
function parseNumberAt(text: string, start: number, end: number): number {
  let i = start;
  let negative = false;
  let c = text.charCodeAt(i);
  if (c === 45) {
    negative = true;
    i++;
  } else if (c === 43) {
    i++;
  }
  let digits = 0;
  let mantissa = 0;
  let scale = 1;
  for (; i < end; i++) {
    c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    mantissa = mantissa * 10 + c;
    digits++;
  }
  if (i < end && text.charCodeAt(i) === 46) {
    for (i++; i < end; i++) {
      c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      mantissa = mantissa * 10 + c;
      scale *= 10;
      digits++;
    }
  }
  if (i === end && digits > 0 && digits <= 15) {
    const value = mantissa / scale;
    // 0 - value rather than -value so that '-0.0' gives 0, not -0.
    return negative ? 0 - value : value;
  }
  return parseDecimal(text.slice(start, end));
}

function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
}

function resolveOptions(options: EpwParseOptions | undefined): ResolvedEpwParseOptions {
  const result = EpwParseOptionsSchema.safeParse(options ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new RangeError(`parseEpw options: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

function parseLocation(line: string): EpwLocation {
  const fields = line.split(',');
  const extra = fields.slice(10).findIndex((field) => field.trim() !== '');
  if (fields.length < 10 || extra >= 0) {
    throw new EpwParseError({
      line: 1,
      field: 'LOCATION',
      label: 'LOCATION',
      detail: `expected 10 fields, found ${fields.length}`,
    });
  }
  const raw: Record<string, string | number> = {};
  LOCATION_FIELDS.forEach(([key, label], j) => {
    const text = (fields[j + 1] ?? '').trim();
    if (j < 5) {
      raw[key] = text;
      return;
    }
    const value = parseDecimal(text);
    if (Number.isNaN(value)) {
      throw new EpwParseError({
        line: 1,
        field: 'LOCATION',
        fieldNumber: j + 2,
        label: `LOCATION ${label}`,
        detail: `${quote(text)} is not a number`,
      });
    }
    raw[key] = value;
  });
  const result = EpwLocationSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const j = LOCATION_FIELDS.findIndex(([key]) => key === issue?.path[0]);
    const entry = LOCATION_FIELDS[j];
    throw new EpwParseError({
      line: 1,
      field: 'LOCATION',
      fieldNumber: j + 2,
      label: `LOCATION ${entry?.[1] ?? ''}`,
      detail: `${String(entry === undefined ? '' : raw[entry[0]])} is out of range (${issue?.message ?? ''})`,
    });
  }
  return result.data;
}

function checkDataPeriods(line: string, lineNumber: number): void {
  const fields = line.split(',');
  const recordsPerHour = parseDecimal(fields[2] ?? '');
  if (recordsPerHour !== 1) {
    throw new EpwParseError({
      line: lineNumber,
      field: 'DATA PERIODS',
      fieldNumber: 3,
      label: 'DATA PERIODS records per hour',
      detail: `${quote((fields[2] ?? '').trim())}: only hourly files (1 record per hour) are supported`,
    });
  }
}

/**
 * Fills runs of NaN (missing markers) by linear interpolation between the values either side, or from the
 * nearest value at either end of the year. Returns how many hours were filled and where the first was.
 */
function fillGaps(
  values: Float64Array,
  hours: number,
  field: EpwNumericField,
  maxGapHours: number,
  firstDataLine: number,
): { count: number; firstIndex: number } {
  let count = 0;
  let firstIndex = -1;
  let i = 0;
  while (i < hours) {
    if (!Number.isNaN(values[i]!)) {
      i++;
      continue;
    }
    const start = i;
    while (i < hours && Number.isNaN(values[i]!)) i++;
    const length = i - start;
    const before = start > 0 ? values[start - 1]! : Number.NaN;
    const after = i < hours ? values[i]! : Number.NaN;
    if (length > maxGapHours || (Number.isNaN(before) && Number.isNaN(after))) {
      throw new EpwParseError({
        line: firstDataLine + start,
        field: field.key,
        fieldNumber: field.fieldNumber,
        label: field.label,
        detail: `${length} consecutive hours missing (${field.missing}), more than maxGapHours ${maxGapHours}`,
      });
    }
    for (let k = 0; k < length; k++) {
      values[start + k] = Number.isNaN(before)
        ? after
        : Number.isNaN(after)
          ? before
          : before + ((after - before) * (k + 1)) / (length + 1);
    }
    if (firstIndex < 0) firstIndex = start;
    count += length;
  }
  return { count, firstIndex };
}

/**
 * Parses the text of an EnergyPlus weather (EPW) file: the LOCATION and DESIGN CONDITIONS headers and the
 * hourly dry bulb, dew point, relative humidity, station pressure and wind speed.
 *
 * Accepts CSWD (minute 0, one repeated year), IWEC (minute 60) and TMY3 (mixed years) files: rows must run
 * hour by hour from January 1 hour 1 to December 31 hour 24, 8,760 rows or 8,784 with February 29.
 * Missing values (99.9, 999, 999999) are filled by linear interpolation across runs of up to
 * `options.maxGapHours` (default 6) hours; RH above 100 and dew point above dry bulb are clamped. Each
 * repair is counted in `warnings`. Malformed input throws EpwParseError naming the line and field.
 */
export function parseEpw(text: string, options?: EpwParseOptions): EpwWeather {
  const { maxGapHours } = resolveOptions(options);
  const length = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNumber = 0;

  // Header: LOCATION first, then keyword lines up to DATA PERIODS; only two of them carry what we need.
  let location: EpwLocation | undefined;
  let designConditions: EpwDesignConditions | null = null;
  let headerDone = false;
  while (pos < length && !headerDone) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = length;
    const end = eol > pos && text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
    const line = text.slice(pos, end);
    lineNumber++;
    pos = eol + 1;
    if (lineNumber === 1) {
      if (!line.startsWith('LOCATION,')) {
        throw new EpwParseError({
          line: 1,
          field: 'LOCATION',
          label: 'LOCATION',
          detail: `not an EPW file: the first line must start with LOCATION, found ${quote(line)}`,
        });
      }
      location = parseLocation(line);
    } else if (line.startsWith('DESIGN CONDITIONS')) {
      designConditions = parseDesignConditions(line, lineNumber);
    } else if (line.startsWith('DATA PERIODS')) {
      checkDataPeriods(line, lineNumber);
      headerDone = true;
    } else {
      const c = line.charCodeAt(0);
      if (c >= 48 && c <= 57) {
        throw new EpwParseError({
          line: lineNumber,
          field: 'DATA PERIODS',
          label: 'DATA PERIODS',
          detail: 'data rows begin before the DATA PERIODS header line',
        });
      }
    }
  }
  if (location === undefined) {
    throw new EpwParseError({
      line: 1,
      field: 'LOCATION',
      label: 'LOCATION',
      detail: 'not an EPW file: empty',
    });
  }
  if (!headerDone) {
    throw new EpwParseError({
      line: lineNumber + 1,
      field: 'DATA PERIODS',
      label: 'DATA PERIODS',
      detail: 'the file ends before the DATA PERIODS header line',
    });
  }

  const firstDataLine = lineNumber + 1;
  const capacity = HOURS_PER_LEAP_YEAR;
  const month = new Uint8Array(capacity);
  const day = new Uint8Array(capacity);
  const hourOfDay = new Uint8Array(capacity);
  const series = EPW_NUMERIC_FIELDS.map(() => new Float64Array(capacity));
  const missingCounts = new Int32Array(EPW_NUMERIC_FIELDS.length);
  const fieldStarts = new Int32Array(EPW_DATA_FIELD_COUNT);
  const fieldEnds = new Int32Array(EPW_DATA_FIELD_COUNT);

  const fail = (fieldIndex: number, field: string, label: string, detail: string): never => {
    throw new EpwParseError({ line: lineNumber, field, fieldNumber: fieldIndex + 1, label, detail });
  };
  const fieldText = (fieldIndex: number) => text.slice(fieldStarts[fieldIndex], fieldEnds[fieldIndex]);
  const readInteger = (fieldIndex: number, field: string, min: number, max: number): number => {
    const value = parseNumberAt(text, fieldStarts[fieldIndex]!, fieldEnds[fieldIndex]!);
    if (!Number.isInteger(value))
      fail(fieldIndex, field, field, `${quote(fieldText(fieldIndex))} is not a whole number`);
    if (value < min || value > max) fail(fieldIndex, field, field, `${value} is outside ${min}..${max}`);
    return value;
  };

  let hours = 0;
  let isLeapYear = false;
  let yearComplete = false;
  let blankLine = 0;
  let expectedMonth = 1;
  let expectedDay = 1;
  let expectedHour = 1;
  while (pos < length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = length;
    const end = eol > pos && text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
    lineNumber++;
    const start = pos;
    pos = eol + 1;
    if (end === start) {
      if (blankLine === 0) blankLine = lineNumber;
      continue;
    }
    if (blankLine !== 0) {
      throw new EpwParseError({
        line: blankLine,
        field: 'rows',
        label: 'hourly rows',
        detail: 'blank line between data rows',
      });
    }
    if (yearComplete) {
      throw new EpwParseError({
        line: lineNumber,
        field: 'rows',
        label: 'hourly rows',
        detail: `row after December 31 hour 24 (the year has ${hours} hours)`,
      });
    }

    // Comma positions only: no per-row split into 35 strings.
    let count = 0;
    let fieldStart = start;
    for (;;) {
      let comma = text.indexOf(',', fieldStart);
      if (comma < 0 || comma > end) comma = end;
      if (count < EPW_DATA_FIELD_COUNT) {
        fieldStarts[count] = fieldStart;
        fieldEnds[count] = comma;
      }
      count++;
      if (comma === end) break;
      fieldStart = comma + 1;
    }
    if (count !== EPW_DATA_FIELD_COUNT) {
      throw new EpwParseError({
        line: lineNumber,
        field: 'row',
        label: 'data row',
        detail: `expected ${EPW_DATA_FIELD_COUNT} comma-separated fields, found ${count}`,
      });
    }

    const m = readInteger(1, 'month', 1, 12);
    const d = readInteger(2, 'day', 1, 31);
    const h = readInteger(3, 'hour', 1, 24);
    readInteger(4, 'minute', 0, 60);
    if (m !== expectedMonth || d !== expectedDay || h !== expectedHour) {
      if (
        !isLeapYear &&
        expectedMonth === 3 &&
        expectedDay === 1 &&
        expectedHour === 1 &&
        m === 2 &&
        d === 29 &&
        h === 1
      ) {
        isLeapYear = true;
        expectedMonth = 2;
        expectedDay = 29;
      } else {
        const fieldIndex = m !== expectedMonth ? 1 : d !== expectedDay ? 2 : 3;
        const field = ['month', 'day', 'hour'][fieldIndex - 1]!;
        fail(
          fieldIndex,
          field,
          field,
          `hours out of sequence: expected month ${expectedMonth} day ${expectedDay} hour ${expectedHour}, found month ${m} day ${d} hour ${h}`,
        );
      }
    }
    month[hours] = m;
    day[hours] = d;
    hourOfDay[hours] = h - 1;

    for (let f = 0; f < EPW_NUMERIC_FIELDS.length; f++) {
      const field = EPW_NUMERIC_FIELDS[f]!;
      const fieldIndex = field.fieldNumber - 1;
      const value = parseNumberAt(text, fieldStarts[fieldIndex]!, fieldEnds[fieldIndex]!);
      if (value === field.missing) {
        missingCounts[f]!++;
        series[f]![hours] = Number.NaN;
        continue;
      }
      if (Number.isNaN(value))
        fail(fieldIndex, field.key, field.label, `${quote(fieldText(fieldIndex))} is not a number`);
      if (value < field.min || value > field.max) {
        fail(
          fieldIndex,
          field.key,
          field.label,
          `${value} is outside ${field.min}..${field.max} ${field.unit}`,
        );
      }
      series[f]![hours] = value;
    }
    hours++;

    expectedHour++;
    if (expectedHour > 24) {
      expectedHour = 1;
      expectedDay++;
      const daysInMonth = expectedMonth === 2 && isLeapYear ? 29 : DAYS_IN_MONTH[expectedMonth]!;
      if (expectedDay > daysInMonth) {
        expectedDay = 1;
        expectedMonth++;
        if (expectedMonth > 12) yearComplete = true;
      }
    }
  }
  if (!yearComplete) {
    throw new EpwParseError({
      line: firstDataLine + hours,
      field: 'rows',
      label: 'hourly rows',
      detail: `too few rows: found ${hours} hourly rows, expected ${isLeapYear ? HOURS_PER_LEAP_YEAR : HOURS_PER_YEAR}`,
    });
  }

  const warnings: EpwWarning[] = [];
  EPW_NUMERIC_FIELDS.forEach((field, f) => {
    if (missingCounts[f] === 0) return;
    const filled = fillGaps(series[f]!, hours, field, maxGapHours, firstDataLine);
    warnings.push({
      kind: 'missing-filled',
      field: field.key,
      count: filled.count,
      firstLine: firstDataLine + filled.firstIndex,
    });
  });

  const [dryBulbC, dewPointC, relativeHumidityPct, pressurePa, windSpeedMps] = series.map((values) =>
    hours === capacity ? values : values.slice(0, hours),
  ) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];

  let humidityClamped = 0;
  let humidityFirst = -1;
  let dewPointClamped = 0;
  let dewPointFirst = -1;
  for (let i = 0; i < hours; i++) {
    if (relativeHumidityPct[i]! > 100) {
      relativeHumidityPct[i] = 100;
      if (humidityClamped++ === 0) humidityFirst = i;
    }
    if (dewPointC[i]! > dryBulbC[i]!) {
      dewPointC[i] = dryBulbC[i]!;
      if (dewPointClamped++ === 0) dewPointFirst = i;
    }
  }
  if (humidityClamped > 0) {
    warnings.push({
      kind: 'relative-humidity-clamped',
      field: 'relativeHumidityPct',
      count: humidityClamped,
      firstLine: firstDataLine + humidityFirst,
    });
  }
  if (dewPointClamped > 0) {
    warnings.push({
      kind: 'dew-point-clamped',
      field: 'dewPointC',
      count: dewPointClamped,
      firstLine: firstDataLine + dewPointFirst,
    });
  }

  const hourly: HourlyWeather = {
    hours,
    month: hours === capacity ? month : month.slice(0, hours),
    day: hours === capacity ? day : day.slice(0, hours),
    hourOfDay: hours === capacity ? hourOfDay : hourOfDay.slice(0, hours),
    dryBulbC,
    dewPointC,
    relativeHumidityPct,
    pressurePa,
    windSpeedMps,
  };
  return { location, designConditions, hourly, isLeapYear, warnings };
}
