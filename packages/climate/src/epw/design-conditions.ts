import { EpwParseError } from './errors.js';
import type { EpwDesignConditions } from './schema.js';

const FIELD = 'DESIGN CONDITIONS';

/*
 * Field order inside each block (after the words Heating, Cooling, Extremes), 2009 ASHRAE Handbook layout as
 * written by the EnergyPlus weather converter; the names are the column headings of the matching .stat file.
 */
const HEATING = [
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
const COOLING = [
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
const EXTREMES = [
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

const BLOCK_WORDS = ['Heating', 'Cooling', 'Extremes'] as const;
type BlockWord = (typeof BLOCK_WORDS)[number];

/** Reads the named numbers of one block, failing on the first missing or non-numeric one. */
function readBlock<const N extends string>(
  fields: readonly string[],
  lineNumber: number,
  word: BlockWord,
  names: readonly N[],
): Record<N, number> {
  const start = fields.indexOf(word) + 1;
  const values = {} as Record<N, number>;
  names.forEach((name, j) => {
    const index = start + j;
    const raw = fields[index]?.trim();
    const value =
      raw === undefined || raw === '' || BLOCK_WORDS.includes(raw as BlockWord) ? Number.NaN : Number(raw);
    if (!Number.isFinite(value)) {
      throw new EpwParseError({
        line: lineNumber,
        field: FIELD,
        fieldNumber: index + 1,
        label: `${FIELD} ${word} ${name}`,
        detail:
          raw === undefined || BLOCK_WORDS.includes(raw as BlockWord)
            ? `the ${word} block ends after ${j} of ${names.length} fields`
            : `"${raw}" is not a number`,
      });
    }
    values[name] = value;
  });
  return values;
}

/**
 * Parses `DESIGN CONDITIONS,<n>,<source>,,Heating,...,Cooling,...,Extremes,...`. Returns null when the file
 * declares no design conditions; a block that is absent is null, a block that is present must be complete.
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

  let heating: EpwDesignConditions['heating'] = null;
  if (has('Heating')) {
    const h = readBlock(fields, lineNumber, 'Heating', HEATING);
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
  if (has('Cooling')) {
    const c = readBlock(fields, lineNumber, 'Cooling', COOLING);
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
    const e = readBlock(fields, lineNumber, 'Extremes', EXTREMES);
    extremes = {
      windSpeed1Mps: e.WS010,
      windSpeed2_5Mps: e.WS025,
      windSpeed5Mps: e.WS050,
      maxWetBulbC: e.WBmax,
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

  return { source: fields[2] ?? '', heating, cooling, extremes };
}
