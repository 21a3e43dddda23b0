import {
  relativeHumidityPct as relativeHumidityFromDewPoint,
  standardPressurePa,
} from '../psychrometrics.js';
import type { HourlyWeather } from '../series.js';
import { parseWith } from '../validation.js';
import { parseDesignConditions } from './design-conditions.js';
import { EpwParseError, type EpwParseErrorDetails } from './errors.js';
import { EPW_DATA_FIELD_COUNT, EPW_NUMERIC_FIELDS } from './fields.js';
import {
  type EpwDesignConditions,
  type EpwLocation,
  EpwLocationSchema,
  type EpwParseOptions,
  EpwParseOptionsSchema,
  type EpwSeriesField,
  type EpwWarning,
  type EpwWeather,
  type ResolvedEpwParseOptions,
} from './schema.js';

const HOURS_PER_YEAR = 8760;
const HOURS_PER_LEAP_YEAR = 8784;
const SEA_LEVEL_PA = 101325;
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

/**
 * Dew point above dry bulb by more than this is not rounding (the shared CSWD files, which have such hours,
 * reach 0.2 K). A run of hours with the dew point at or above the dry bulb that holds at least
 * SWAP_MIN_HOURS such hours is a suspected swap of the two columns.
 */
export const SWAP_EXCESS_K = 1;
export const SWAP_MIN_HOURS = 3;
/** A mean station pressure further than this from the standard pressure at the elevation is suspect. */
export const PRESSURE_TOLERANCE = 0.05;
/** Solar and clock time differ by at most about 3.5 h anywhere; 6 h (90 degrees) cannot be true. */
const MAX_TIME_ZONE_LONGITUDE_GAP_DEG = 90;

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
  return parseWith(EpwParseOptionsSchema, options ?? {}, 'parseEpw options');
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
  const location = result.data;
  const solarGapDeg = Math.abs(
    ((((location.timeZoneHours * 15 - location.longitudeDeg) % 360) + 540) % 360) - 180,
  );
  if (solarGapDeg > MAX_TIME_ZONE_LONGITUDE_GAP_DEG) {
    throw new EpwParseError({
      line: 1,
      field: 'LOCATION',
      fieldNumber: 8,
      label: 'LOCATION longitude',
      detail:
        `${location.longitudeDeg} is ${Math.round(solarGapDeg)} degrees from the meridian of time zone ` +
        `${location.timeZoneHours} h (${location.timeZoneHours * 15} degrees); a longitude and time zone this far apart cannot both be true ` +
        '(east is positive: is the sign of the longitude or of the time zone wrong?)',
    });
  }
  return location;
}

/**
 * The LeapYear Observed field of HOLIDAYS/DAYLIGHT SAVINGS (field 2): true for Yes, false for No. EnergyPlus
 * ignores February 29 rows when it says No (Auxiliary Programs, EPW data dictionary).
 */
function leapYearObserved(line: string, lineNumber: number): boolean | null {
  const text = (line.split(',')[1] ?? '').trim();
  const value = text.toLowerCase();
  if (value === 'yes' || value === 'y') return true;
  if (value === 'no' || value === 'n') return false;
  if (value === '') return null;
  throw new EpwParseError({
    line: lineNumber,
    field: 'HOLIDAYS/DAYLIGHT SAVINGS',
    fieldNumber: 2,
    label: 'HOLIDAYS/DAYLIGHT SAVINGS leap year observed',
    detail: `${quote(text)} is neither Yes nor No`,
  });
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

/** A run of missing (NaN) hours: [start, start + length). */
interface Run {
  start: number;
  length: number;
}

function missingRuns(values: Float64Array, hours: number): Run[] {
  const runs: Run[] = [];
  let i = 0;
  while (i < hours) {
    if (!Number.isNaN(values[i]!)) {
      i++;
      continue;
    }
    const start = i;
    while (i < hours && Number.isNaN(values[i]!)) i++;
    runs.push({ start, length: i - start });
  }
  return runs;
}

/** Linear interpolation across a run, or the nearest value at either end of the year. */
function interpolateRun(values: Float64Array, hours: number, { start, length }: Run): void {
  const before = start > 0 ? values[start - 1]! : Number.NaN;
  const after = start + length < hours ? values[start + length]! : Number.NaN;
  for (let k = 0; k < length; k++) {
    values[start + k] = Number.isNaN(before)
      ? after
      : Number.isNaN(after)
        ? before
        : before + ((after - before) * (k + 1)) / (length + 1);
  }
}

function fmtNumber(value: number, digits: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** The text an EPW repair or doubt is printed with, everywhere: `EPW line 21 (dry bulb): 3 h missing ...`. */
function warningMessage(firstLine: number, label: string, text: string): string {
  return `EPW line ${firstLine} (${label}): ${text}`;
}

/**
 * Decodes bytes: UTF-16 when they start with its byte-order mark (what a spreadsheet's "Unicode text"
 * writes), else UTF-8, else latin-1 (windows-1252) when they are not valid UTF-8.
 */
function decode(bytes: Uint8Array): {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin-1';
} {
  const utf16 =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'utf-16le'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf-16be'
        : null;
  if (utf16 !== null) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'latin-1' };
  }
}

/**
 * A line of nothing but spaces, tabs, commas or semicolons (what a spreadsheet leaves below the data), or a
 * DOS end-of-file mark (Ctrl-Z).
 */
function isBlankish(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 44 && c !== 32 && c !== 9 && c !== 59 && c !== 26) return false;
  }
  return true;
}

/**
 * Parses an EnergyPlus weather (EPW) file: the LOCATION, DESIGN CONDITIONS and HOLIDAYS/DAYLIGHT SAVINGS
 * headers and the hourly dry bulb, dew point, relative humidity, station pressure and wind speed.
 *
 * `input` is the file's text, or its bytes: bytes are decoded as UTF-8, or as latin-1 (windows-1252, with
 * a warning) when they are not valid UTF-8. Accepts CSWD (minute 0), IWEC (minute 60) and TMY3 (mixed
 * years) files, rows hour by hour from January 1 hour 1 to December 31 hour 24, 8,760 rows or 8,784 with
 * February 29. February 29 is dropped when the header's leap-year field says No, as EnergyPlus does.
 *
 * The budget model needs dry bulb, dew point and station pressure: a gap in them longer than
 * `options.maxGapHours` (default 6) is an error. Relative humidity and wind speed are repaired with a
 * warning (interpolated, derived from dry bulb and dew point, or set). Every repair or doubt is one entry
 * in `warnings`, with a message naming its line: missing values filled, RH and dew point clamped, a
 * suspected dry-bulb/dew-point swap (swapped back), a station pressure far from the standard pressure at
 * the elevation, an unreadable DESIGN CONDITIONS line (then `designConditions` is null, to be derived from
 * the hours), blank or comma-only lines after the last hour, the latin-1 fallback, February 29 dropped.
 *
 * @throws EpwParseError naming the line and field of malformed input or of a header value that cannot be
 * true (latitude beyond 90, a longitude 6 h from its time zone, ...).
 * @throws RangeError for invalid options.
 */
export function parseEpw(input: string | Uint8Array, options?: EpwParseOptions): EpwWeather {
  const { maxGapHours, pressure: pressureOption } = resolveOptions(options);
  const warnings: EpwWarning[] = [];
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    const decoded = decode(input);
    text = decoded.text;
    if (decoded.encoding === 'utf-16le' || decoded.encoding === 'utf-16be') {
      warnings.push({
        kind: 'decoded-as-utf16',
        field: 'encoding',
        count: 1,
        firstLine: 1,
        message: `EPW line 1 (encoding): the file is ${decoded.encoding === 'utf-16le' ? 'UTF-16 (little-endian)' : 'UTF-16 (big-endian)'}, not UTF-8 (saved as "Unicode text"?); it was decoded as such`,
      });
    }
    if (decoded.encoding === 'latin-1') {
      warnings.push({
        kind: 'decoded-as-latin1',
        field: 'encoding',
        count: 1,
        firstLine: 1,
        message:
          'EPW line 1 (encoding): the file is not valid UTF-8; it was read as latin-1 (windows-1252): check the names',
      });
    }
  }
  const length = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNumber = 0;

  // Header: LOCATION first, then keyword lines up to DATA PERIODS; three of them carry what we need.
  let location: EpwLocation | undefined;
  let designConditions: EpwDesignConditions | null = null;
  let leapYear: boolean | null = null;
  let leapYearLine = 0;
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
      try {
        designConditions = parseDesignConditions(line, lineNumber);
      } catch (error) {
        if (!(error instanceof EpwParseError)) throw error;
        designConditions = null;
        warnings.push({
          kind: 'design-conditions-unreadable',
          field: 'DESIGN CONDITIONS',
          count: 1,
          firstLine: lineNumber,
          message: `${error.message}; the design conditions are not used (they are derived from the hours instead)`,
        });
      }
    } else if (line.startsWith('HOLIDAYS/DAYLIGHT SAVINGS')) {
      leapYear = leapYearObserved(line, lineNumber);
      leapYearLine = lineNumber;
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
  const droppedCounts = new Int32Array(EPW_NUMERIC_FIELDS.length);
  const droppedFirst = new Int32Array(EPW_NUMERIC_FIELDS.length).fill(-1);
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
  let hasLeapDay = false;
  let leapDayFirstLine = 0;
  let leapDayRows = 0;
  let yearComplete = false;
  let blankLine = 0;
  let trailingLines = 0;
  let trailingFirst = 0;
  let paddedRows = 0;
  let paddedFirst = 0;
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
    const first = text.charCodeAt(start);
    if (end === start || ((first < 48 || first > 57) && isBlankish(text, start, end))) {
      if (yearComplete) {
        if (trailingLines++ === 0) trailingFirst = lineNumber;
      } else if (blankLine === 0) blankLine = lineNumber;
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
    if (count > EPW_DATA_FIELD_COUNT && isBlankish(text, fieldEnds[EPW_DATA_FIELD_COUNT - 1]!, end)) {
      // Empty fields after the 35th (a spreadsheet's trailing commas): ignored, counted.
      if (paddedRows++ === 0) paddedFirst = lineNumber;
      count = EPW_DATA_FIELD_COUNT;
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
        !hasLeapDay &&
        expectedMonth === 3 &&
        expectedDay === 1 &&
        expectedHour === 1 &&
        m === 2 &&
        d === 29 &&
        h === 1
      ) {
        hasLeapDay = true;
        leapDayFirstLine = lineNumber;
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
    // February 29 with the header's leap-year field at No: checked for sequence, then left out.
    const dropRow = m === 2 && d === 29 && leapYear === false;
    if (dropRow) leapDayRows++;
    else {
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
        if (Number.isNaN(value) || value < field.min || value > field.max) {
          if (!field.required || (field.key === 'pressurePa' && pressureOption === 'standard')) {
            // A column the model does not use: a bad value is a missing one, counted.
            if (droppedCounts[f]!++ === 0) droppedFirst[f] = lineNumber;
            missingCounts[f]!++;
            series[f]![hours] = Number.NaN;
            continue;
          }
          if (Number.isNaN(value))
            fail(fieldIndex, field.key, field.label, `${quote(fieldText(fieldIndex))} is not a number`);
          // A pressure column in hPa or kPa is a common export mistake: say so.
          const unitHint =
            field.key !== 'pressurePa'
              ? ''
              : value >= 300 && value <= 1200
                ? ' (hPa? the EPW unit is Pa)'
                : value >= 30 && value <= 120
                  ? ' (kPa? the EPW unit is Pa)'
                  : '';
          fail(
            fieldIndex,
            field.key,
            field.label,
            `${value} is outside ${field.min}..${field.max} ${field.unit}${unitHint}`,
          );
        }
        series[f]![hours] = value;
      }
      hours++;
    }

    expectedHour++;
    if (expectedHour > 24) {
      expectedHour = 1;
      expectedDay++;
      const daysInMonth = expectedMonth === 2 && hasLeapDay ? 29 : DAYS_IN_MONTH[expectedMonth]!;
      if (expectedDay > daysInMonth) {
        expectedDay = 1;
        expectedMonth++;
        if (expectedMonth > 12) yearComplete = true;
      }
    }
  }
  if (!yearComplete) {
    const rows = hours + leapDayRows;
    throw new EpwParseError({
      line: firstDataLine + rows,
      field: 'rows',
      label: 'hourly rows',
      detail: `too few rows: found ${rows} hourly rows, expected ${hasLeapDay ? HOURS_PER_LEAP_YEAR : HOURS_PER_YEAR}`,
    });
  }

  /** The file line of hour index i (the dropped February 29 rows shift the hours after them). */
  const leapDayIndex = leapDayRows > 0 ? leapDayFirstLine - firstDataLine : Number.POSITIVE_INFINITY;
  const lineOf = (i: number) => firstDataLine + i + (i >= leapDayIndex ? leapDayRows : 0);

  if (leapDayRows > 0) {
    warnings.push({
      kind: 'leap-day-dropped',
      field: 'HOLIDAYS/DAYLIGHT SAVINGS',
      count: leapDayRows,
      firstLine: leapDayFirstLine,
      message: warningMessage(
        leapDayFirstLine,
        'February 29',
        `${leapDayRows} rows of February 29 left out: the HOLIDAYS/DAYLIGHT SAVINGS header (line ${leapYearLine}) says the leap year is not observed, and EnergyPlus ignores February 29 then; the year has ${hours} hours`,
      ),
    });
  }

  const [dryBulbC, dewPointC, relativeHumidityPct, pressurePa, windSpeedMps] = series.map((values) =>
    hours === capacity ? values : values.slice(0, hours),
  ) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const byKey: Record<EpwSeriesField, Float64Array> = {
    dryBulbC,
    dewPointC,
    relativeHumidityPct,
    pressurePa,
    windSpeedMps,
  };

  // Out-of-range values in columns the model does not use, which were read as missing.
  EPW_NUMERIC_FIELDS.forEach((field, f) => {
    const dropped = droppedCounts[f]!;
    if (dropped === 0) return;
    warnings.push({
      kind: 'out-of-range-dropped',
      field: field.key,
      count: dropped,
      firstLine: droppedFirst[f]!,
      message: warningMessage(
        droppedFirst[f]!,
        field.label,
        `${dropped} h not a number or outside ${field.min}..${field.max} ${field.unit}; treated as missing (the budget model does not use this column)`,
      ),
    });
  });

  // Gaps. The columns the model uses must have short gaps; the others are repaired whatever their gaps.
  const standardPressure = pressureOption === 'standard';
  const humidityRuns: Run[] = [];
  EPW_NUMERIC_FIELDS.forEach((field, f) => {
    if (missingCounts[f] === 0) return;
    if (field.key === 'pressurePa' && standardPressure) return;
    const values = byKey[field.key];
    const runs = missingRuns(values, hours);
    const hint =
      field.key === 'pressurePa'
        ? "; raise maxGapHours (karst: --max-gap-hours), or use the standard pressure at the elevation (pressure: 'standard'; karst: --standard-pressure)"
        : '; raise maxGapHours (karst: --max-gap-hours) if interpolating across it is acceptable';
    let short = 0;
    let shortFirst = -1;
    let long = 0;
    let longFirst = -1;
    let longest = 0;
    const allMissing = runs.length === 1 && runs[0]!.length === hours;
    for (const run of runs) {
      if (run.length <= maxGapHours && !allMissing) {
        interpolateRun(values, hours, run);
        if (shortFirst < 0) shortFirst = run.start;
        short += run.length;
        continue;
      }
      if (field.required) {
        const details: EpwParseErrorDetails = {
          line: lineOf(run.start),
          field: field.key,
          fieldNumber: field.fieldNumber,
          label: field.label,
          detail: allMissing
            ? `every hour is missing (${field.missing}); the budget model needs this column${field.key === 'pressurePa' ? hint.replace('; raise maxGapHours (karst: --max-gap-hours), or', ';') : ''}`
            : `${run.length} consecutive hours missing (${field.missing}), more than maxGapHours ${maxGapHours}${hint}`,
        };
        throw new EpwParseError(details);
      }
      if (field.key === 'relativeHumidityPct') humidityRuns.push(run);
      else if (!allMissing) interpolateRun(values, hours, run);
      if (longFirst < 0) longFirst = run.start;
      long += run.length;
      longest = Math.max(longest, run.length);
    }
    if (short > 0) {
      warnings.push({
        kind: 'missing-filled',
        field: field.key,
        count: short,
        firstLine: lineOf(shortFirst),
        message: warningMessage(
          lineOf(shortFirst),
          field.label,
          `${short} h missing (${field.missing}), filled by linear interpolation (runs of at most ${maxGapHours} h)`,
        ),
      });
    }
    if (long === 0 || field.key === 'relativeHumidityPct') return;
    if (allMissing) {
      values.fill(0);
      warnings.push({
        kind: 'column-missing',
        field: field.key,
        count: hours,
        firstLine: lineOf(0),
        message: warningMessage(
          lineOf(0),
          field.label,
          `every hour is missing (${field.missing}); set to 0 ${field.unit} (the budget model does not use this column)`,
        ),
      });
    } else {
      warnings.push({
        kind: 'long-gap-filled',
        field: field.key,
        count: long,
        firstLine: lineOf(longFirst),
        message: warningMessage(
          lineOf(longFirst),
          field.label,
          `${long} h missing in runs longer than maxGapHours ${maxGapHours} (the longest ${longest} h), filled by linear interpolation anyway (the budget model does not use this column)`,
        ),
      });
    }
  });

  // Dew point above dry bulb: by a rounding margin it is clamped; a run with an hour well above is a
  // suspected swap of the two columns, and the run is swapped back.
  let swapped = 0;
  let swappedFirst = -1;
  let swapRuns = 0;
  let largestExcessK = 0;
  let dewPointClamped = 0;
  let dewPointFirst = -1;
  let clampedExcessK = 0;
  let i = 0;
  while (i < hours) {
    if (!(dewPointC[i]! > dryBulbC[i]!)) {
      i++;
      continue;
    }
    const start = i;
    let maxExcess = 0;
    let notRounding = 0;
    while (i < hours && dewPointC[i]! >= dryBulbC[i]!) {
      const excess = dewPointC[i]! - dryBulbC[i]!;
      maxExcess = Math.max(maxExcess, excess);
      if (excess > SWAP_EXCESS_K) notRounding++;
      i++;
    }
    if (notRounding >= SWAP_MIN_HOURS) {
      swapRuns++;
      largestExcessK = Math.max(largestExcessK, maxExcess);
      for (let k = start; k < i; k++) {
        if (dewPointC[k]! === dryBulbC[k]!) continue;
        const dry = dewPointC[k]!;
        dewPointC[k] = dryBulbC[k]!;
        dryBulbC[k] = dry;
        if (swapped++ === 0) swappedFirst = k;
      }
    } else {
      clampedExcessK = Math.max(clampedExcessK, maxExcess);
      for (let k = start; k < i; k++) {
        if (dewPointC[k]! > dryBulbC[k]!) {
          dewPointC[k] = dryBulbC[k]!;
          if (dewPointClamped++ === 0) dewPointFirst = k;
        }
      }
    }
  }
  if (swapped > 0) {
    warnings.push({
      kind: 'dry-bulb-dew-point-swap-suspected',
      field: 'dewPointC',
      count: swapped,
      firstLine: lineOf(swappedFirst),
      message: warningMessage(
        lineOf(swappedFirst),
        'dry bulb, dew point',
        `${swapped} h in ${swapRuns} run(s) with dew point above dry bulb by up to ${fmtNumber(largestExcessK, 1)} K (${SWAP_MIN_HOURS} h or more above by over ${SWAP_EXCESS_K} K is not rounding): the two columns look swapped; they were swapped back for those hours`,
      ),
    });
  }

  // Relative humidity: derived from dry bulb and dew point where its gaps were too long to interpolate.
  if (humidityRuns.length > 0) {
    let derived = 0;
    for (const run of humidityRuns) {
      for (let k = run.start; k < run.start + run.length; k++)
        relativeHumidityPct[k] = Math.min(100, relativeHumidityFromDewPoint(dryBulbC[k]!, dewPointC[k]!));
      derived += run.length;
    }
    const firstLine = lineOf(humidityRuns[0]!.start);
    warnings.push({
      kind: 'relative-humidity-derived',
      field: 'relativeHumidityPct',
      count: derived,
      firstLine,
      message: warningMessage(
        firstLine,
        'relative humidity',
        `${derived} h missing in runs longer than maxGapHours ${maxGapHours}${derived === hours ? ' (the whole column)' : ''}; computed from dry bulb and dew point (ASHRAE HoF 2017 ch. 1 eq. 22)`,
      ),
    });
  }

  let humidityClamped = 0;
  let humidityFirst = -1;
  for (let k = 0; k < hours; k++) {
    if (relativeHumidityPct[k]! > 100) {
      relativeHumidityPct[k] = 100;
      if (humidityClamped++ === 0) humidityFirst = k;
    }
  }
  if (humidityClamped > 0) {
    warnings.push({
      kind: 'relative-humidity-clamped',
      field: 'relativeHumidityPct',
      count: humidityClamped,
      firstLine: lineOf(humidityFirst),
      message: warningMessage(
        lineOf(humidityFirst),
        'relative humidity',
        `${humidityClamped} h above 100 %, clamped to 100 %`,
      ),
    });
  }
  if (dewPointClamped > 0) {
    warnings.push({
      kind: 'dew-point-clamped',
      field: 'dewPointC',
      count: dewPointClamped,
      firstLine: lineOf(dewPointFirst),
      message: warningMessage(
        lineOf(dewPointFirst),
        'dew point',
        `${dewPointClamped} h above the dry bulb by up to ${fmtNumber(clampedExcessK, 1)} K, clamped to the dry bulb`,
      ),
    });
  }

  // Station pressure against the standard pressure at the header's elevation.
  const standardPa = standardPressurePa(location.elevationM);
  if (standardPressure) {
    pressurePa.fill(standardPa);
    warnings.push({
      kind: 'standard-pressure-used',
      field: 'pressurePa',
      count: hours,
      firstLine: lineOf(0),
      message: warningMessage(
        lineOf(0),
        'station pressure',
        `replaced by the standard pressure at the elevation ${fmtNumber(location.elevationM, 1)} m, ${fmtNumber(standardPa, 0)} Pa (ASHRAE HoF 2017 ch. 1 eq. 3), as asked`,
      ),
    });
  } else {
    let sum = 0;
    for (let k = 0; k < hours; k++) sum += pressurePa[k]!;
    const meanPa = sum / hours;
    const offset = meanPa / standardPa - 1;
    if (Math.abs(offset) > PRESSURE_TOLERANCE) {
      const seaLevel = Math.abs(meanPa / SEA_LEVEL_PA - 1) <= 0.03 && location.elevationM > 300;
      warnings.push({
        kind: 'station-pressure-suspect',
        field: 'pressurePa',
        count: hours,
        firstLine: lineOf(0),
        message: warningMessage(
          lineOf(0),
          'station pressure',
          `the mean ${fmtNumber(meanPa, 0)} Pa is ${fmtNumber(Math.abs(offset) * 100, 1)} % ${offset > 0 ? 'above' : 'below'} the standard pressure at the LOCATION elevation ${fmtNumber(location.elevationM, 1)} m, ${fmtNumber(standardPa, 0)} Pa (more than ${PRESSURE_TOLERANCE * 100} % off)${seaLevel ? '; it looks like sea-level pressure' : ''}; check the elevation, or use the standard pressure (pressure: 'standard'; karst: --standard-pressure)`,
        ),
      });
    }
  }

  if (paddedRows > 0) {
    warnings.push({
      kind: 'trailing-fields-ignored',
      field: 'rows',
      count: paddedRows,
      firstLine: paddedFirst,
      message: warningMessage(
        paddedFirst,
        'hourly rows',
        `${paddedRows} row(s) with empty fields after the 35th (trailing commas), ignored`,
      ),
    });
  }
  if (trailingLines > 0) {
    warnings.push({
      kind: 'trailing-lines-ignored',
      field: 'rows',
      count: trailingLines,
      firstLine: trailingFirst,
      message: warningMessage(
        trailingFirst,
        'hourly rows',
        `${trailingLines} empty, whitespace-only or comma-only line(s) after December 31 hour 24 ignored`,
      ),
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
  return { location, designConditions, hourly, isLeapYear: hasLeapDay && leapYear !== false, warnings };
}
