import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The typical-year weather files live beside the repository in ../shared/weather (never copied in).
 * KARST_WEATHER_DIR points elsewhere when they are kept somewhere else.
 */
export const sharedWeatherDir = process.env.KARST_WEATHER_DIR ?? resolve(repoRoot, '../shared/weather');

export interface SharedWeatherFile {
  readonly siteId: string;
  readonly fileName: string;
  readonly source: 'CSWD' | 'IWEC' | 'TMY3';
  readonly elevationM: number;
}

/** The six files described in ../shared/weather/README.md. */
export const sharedWeatherFiles: readonly SharedWeatherFile[] = [
  { siteId: 'guiyang', fileName: 'CHN_Guizhou.Guiyang.578160_CSWD.epw', source: 'CSWD', elevationM: 1223.8 },
  { siteId: 'beijing', fileName: 'CHN_Beijing.Beijing.545110_CSWD.epw', source: 'CSWD', elevationM: 31.3 },
  { siteId: 'shanghai', fileName: 'CHN_Shanghai.Shanghai.583620_CSWD.epw', source: 'CSWD', elevationM: 5.5 },
  {
    siteId: 'guangzhou',
    fileName: 'CHN_Guangdong.Guangzhou.592870_CSWD.epw',
    source: 'CSWD',
    elevationM: 41,
  },
  { siteId: 'singapore', fileName: 'SGP_Singapore.486980_IWEC.epw', source: 'IWEC', elevationM: 16 },
  {
    siteId: 'ashburn',
    fileName: 'USA_VA_Sterling-Washington.Dulles.Intl.AP.724030_TMY3.epw',
    source: 'TMY3',
    elevationM: 82,
  },
];

export const sharedWeatherAvailable = sharedWeatherFiles.every((file) =>
  existsSync(join(sharedWeatherDir, file.fileName)),
);

/** Why weather-dependent tests were skipped, printed once so a skip is never silent. */
export const sharedWeatherSkipReason = `real weather files not found in ${sharedWeatherDir}: tests that read them are skipped (set KARST_WEATHER_DIR or place ../shared/weather beside the repository)`;

/** A suite title that says, when the files are absent, that the suite was skipped and why. */
export function realWeatherSuite(title: string): string {
  return sharedWeatherAvailable ? title : `${title} [skipped: ${sharedWeatherSkipReason}]`;
}

export function sharedWeatherPath(fileName: string): string {
  return join(sharedWeatherDir, fileName);
}

if (!sharedWeatherAvailable) console.warn(`SKIP: ${sharedWeatherSkipReason}`);
