import { z } from 'zod';
import { lazySchema } from '../lazy-schema.js';
import type { HourlyWeather } from '../series.js';

/** Default longest run of missing hours that parseEpw fills by interpolation. */
export const DEFAULT_MAX_GAP_HOURS = 6;

/** Options for parseEpw / readEpw. */
export const EpwParseOptionsSchema = lazySchema(() =>
  z.strictObject({
    /**
     * Longest run of missing hours (per field) filled by linear interpolation. A longer run in a column the
     * model uses (dry bulb, dew point, station pressure) is an error; in another column it is filled with a
     * warning. Default 6. Runs at the start or end of the year are filled from the nearest value.
     */
    maxGapHours: z.number().int().min(0).max(8784).default(DEFAULT_MAX_GAP_HOURS),
    /**
     * `'file'` (default) uses the station-pressure column; `'standard'` replaces it with the standard
     * atmospheric pressure at the LOCATION elevation (ASHRAE HoF 2017 ch. 1 eq. 3), for files whose column
     * holds sea-level pressure or is missing.
     */
    pressure: z.enum(['file', 'standard']).default('file'),
  }),
);
export type EpwParseOptions = z.input<typeof EpwParseOptionsSchema>;
export type ResolvedEpwParseOptions = z.output<typeof EpwParseOptionsSchema>;

/** The LOCATION header; ranges from the EPW data dictionary. */
export const EpwLocationSchema = lazySchema(() =>
  z.object({
    name: z.string(),
    region: z.string(),
    country: z.string(),
    /** Data source, e.g. 'CSWD', 'IWEC Data', 'TMY3'. */
    source: z.string(),
    /** WMO station number as written (kept as text: some files use letters or leading zeros). */
    wmoId: z.string(),
    /** North positive. */
    latitudeDeg: z.number().min(-90).max(90),
    /** East positive. */
    longitudeDeg: z.number().min(-180).max(180),
    /** Offset of local standard time from GMT. */
    timeZoneHours: z.number().min(-12).max(14),
    elevationM: z.number().min(-1000).lt(9999.9),
  }),
);
export type EpwLocation = z.infer<typeof EpwLocationSchema>;

const num = z.number();
const dryBulbWithWetBulb = lazySchema(() => z.object({ dryBulbC: num, meanCoincidentWetBulbC: num }));
const wetBulbWithDryBulb = lazySchema(() => z.object({ wetBulbC: num, meanCoincidentDryBulbC: num }));
const dewPointWithDryBulb = lazySchema(() =>
  z.object({
    dewPointC: num,
    humidityRatioGPerKg: num,
    meanCoincidentDryBulbC: num,
  }),
);
const enthalpyWithDryBulb = lazySchema(() => z.object({ enthalpyKjPerKg: num, meanCoincidentDryBulbC: num }));

/**
 * The ASHRAE annual design conditions in the DESIGN CONDITIONS header (2009 Handbook layout). Names follow
 * the annual percentile: `0_4` is the value exceeded 0.4 % of the hours of a year, `99_6` the value the air
 * is below for 0.4 % of them.
 */
export const EpwDesignConditionsSchema = lazySchema(() =>
  z.object({
    /** e.g. 'Climate Design Data 2009 ASHRAE Handbook'. */
    source: z.string(),
    heating: z
      .object({
        coldestMonth: num,
        dryBulb99_6C: num,
        dryBulb99C: num,
        humidification99_6: dewPointWithDryBulb,
        humidification99: dewPointWithDryBulb,
        meanCoincidentWindSpeed99_6Mps: num,
        prevailingWindDirection99_6Deg: num,
      })
      .nullable(),
    cooling: z
      .object({
        hottestMonth: num,
        /** Mean daily dry-bulb range of the hottest month. */
        meanDailyRangeC: num,
        dryBulb0_4: dryBulbWithWetBulb,
        dryBulb1: dryBulbWithWetBulb,
        dryBulb2: dryBulbWithWetBulb,
        /** Wet bulb for evaporative cooling design, with its mean coincident dry bulb. */
        evaporation0_4: wetBulbWithDryBulb,
        evaporation1: wetBulbWithDryBulb,
        evaporation2: wetBulbWithDryBulb,
        meanCoincidentWindSpeed0_4Mps: num,
        prevailingWindDirection0_4Deg: num,
        dehumidification0_4: dewPointWithDryBulb,
        dehumidification1: dewPointWithDryBulb,
        dehumidification2: dewPointWithDryBulb,
        enthalpy0_4: enthalpyWithDryBulb,
        enthalpy1: enthalpyWithDryBulb,
        enthalpy2: enthalpyWithDryBulb,
      })
      .nullable(),
    extremes: z
      .object({
        /** Extreme annual wind speeds exceeded 1 %, 2.5 % and 5 % of the hours. */
        windSpeed1Mps: num,
        windSpeed2_5Mps: num,
        windSpeed5Mps: num,
        maxWetBulbC: num,
        /** Mean over the years of record of each year's lowest and highest dry bulb. */
        meanAnnualMinDryBulbC: num,
        meanAnnualMaxDryBulbC: num,
        stdDevAnnualMinDryBulbC: num,
        stdDevAnnualMaxDryBulbC: num,
        /** n-year return period extremes of dry bulb, n = 5, 10, 20, 50. */
        returnPeriods: z.array(z.object({ years: num, minDryBulbC: num, maxDryBulbC: num })),
      })
      .nullable(),
  }),
);
export type EpwDesignConditions = z.infer<typeof EpwDesignConditionsSchema>;

export const EpwWarningKindSchema = lazySchema(() =>
  z.enum([
    /** Missing values (99.9, 999, 999999) filled from their neighbours. */
    'missing-filled',
    /** A run of missing hours longer than maxGapHours, in a column the model does not use, filled anyway. */
    'long-gap-filled',
    /** Relative humidity (not used by the model) computed from dry bulb and dew point where it was missing. */
    'relative-humidity-derived',
    /** A column the model does not use is entirely missing; it is set to a stated value. */
    'column-missing',
    /** Values out of the dictionary's range in a column the model does not use, treated as missing. */
    'out-of-range-dropped',
    /** Relative humidity above 100 % (allowed up to 110 by the dictionary) clamped to 100. */
    'relative-humidity-clamped',
    /** Dew point above dry bulb by a rounding margin (at most 1 K) clamped to the dry bulb. */
    'dew-point-clamped',
    /** A run of hours with dew point well above dry bulb: the two columns look swapped and were swapped back. */
    'dry-bulb-dew-point-swap-suspected',
    /** The station-pressure column is far from the standard pressure at the header's elevation. */
    'station-pressure-suspect',
    /** The station-pressure column was replaced by the standard pressure at the elevation (option). */
    'standard-pressure-used',
    /** The DESIGN CONDITIONS line could not be read; design conditions are to be derived from the hours. */
    'design-conditions-unreadable',
    /** Empty, whitespace-only or comma-only lines after December 31 hour 24, ignored. */
    'trailing-lines-ignored',
    /** Empty fields after the 35th on data rows (a spreadsheet's trailing commas), ignored. */
    'trailing-fields-ignored',
    /** The file is not valid UTF-8 and was decoded as latin-1 (windows-1252). */
    'decoded-as-latin1',
    /** The file is UTF-16 (it starts with the UTF-16 byte-order mark) and was decoded as such. */
    'decoded-as-utf16',
    /** February 29 rows dropped because the header says the leap year is not observed (as EnergyPlus does). */
    'leap-day-dropped',
  ]),
);
export type EpwWarningKind = z.infer<typeof EpwWarningKindSchema>;

/** The hourly series an EPW warning can be about. */
export const EpwSeriesFieldSchema = lazySchema(() =>
  z.enum(['dryBulbC', 'dewPointC', 'relativeHumidityPct', 'pressurePa', 'windSpeedMps']),
);
export type EpwSeriesField = z.infer<typeof EpwSeriesFieldSchema>;

/**
 * One kind of repair or doubt about one field, counted over the whole file (not one entry per hour).
 * `message` is the one sentence every consumer prints (CLI, API, preview), so they agree word for word.
 */
export const EpwWarningSchema = lazySchema(() =>
  z.strictObject({
    kind: EpwWarningKindSchema,
    /** A series key, or the header line / part of the file the warning is about. */
    field: z.union([
      EpwSeriesFieldSchema,
      z.enum(['DESIGN CONDITIONS', 'HOLIDAYS/DAYLIGHT SAVINGS', 'rows', 'encoding']),
    ]),
    /** Hours (or lines, for `rows`; 1 for a header) affected. */
    count: z.number().int().positive(),
    /** 1-based file line of the first affected hour or line. */
    firstLine: z.number().int().positive(),
    message: z.string().min(1).max(2000),
  }),
);
export type EpwWarning = z.infer<typeof EpwWarningSchema>;

/** A parsed EPW file. */
export interface EpwWeather {
  readonly location: EpwLocation;
  /** null when the file has no DESIGN CONDITIONS (or declares 0 of them). */
  readonly designConditions: EpwDesignConditions | null;
  /** 8,760 hours, or 8,784 when the file has February 29 rows that are kept. */
  readonly hourly: HourlyWeather;
  /** true when February 29 is in `hourly` (the file has it and its header does not say No). */
  readonly isLeapYear: boolean;
  readonly warnings: readonly EpwWarning[];
}
