import type { EpwSeriesField } from './schema.js';

/** Fields per data row in the EPW data dictionary. */
export const EPW_DATA_FIELD_COUNT = 35;

/** A numeric data field read into the hourly series; numbering, missing marker and limits per the dictionary. */
export interface EpwNumericField {
  readonly key: EpwSeriesField;
  /** 1-based position on the row. */
  readonly fieldNumber: number;
  readonly label: string;
  readonly missing: number;
  readonly min: number;
  readonly max: number;
  readonly unit: string;
  /** The budget model uses it: a long gap is an error. Other columns are filled or set with a warning. */
  readonly required: boolean;
}

export const EPW_NUMERIC_FIELDS: readonly EpwNumericField[] = [
  {
    key: 'dryBulbC',
    fieldNumber: 7,
    label: 'dry bulb',
    missing: 99.9,
    min: -70,
    max: 70,
    unit: 'C',
    required: true,
  },
  {
    key: 'dewPointC',
    fieldNumber: 8,
    label: 'dew point',
    missing: 99.9,
    min: -70,
    max: 70,
    unit: 'C',
    required: true,
  },
  // 110 is the dictionary's ceiling; 100 < RH <= 110 is accepted and clamped with a warning.
  {
    key: 'relativeHumidityPct',
    fieldNumber: 9,
    label: 'relative humidity',
    missing: 999,
    min: 0,
    max: 110,
    unit: '%',
    required: false,
  },
  {
    key: 'pressurePa',
    fieldNumber: 10,
    label: 'station pressure',
    missing: 999999,
    min: 31000,
    max: 120000,
    unit: 'Pa',
    required: true,
  },
  {
    key: 'windSpeedMps',
    fieldNumber: 22,
    label: 'wind speed',
    missing: 999,
    min: 0,
    max: 40,
    unit: 'm/s',
    required: false,
  },
];
