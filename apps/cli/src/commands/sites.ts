import {
  BUILT_IN_SITE_IDS,
  DAYS_PER_MONTH,
  DEFAULT_SITE_ID,
  getBuiltInSite,
  type SiteProfile,
} from '@karst/climate';
import type { Command } from 'commander';
import { type CommandContext, writeJson } from '../context.js';
import { fmt } from '../format/numbers.js';
import { renderTable } from '../format/table.js';
import { println } from '../io.js';

/** One built-in site as `karst sites --json` prints it. */
export interface SiteListEntry {
  id: string;
  default: boolean;
  name: string;
  region: string;
  country: string;
  latitudeDeg: number;
  longitudeDeg: number;
  elevationM: number;
  wmoId: string;
  annualMeanDryBulbC: number;
  designCoolingDryBulbC: number;
  tariff: {
    currency: string;
    energyPricePerKwh: number;
    timeOfUseBands: number;
    demandChargePerKwMonth: number;
  };
  gridCarbon: { locationKgCo2ePerKwh: number; year: number };
  awsRegion: string | null;
  sources: {
    climate: string;
    designConditions: string;
    tariff: string;
    gridCarbon: string;
    awsRegion: string | null;
  };
}

/** Key facts of one profile, with the sources beside them. */
export function siteListEntry(site: SiteProfile): SiteListEntry {
  const { tariff, gridCarbon } = site.power;
  // Hour-weighted, as climateStats weights a year: months differ in length.
  const meanDryBulb =
    site.climate.months.reduce(
      (sum, month, index) => sum + month.meanDryBulbC * (DAYS_PER_MONTH[index] ?? 0),
      0,
    ) / 365;
  return {
    id: site.id,
    default: site.id === DEFAULT_SITE_ID,
    name: site.name,
    region: site.region,
    country: site.country,
    latitudeDeg: site.location.latitudeDeg,
    longitudeDeg: site.location.longitudeDeg,
    elevationM: site.location.elevationM,
    wmoId: site.location.wmoId,
    annualMeanDryBulbC: Math.round(meanDryBulb * 100) / 100,
    designCoolingDryBulbC: site.designConditions.cooling04DryBulbC,
    tariff: {
      currency: tariff.currency,
      energyPricePerKwh: tariff.energyPricePerKwh,
      timeOfUseBands: tariff.timeOfUse.length,
      demandChargePerKwMonth: tariff.demandChargePerKwMonth,
    },
    gridCarbon: { locationKgCo2ePerKwh: gridCarbon.locationKgCo2ePerKwh, year: gridCarbon.year },
    awsRegion: site.awsRegion?.id ?? null,
    sources: {
      climate: site.climate.source,
      designConditions: site.designConditions.source,
      tariff: tariff.source,
      gridCarbon: gridCarbon.source,
      awsRegion: site.awsRegion?.source ?? null,
    },
  };
}

/** Registers `karst sites`. */
export function registerSites(program: Command, context: CommandContext): void {
  program
    .command('sites')
    .description('the built-in sites: location, climate, tariff, grid carbon, AWS region, and their sources')
    .option('--json', 'print the sites as JSON')
    .addHelpText('after', '\nExamples:\n  karst sites\n  karst sites --json\n')
    .action((flags: { json?: boolean }) => {
      const sites = BUILT_IN_SITE_IDS.map((id) => siteListEntry(getBuiltInSite(id)));
      if (flags.json) {
        writeJson(context, { defaultSite: DEFAULT_SITE_ID, sites });
        return;
      }
      const { io } = context;
      println(
        io.stdout,
        renderTable(
          [
            { header: 'Site', align: 'left' },
            { header: 'Station', align: 'left' },
            'Elev. (m)',
            'Mean DB (°C)',
            '0.4% DB (°C)',
            { header: 'Tariff (per kWh)', align: 'left' },
            'Grid (kg CO2e/kWh)',
            { header: 'AWS region', align: 'left' },
          ],
          sites.map((site) => [
            site.default ? `${site.id} *` : site.id,
            `${site.name}, ${site.country}`,
            fmt.int(site.elevationM),
            fmt.c(site.annualMeanDryBulbC),
            fmt.c(site.designCoolingDryBulbC),
            `${site.tariff.energyPricePerKwh} ${site.tariff.currency}${site.tariff.timeOfUseBands > 0 ? ' + TOU' : ''}`,
            `${site.gridCarbon.locationKgCo2ePerKwh} (${site.gridCarbon.year})`,
            site.awsRegion ?? '-',
          ]),
        ),
      );
      println(io.stdout, '* default site\n\nSources:');
      for (const site of sites) {
        println(io.stdout, `  ${site.id}`);
        println(io.stdout, `    climate:     ${site.sources.climate}`);
        println(io.stdout, `    tariff:      ${site.sources.tariff}`);
        println(io.stdout, `    grid carbon: ${site.sources.gridCarbon}`);
        if (site.sources.awsRegion) println(io.stdout, `    AWS region:  ${site.sources.awsRegion}`);
      }
    });
}
