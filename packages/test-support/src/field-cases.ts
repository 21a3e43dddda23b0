import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Small edited inputs that reproduce reported kinds of trouble live beside the repository in
 * ../shared/field-cases (never copied in); KARST_FIELD_CASES_DIR points elsewhere.
 */
export const fieldCasesDir = process.env.KARST_FIELD_CASES_DIR ?? resolve(repoRoot, '../shared/field-cases');

/** The weather field cases described in ../shared/field-cases/README.md. */
export const weatherFieldCases = {
  leapDayHeaderNo: 'weather-01-leap-feb29-header-no.epw',
  missingShortGaps: 'weather-05a-missing-short-gaps.epw',
  humidityAllMissing: 'weather-05c-rh-all-missing-dewpoint-complete.epw',
  windGap12h: 'weather-05d-wind-gap-12h.epw',
  excelCommaLines: 'weather-07d-excel-comma-lines-at-end.epw',
  latin1Name: 'weather-08a-latin1-name.epw',
  ashrae2021Design: 'weather-11a-tmyx-2021-design-conditions.epw',
  dryBulbDewPointSwapped: 'weather-13c-db-dp-swapped-one-day.epw',
  seaLevelPressure: 'weather-14b-sea-level-pressure-at-1224m.epw',
} as const;

export type WeatherFieldCase = keyof typeof weatherFieldCases;

/** The path of a weather field case. */
export function weatherFieldCasePath(name: WeatherFieldCase): string {
  return join(fieldCasesDir, 'weather', weatherFieldCases[name]);
}

export const weatherFieldCasesAvailable = Object.keys(weatherFieldCases).every((name) =>
  existsSync(weatherFieldCasePath(name as WeatherFieldCase)),
);

/** Why field-case tests were skipped, printed once so a skip is never silent. */
export const weatherFieldCasesSkipReason = `weather field cases not found in ${join(fieldCasesDir, 'weather')}: tests that read them are skipped (set KARST_FIELD_CASES_DIR or place ../shared/field-cases beside the repository)`;

/** A suite title that says, when the field cases are absent, that the suite was skipped and why. */
export function fieldCaseSuite(title: string): string {
  return weatherFieldCasesAvailable ? title : `${title} [skipped: ${weatherFieldCasesSkipReason}]`;
}

if (!weatherFieldCasesAvailable) console.warn(`SKIP: ${weatherFieldCasesSkipReason}`);
