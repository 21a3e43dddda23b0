import { EpwParseError } from './errors.js';
import type { EpwDesignConditions } from './schema.js';

const FIELD = 'DESIGN CONDITIONS';

/*
 * Field order inside each block (after the words Heating, Cooling, Extremes), 2009 ASHRAE Handbook layout as
 * written by the EnergyPlus weather converter; the names are the column headings of the matching .stat file.
 * The 2017 and 2021 Handbook layout (climate.onebuilding.org TMYx and current TMY3 files) differs in three
 * places, as described in OpenStudio pull request 5521 (EpwFile design conditions by ASHRAE vintage),
 * ladybug issue 604 and resstock issue 1137: the heating block gains a 16th field at its end (WSF), the
 * cooling block's last field is the extreme maximum wet bulb instead of the 2009 count of hours 8-4 with
 * dry bulb 12.8-20.6 C, and the Extremes block loses that wet bulb (15 fields instead of 16).
 */
const HEATING_2009 = [
  'ColdestMonth',
  'DB996',
  'DB990',
  'DP996',
  'HR_DP996',
  'DB_DP996',
  'DP990',
  'HR_DP990',
  'DB_DP990',
  'WS004c',
  'DB_WS004c',
  'WS010c',
  'DB_WS010c',
  'WS_DB996',
  'WD_DB996',
] as const;
const HEATING_2017 = [...HEATING_2009, 'WSF'] as const;
const COOLING_COMMON = [
  'HottestMonth',
  'DBR',
  'DB004',
  'WB_DB004',
  'DB010',
  'WB_DB010',
  'DB020',
  'WB_DB020',
  'WB004',
  'DB_WB004',
  'WB010',
  'DB_WB010',
  'WB020',
  'DB_WB020',
  'WS_DB004',
  'WD_DB004',
  'DP004',
  'HR_DP004',
  'DB_DP004',
  'DP010',
  'HR_DP010',
  'DB_DP010',
  'DP020',
  'HR_DP020',
  'DB_DP020',
  'EN004',
  'DB_EN004',
  'EN010',
  'DB_EN010',
  'EN020',
  'DB_EN020',
] as const;
const COOLING_2009 = [...COOLING_COMMON, 'Hrs_8-4_&_DB'] as const;
const COOLING_2017 = [...COOLING_COMMON, 'WBmax'] as const;
const EXTREMES_2009 = [
  'WS010',
  'WS025',
  'WS050',
  'WBmax',
  'DBmin_mean',
  'DBmax_mean',
  'DBmin_stddev',
  'DBmax_stddev',
  'DBmin05years',
  'DBmax05years',
  'DBmin10years',
  'DBmax10years',
  'DBmin20years',
  'DBmax20years',
  'DBmin50years',
  'DBmax50years',
] as const;
const EXTREMES_2017 = EXTREMES_2009.filter((name) => name !== 'WBmax');

/** The two layouts of the line, by the Handbook edition its source text names. */
const LAYOUTS = {
  '2009': { Heating: HEATING_2009, Cooling: COOLING_2009, Extremes: EXTREMES_2009 },
  '2017': { Heating: HEATING_2017, Cooling: COOLING_2017, Extremes: EXTREMES_2017 },
} as const;
type Vintage = keyof typeof LAYOUTS;

const BLOCK_WORDS = ['Heating', 'Cooling', 'Extremes'] as const;
type BlockWord = (typeof BLOCK_WORDS)[number];

/** The values of one block: from after its word up to the next block word or the end of the line. */
function blockValues(fields: readonly string[], word: BlockWord): { start: number; values: string[] } {
  const start = fields.indexOf(word) + 1;
  let end = start;
  while (end < fields.length && !BLOCK_WORDS.includes(fields[end] as BlockWord)) end++;
  // Trailing empty fields at the end of the line are padding, not values.
  while (end > start && fields[end - 1] === '' && end === fields.length) end--;
  return { start, values: fields.slice(start, end) };
}

/** Reads the named numbers of one block, failing on a wrong count or the first non-numeric value. */
function readBlock<const N extends string>(
  fields: readonly string[],
  lineNumber: number,
  word: BlockWord,
  names: readonly N[],
  vintage: Vintage,
): Record<N, number> {
  const { start, values } = blockValues(fields, word);
  if (values.length !== names.length) {
    throw new EpwParseError({
      line: lineNumber,
      field: FIELD,
      fieldNumber: start,
      label: `${FIELD} ${word}`,
      detail: `the ${word} block has ${values.length} fields; the ${vintage === '2009' ? '2009/2013' : '2017/2021'} ASHRAE layout has ${names.length}`,
    });
  }
  const result = {} as Record<N, number>;
  names.forEach((name, j) => {
    const raw = values[j] ?? '';
    const value = raw === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(value)) {
      throw new EpwParseError({
        line: lineNumber,
        field: FIELD,
        fieldNumber: start + j + 1,
        label: `${FIELD} ${word} ${name}`,
        detail: `"${raw}" is not a number`,
      });
    }
    result[name] = value;
  });
  return result;
}

/**
 * The Handbook edition of the line, from the year in its source text (e.g. 'Climate Design Data 2009 ASHRAE
 * Handbook', '2021 ASHRAE Handbook -- Fundamentals - Chapter 14 ...'): 2013 and earlier use the 2009
 * layout, 2017 and later the 2017 one. Without a year, the heating block's length decides.
 */
function vintageOf(source: string, fields: readonly string[]): Vintage {
  const year = /\b(?:19|20)\d\d\b/.exec(source)?.[0];
  if (year !== undefined) return Number(year) >= 2017 ? '2017' : '2009';
  return fields.includes('Heating') && blockValues(fields, 'Heating').values.length === HEATING_2017.length
    ? '2017'
    : '2009';
}

/**
 * Parses `DESIGN CONDITIONS,<n>,<source>,,Heating,...,Cooling,...,Extremes,...` in the layout of the
 * Handbook edition its source names (2009/2013 or 2017/2021). Returns null when the file declares no
 * design conditions; a block that is absent is null, a block that is present must be complete.
 *
 * @throws EpwParseError naming the field when a block does not match its layout (parseEpw turns this into
 * a `design-conditions-unreadable` warning).
 */
export function parseDesignConditions(line: string, lineNumber: number): EpwDesignConditions | null {
  const fields = line.split(',').map((field) => field.trim());
  const countText = fields[1] ?? '';
  const count = countText === '' ? 0 : Number(countText);
  if (!Number.isInteger(count) || count < 0) {
    throw new EpwParseError({
      line: lineNumber,
      field: FIELD,
      fieldNumber: 2,
      label: `${FIELD} count`,
      detail: `"${countText}" is not a whole number`,
    });
  }
  if (count === 0) return null;
  const has = (word: BlockWord) => fields.includes(word);
  if (!BLOCK_WORDS.some(has)) {
    throw new EpwParseError({
      line: lineNumber,
      field: FIELD,
      label: FIELD,
      detail: `declares ${count} design condition(s) but has no Heating, Cooling or Extremes block`,
    });
  }

  const source = fields[2] ?? '';
  const vintage = vintageOf(source, fields);
  const layout = LAYOUTS[vintage];
  let heating: EpwDesignConditions['heating'] = null;
  if (has('Heating')) {
    const h = readBlock(fields, lineNumber, 'Heating', layout.Heating, vintage);
    heating = {
      coldestMonth: h.ColdestMonth,
      dryBulb99_6C: h.DB996,
      dryBulb99C: h.DB990,
      humidification99_6: {
        dewPointC: h.DP996,
        humidityRatioGPerKg: h.HR_DP996,
        meanCoincidentDryBulbC: h.DB_DP996,
      },
      humidification99: {
        dewPointC: h.DP990,
        humidityRatioGPerKg: h.HR_DP990,
        meanCoincidentDryBulbC: h.DB_DP990,
      },
      meanCoincidentWindSpeed99_6Mps: h.WS_DB996,
      prevailingWindDirection99_6Deg: h.WD_DB996,
    };
  }

  let cooling: EpwDesignConditions['cooling'] = null;
  let wetBulbMaxFromCooling: number | undefined;
  if (has('Cooling')) {
    const c = readBlock(fields, lineNumber, 'Cooling', layout.Cooling, vintage);
    if (vintage === '2017') wetBulbMaxFromCooling = c.WBmax;
    cooling = {
      hottestMonth: c.HottestMonth,
      meanDailyRangeC: c.DBR,
      dryBulb0_4: { dryBulbC: c.DB004, meanCoincidentWetBulbC: c.WB_DB004 },
      dryBulb1: { dryBulbC: c.DB010, meanCoincidentWetBulbC: c.WB_DB010 },
      dryBulb2: { dryBulbC: c.DB020, meanCoincidentWetBulbC: c.WB_DB020 },
      evaporation0_4: { wetBulbC: c.WB004, meanCoincidentDryBulbC: c.DB_WB004 },
      evaporation1: { wetBulbC: c.WB010, meanCoincidentDryBulbC: c.DB_WB010 },
      evaporation2: { wetBulbC: c.WB020, meanCoincidentDryBulbC: c.DB_WB020 },
      meanCoincidentWindSpeed0_4Mps: c.WS_DB004,
      prevailingWindDirection0_4Deg: c.WD_DB004,
      dehumidification0_4: {
        dewPointC: c.DP004,
        humidityRatioGPerKg: c.HR_DP004,
        meanCoincidentDryBulbC: c.DB_DP004,
      },
      dehumidification1: {
        dewPointC: c.DP010,
        humidityRatioGPerKg: c.HR_DP010,
        meanCoincidentDryBulbC: c.DB_DP010,
      },
      dehumidification2: {
        dewPointC: c.DP020,
        humidityRatioGPerKg: c.HR_DP020,
        meanCoincidentDryBulbC: c.DB_DP020,
      },
      enthalpy0_4: { enthalpyKjPerKg: c.EN004, meanCoincidentDryBulbC: c.DB_EN004 },
      enthalpy1: { enthalpyKjPerKg: c.EN010, meanCoincidentDryBulbC: c.DB_EN010 },
      enthalpy2: { enthalpyKjPerKg: c.EN020, meanCoincidentDryBulbC: c.DB_EN020 },
    };
  }

  let extremes: EpwDesignConditions['extremes'] = null;
  if (has('Extremes')) {
    // The 2017 layout moved the extreme maximum wet bulb to the end of the cooling block.
    if (vintage === '2017' && !has('Cooling')) {
      throw new EpwParseError({
        line: lineNumber,
        field: FIELD,
        label: FIELD,
        detail: 'a 2017/2021 Extremes block without a Cooling block has no extreme maximum wet bulb',
      });
    }
    const e = readBlock(fields, lineNumber, 'Extremes', layout.Extremes, vintage);
    extremes = {
      windSpeed1Mps: e.WS010,
      windSpeed2_5Mps: e.WS025,
      windSpeed5Mps: e.WS050,
      maxWetBulbC: wetBulbMaxFromCooling ?? e.WBmax,
      meanAnnualMinDryBulbC: e.DBmin_mean,
      meanAnnualMaxDryBulbC: e.DBmax_mean,
      stdDevAnnualMinDryBulbC: e.DBmin_stddev,
      stdDevAnnualMaxDryBulbC: e.DBmax_stddev,
      returnPeriods: [
        { years: 5, minDryBulbC: e.DBmin05years, maxDryBulbC: e.DBmax05years },
        { years: 10, minDryBulbC: e.DBmin10years, maxDryBulbC: e.DBmax10years },
        { years: 20, minDryBulbC: e.DBmin20years, maxDryBulbC: e.DBmax20years },
        { years: 50, minDryBulbC: e.DBmin50years, maxDryBulbC: e.DBmax50years },
      ],
    };
  }

  return { source, heating, cooling, extremes };
}
