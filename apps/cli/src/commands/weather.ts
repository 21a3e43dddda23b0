import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  BUILT_IN_SITE_IDS,
  type ClimateStats,
  climateStats,
  DEFAULT_SITE_ID,
  deriveConditions,
  type EpwWarning,
  type EpwWeather,
  getBuiltInSite,
  HOUR_COUNT_LABELS,
  type HourCounts,
  MONTH_NAMES,
  profileFromEpw,
  type SiteProfile,
  type SiteProfileInput,
  siteIdFromName,
  synthesizeYear,
  ValidationError,
} from '@karst/climate';
import type { Command } from 'commander';
import { type CommandContext, writeJson } from '../context.js';
import { describeInputError, issuesText, oneLine, UsageError } from '../errors.js';
import { fmt } from '../format/numbers.js';
import { heading, renderPairs, renderTable } from '../format/table.js';
import { println } from '../io.js';
import {
  addWeatherReadOptions,
  parseInteger,
  parseNumber,
  readSiteFile,
  readWeatherFile,
  resolvePath,
  siteFromFlags,
  type WeatherReadFlags,
  weatherWarningLines,
} from '../plan-options.js';

export { siteIdFromName };

interface StatsFlags extends WeatherReadFlags {
  site?: string;
  siteFile?: string;
  json?: boolean;
}

interface ImportFlags extends WeatherReadFlags {
  out: string;
  id?: string;
  name?: string;
  tariffPerKwh?: number;
  currency?: string;
  gridKgPerKwh?: number;
  gridYear?: number;
  json?: boolean;
}

/** Registers `karst weather stats` and `karst weather import`. */
export function registerWeather(program: Command, context: CommandContext): void {
  const weather = program
    .command('weather')
    .description('weather files and site climates: statistics, and site profiles from EPW files');

  const stats = weather
    .command('stats')
    .description('hours under the economizer thresholds, monthly means and extremes of an EPW file or a site')
    .argument('[file]', 'an EPW weather file')
    .option('--site <id>', `a built-in site's synthesized typical year (default ${DEFAULT_SITE_ID})`)
    .option('--site-file <file>', "a site profile JSON's synthesized typical year")
    .option('--json', 'print the statistics as JSON');
  addWeatherReadOptions(stats)
    .addHelpText(
      'after',
      '\nExamples:\n  karst weather stats CHN_Guizhou.Guiyang.578160_CSWD.epw\n  karst weather stats --site singapore --json\n',
    )
    .action(async (file: string | undefined, flags: StatsFlags) => {
      await statsCommand(context, file, flags);
    });

  const importing = weather
    .command('import')
    .description('derive a site profile (for --site-file) from an EPW file')
    .argument('<file>', 'an EPW weather file')
    .requiredOption('--out <file>', 'where to write the site profile JSON')
    .option('--id <id>', "the site's id, lowercase (default: from the file's location name)")
    .option('--name <name>', "display name (default: the file's location name)")
    .option('--tariff-per-kwh <price>', 'flat energy price per kWh', parseNumber)
    .option('--currency <code>', 'ISO 4217 currency of the tariff, e.g. CNY')
    .option('--grid-kg-per-kwh <factor>', 'location-based grid emission factor, kg CO2e/kWh', parseNumber)
    .option('--grid-year <year>', "the grid factor's year (default: this year)", parseInteger)
    .option('--json', 'print what was written as JSON');
  addWeatherReadOptions(importing)
    .addHelpText(
      'after',
      '\nWithout the power flags, the tariff and grid factor of the built-in site in the same country are used\n' +
        '(the same station first), and the output says so.\n\nExamples:\n' +
        '  karst weather import CHN_Guizhou.Guiyang.578160_CSWD.epw --out guiyang-epw.json --id guiyang-epw\n' +
        '  karst weather import my.epw --out my.json --tariff-per-kwh 0.12 --currency EUR --grid-kg-per-kwh 0.3\n',
    )
    .action(async (file: string, flags: ImportFlags) => {
      await importCommand(context, file, flags);
    });
}

/** The JSON of `karst weather stats --json`: where the hours came from, repairs, then climateStats. */
export interface WeatherStatsJson extends ClimateStats {
  source:
    | { kind: 'epw'; path: string; name: string; country: string; wmoId: string; elevationM: number }
    | {
        kind: 'site';
        id: string;
        name: string;
        country: string;
        siteFile: string | null;
        elevationM: number;
      };
  warnings: readonly EpwWarning[];
}

async function statsCommand(
  context: CommandContext,
  file: string | undefined,
  flags: StatsFlags,
): Promise<void> {
  const { io } = context;
  if (file !== undefined && (flags.site !== undefined || flags.siteFile !== undefined))
    throw new UsageError(`${file}: give an EPW file, --site or --site-file, not more than one`);
  let result: WeatherStatsJson;
  if (file !== undefined) {
    const epw = await readWeatherFile(io, file, '', flags);
    const stats = statsOf(() => deriveConditions(epw.hourly), file);
    const { location } = epw;
    result = {
      source: {
        kind: 'epw',
        path: file,
        name: location.name,
        country: location.country,
        wmoId: location.wmoId,
        elevationM: location.elevationM,
      },
      warnings: epw.warnings,
      ...stats,
    };
  } else {
    const site = siteFromFlags(io, flags) ?? getBuiltInSite(DEFAULT_SITE_ID);
    const stats = statsOf(
      () => deriveConditions(synthesizeYear(site)),
      flags.siteFile ?? `--site ${site.id}`,
    );
    result = {
      source: {
        kind: 'site',
        id: site.id,
        name: site.name,
        country: site.country,
        siteFile: flags.siteFile ?? null,
        elevationM: site.location.elevationM,
      },
      warnings: [],
      ...stats,
    };
  }
  if (flags.json) writeJson(context, result);
  else println(io.stdout, renderStats(result));
}

function statsOf(conditions: () => ReturnType<typeof deriveConditions>, origin: string): ClimateStats {
  try {
    return climateStats(conditions());
  } catch (error) {
    // A non-physical hour (deriveConditions' ValidationError) is bad input in the file, not a bug.
    if (error instanceof ValidationError) throw new UsageError(`${origin}: ${issuesText(error.issues)}`);
    throw error;
  }
}

function renderStats(result: WeatherStatsJson): string {
  const { source } = result;
  const title =
    source.kind === 'epw'
      ? `Weather: ${source.name} (${source.country}, WMO ${source.wmoId}, ${fmt.int(source.elevationM)} m), file ${source.path}`
      : `Weather: ${source.name} (${source.id}, ${source.country}, ${fmt.int(source.elevationM)} m), ` +
        `typical year synthesized from ${source.siteFile ? `site file ${source.siteFile}` : 'the built-in profile'}`;
  const lines = [title, `${fmt.h(result.hours)} hours, mean dry bulb ${fmt.c(result.annualMeanDryBulbC)} °C`];
  lines.push(...weatherWarningLines(result.warnings));
  const countKeys = Object.keys(HOUR_COUNT_LABELS) as (keyof HourCounts)[];
  lines.push(
    heading('Hours at or below the economizer thresholds'),
    renderTable(
      [{ header: 'Threshold', align: 'left' }, 'Hours (h)', 'Share (%)'],
      countKeys.map((key) => [
        HOUR_COUNT_LABELS[key].replaceAll(' C', ' °C'),
        fmt.h(result.hourCounts[key]),
        fmt.pct(result.hourCounts[key] / result.hours).replace(' %', ''),
      ]),
    ),
    heading('Monthly'),
    renderTable(
      [
        { header: 'Month', align: 'left' },
        'Hours (h)',
        'Mean DB (°C)',
        'Mean DP (°C)',
        'Mean WB (°C)',
        'Min DB (°C)',
        'Max DB (°C)',
      ],
      result.months.map((month) => [
        MONTH_NAMES[month.month - 1] ?? String(month.month),
        fmt.h(month.hours),
        fmt.c(month.meanDryBulbC),
        fmt.c(month.meanDewPointC),
        fmt.c(month.meanWetBulbC),
        fmt.c(month.minDryBulbC),
        fmt.c(month.maxDryBulbC),
      ]),
    ),
    heading('Extremes'),
    renderPairs([
      [
        'Dry bulb, min / max',
        `${fmt.c(result.extremes.minDryBulbC)} / ${fmt.c(result.extremes.maxDryBulbC)} °C`,
      ],
      ['Dry bulb exceeded 0.4 % of hours', `${fmt.c(result.extremes.dryBulb04PercentC)} °C`],
      ['Wet bulb, max', `${fmt.c(result.extremes.maxWetBulbC)} °C`],
      ['Wet bulb exceeded 0.4 % of hours', `${fmt.c(result.extremes.wetBulb04PercentC)} °C`],
      ['Dew point, max', `${fmt.c(result.extremes.maxDewPointC)} °C`],
    ]),
  );
  return lines.join('\n');
}

/** The built-in site power facts are borrowed from: the same station, else the first in the same country. */
function donorSite(epw: EpwWeather): SiteProfile | null {
  const sites = BUILT_IN_SITE_IDS.map((id) => getBuiltInSite(id));
  const { wmoId, country } = epw.location;
  return (
    sites.find((site) => wmoId !== '' && site.location.wmoId === wmoId) ??
    sites.find((site) => site.country === country) ??
    null
  );
}

/** What `karst weather import --json` prints. */
export interface WeatherImportJson {
  out: string;
  id: string;
  name: string;
  country: string;
  elevationM: number;
  /** Where each power fact came from: `flags`, or `built-in:<site id>`. */
  powerFacts: { tariff: string; gridCarbon: string };
  warnings: readonly EpwWarning[];
  profile: SiteProfile;
}

async function importCommand(context: CommandContext, file: string, flags: ImportFlags): Promise<void> {
  const { io } = context;
  const epw = await readWeatherFile(io, file, '', flags);
  const donor = donorSite(epw);
  const missing: string[] = [];
  if (flags.currency !== undefined && flags.tariffPerKwh === undefined)
    throw new UsageError('--currency: give it with --tariff-per-kwh');

  let tariff: SiteProfileInput['power']['tariff'] | null = null;
  let tariffFrom = 'flags';
  if (flags.tariffPerKwh !== undefined) {
    const currency = flags.currency ?? donor?.power.tariff.currency;
    if (currency === undefined) missing.push('--currency');
    else
      tariff = {
        currency: currency.toUpperCase(),
        energyPricePerKwh: flags.tariffPerKwh,
        source: `given to karst weather import (--tariff-per-kwh ${flags.tariffPerKwh}${flags.currency ? '' : `; currency from built-in site ${donor?.id}`})`,
      };
  } else if (donor) {
    tariff = donor.power.tariff;
    tariffFrom = `built-in:${donor.id}`;
  } else missing.push('--tariff-per-kwh', '--currency');

  let gridCarbon: SiteProfileInput['power']['gridCarbon'] | null = null;
  let gridFrom = 'flags';
  if (flags.gridKgPerKwh !== undefined) {
    gridCarbon = {
      locationKgCo2ePerKwh: flags.gridKgPerKwh,
      year: flags.gridYear ?? new Date().getFullYear(),
      source: `given to karst weather import (--grid-kg-per-kwh ${flags.gridKgPerKwh})`,
    };
  } else if (donor) {
    gridCarbon = donor.power.gridCarbon;
    gridFrom = `built-in:${donor.id}`;
  } else missing.push('--grid-kg-per-kwh');

  if (!tariff || !gridCarbon)
    throw new UsageError(
      `${file}: no built-in site in ${epw.location.country || 'its country'} to take power facts from; give ${missing.join(', ')}`,
    );

  const id = flags.id ?? siteIdFromName(epw.location.name, epw.location.wmoId);
  let profile: SiteProfile;
  try {
    profile = profileFromEpw(epw, {
      id,
      ...(flags.name !== undefined ? { name: flags.name } : {}),
      power: { tariff, gridCarbon },
      sourceName: basename(file),
    });
  } catch (error) {
    const message = describeInputError(error, file);
    if (message === null) throw error;
    // Name the flag behind a bad field where there is one.
    throw new UsageError(
      message
        .replace(/\bid: /, '--id: ')
        .replace(/power\.tariff\.currency: /, '--currency: ')
        .replace(/power\.tariff\.energyPricePerKwh: /, '--tariff-per-kwh: ')
        .replace(/power\.gridCarbon\.locationKgCo2ePerKwh: /, '--grid-kg-per-kwh: ')
        .replace(/power\.gridCarbon\.year: /, '--grid-year: '),
    );
  }

  const outPath = resolvePath(io, flags.out);
  try {
    writeFileSync(outPath, `${JSON.stringify(profile, null, 2)}\n`);
  } catch (error) {
    throw new UsageError(`--out ${flags.out}: cannot write: ${oneLine((error as Error).message)}`);
  }
  // The file must load back exactly as --site-file reads it; fail here rather than at first use.
  readSiteFile(io, flags.out, '--out');

  const result: WeatherImportJson = {
    out: flags.out,
    id: profile.id,
    name: profile.name,
    country: profile.country,
    elevationM: profile.location.elevationM,
    powerFacts: { tariff: tariffFrom, gridCarbon: gridFrom },
    warnings: epw.warnings,
    profile,
  };
  if (flags.json) {
    writeJson(context, result);
    return;
  }
  const lines = [
    `Wrote ${flags.out}: site "${profile.id}", ${profile.name} (${profile.country}, ${fmt.int(profile.location.elevationM)} m)`,
    renderPairs([
      [
        'Tariff',
        `${fmt.price(profile.power.tariff.energyPricePerKwh)} ${profile.power.tariff.currency}/kWh` +
          (tariffFrom === 'flags' ? '' : ` (from built-in site ${tariffFrom.slice(9)}: check it)`),
      ],
      [
        'Grid carbon',
        `${fmt.kgPerKwh(profile.power.gridCarbon.locationKgCo2ePerKwh)} kg CO2e/kWh (${profile.power.gridCarbon.year})` +
          (gridFrom === 'flags' ? '' : ` (from built-in site ${gridFrom.slice(9)}: check it)`),
      ],
      ['Design conditions', profile.designConditions.source],
    ]),
  ];
  lines.push(...weatherWarningLines(epw.warnings));
  lines.push(`Use it with: karst budget --site-file ${flags.out}`);
  println(io.stdout, lines.join('\n'));
}
