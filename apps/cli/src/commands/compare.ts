import { siteComparisonChart } from '@karst/charts';
import type { SiteProfile } from '@karst/climate';
import { BUILT_IN_SITE_IDS } from '@karst/climate';
import type { Budget, Plan, PlanWarning } from '@karst/energy';
import { type Command, Option } from 'commander';
import { type CommandContext, writeJson } from '../context.js';
import { UsageError } from '../errors.js';
import { chartFormat, writeChartFile } from '../format/chart-file.js';
import { toCsv } from '../format/csv.js';
import { fmt } from '../format/numbers.js';
import { renderTable } from '../format/table.js';
import { println } from '../io.js';
import {
  addPlanOptions,
  budgetFor,
  buildPlan,
  builtInSite,
  describePlan,
  loadPlanContext,
  type PlanFlags,
  parseList,
  planJson,
  readSiteFile,
  resolvePath,
} from '../plan-options.js';

interface CompareFlags extends Omit<PlanFlags, 'site' | 'siteFile' | 'weather'> {
  sites?: string[];
  siteFile: string[];
  json?: boolean;
  csv?: boolean;
  chart?: string;
}

/** One site's row of the comparison, as `karst compare --json` prints it. */
export interface CompareSite {
  rank: number;
  id: string;
  name: string;
  country: string;
  elevationM: number;
  currency: string;
  pue: number;
  itEnergyMwh: number;
  facilityEnergyMwh: number;
  coolingEnergyMwh: number;
  cost: number;
  carbonLocationBasedTCo2e: number;
  carbonMarketBasedTCo2e: number;
  waterM3: number;
  wueLPerKwh: number;
  economizerHours: number;
  hoursOutOfEnvelope: number;
  peakFacilityPowerKw: number;
  capKw: number;
  marginKw: number;
  withinCap: boolean;
  maxRacks: number;
  /** The budget's plan warnings at this site (e.g. transformer-overloaded: PUE not physical). */
  planWarnings: PlanWarning[];
  /** The weather warnings of a site imported from a file (its profile keeps them); empty for built-ins. */
  weatherWarnings: string[];
}

/** Which site won each row; ties go to the better-ranked site. */
export interface CompareWinners {
  facilityEnergy: string;
  pue: string;
  /** Lowest cost per currency: costs in different currencies are never compared. */
  costByCurrency: Record<string, string>;
  /** The lowest cost overall, or null when the sites' currencies differ. */
  cost: string | null;
  carbonLocationBased: string;
  carbonMarketBased: string;
  water: string;
  maxRacks: string;
}

const DEFAULT_SITES = ['guiyang', 'beijing', 'singapore'];

/** Registers `karst compare`. */
export function registerCompare(program: Command, context: CommandContext): void {
  const command = program
    .command('compare')
    .description('the same plan at several sites, side by side, ranked by facility energy');
  command
    .option(
      '--sites <ids>',
      `comma-separated built-in site ids (default ${DEFAULT_SITES.join(',')}; all: ${BUILT_IN_SITE_IDS.join(',')})`,
      parseList,
    )
    .option(
      '--site-file <file>',
      'add a site profile JSON (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    );
  addPlanOptions(command, { site: false, weather: false });
  command
    .addOption(new Option('--json', 'print the comparison as JSON').conflicts('csv'))
    .option('--csv', 'print one CSV row per site')
    .option('--chart <file>', "write the dashboard's site comparison chart: FILE.svg or FILE.png")
    .addHelpText(
      'after',
      '\nExamples:\n  karst compare --sites guiyang,beijing,shanghai,guangzhou,singapore\n' +
        '  karst compare --sites guiyang --site-file my-site.json --racks 800 --json\n',
    )
    .action(async (flags: CompareFlags) => {
      await compareCommand(context, flags);
    });
}

async function compareCommand(context: CommandContext, flags: CompareFlags): Promise<void> {
  const { io } = context;
  if (flags.chart) chartFormat(flags.chart);
  const { sites: _sites, siteFile: _siteFile, ...planFlags } = flags;
  const planContext = await loadPlanContext(io, planFlags);
  // --site-file adds its profiles to the sites compared: those of --sites, or the default three (less any
  // a file replaces: a profile imported as "guiyang" stands for Guiyang).
  const files = flags.siteFile.map((path) => ({
    origin: `--site-file ${path}`,
    profile: readSiteFile(io, path),
  }));
  const fileIds = new Set(files.map(({ profile }) => profile.id));
  const ids = flags.sites ?? DEFAULT_SITES.filter((id) => !fileIds.has(id));
  const named = [...ids.map((id) => ({ origin: '--sites', profile: builtInSite(id, '--sites') })), ...files];
  const seen = new Set<string>();
  for (const { origin, profile } of named) {
    // Rows, winners and the chart are keyed by id, so two sites with one id would be indistinguishable.
    if (seen.has(profile.id))
      throw new UsageError(
        origin === '--sites'
          ? `--sites: ${profile.id} is named twice`
          : `${origin}: site id "${profile.id}" is already in the comparison (re-import the file with another --id)`,
      );
    seen.add(profile.id);
  }
  const profiles: SiteProfile[] = named.map(({ profile }) => profile);
  if (profiles.length === 0) throw new UsageError('--sites: name at least one site');

  const results = profiles.map((profile) => {
    const built = buildPlan(planContext, profile);
    return { built, budget: budgetFor(built, null) };
  });
  const plan = results[0]!.built.plan;
  const sites = rank(results.map(({ built, budget }) => ({ budget, site: built.site })));
  const winners = winnersOf(sites);

  if (flags.chart) {
    const svg = siteComparisonChart(
      sites.map((site) => ({
        id: site.id,
        name: site.name,
        pue: site.pue,
        facilityEnergyMwh: site.facilityEnergyMwh,
      })),
      {
        currentSiteId: winners.facilityEnergy,
        heading: { title: 'Annual PUE by site, same plan', subtitle: describePlan(plan) },
      },
    );
    await writeChartFile(resolvePath(io, flags.chart), svg, flags.chart);
  }

  if (flags.json) {
    writeJson(context, { plan: { ...planJson(plan), site: null }, sites, winners });
    return;
  }
  if (flags.csv) {
    const keys = Object.keys(sites[0]!) as (keyof CompareSite)[];
    io.stdout.write(
      toCsv(
        keys,
        // The plan warnings as their kinds, joined with ';'; their messages go to stderr.
        sites.map((site) =>
          keys.map((key) =>
            key === 'planWarnings'
              ? site.planWarnings.map((warning) => warning.kind).join(';')
              : key === 'weatherWarnings'
                ? site.weatherWarnings.length
                : site[key],
          ),
        ),
      ),
    );
    for (const line of compareWarningLines(sites)) println(io.stderr, line);
    return;
  }
  println(io.stdout, renderComparison(plan, sites, winners));
  if (flags.chart) println(io.stdout, `\nChart written to ${flags.chart}`);
}

/**
 * One line per kind of plan warning: the site when only one has it, else how many sites (their PUE marked
 * !) and the first one's message.
 */
export function compareWarningLines(sites: readonly CompareSite[]): string[] {
  // An imported site's weather warnings, as `karst budget --site-file` prints them.
  const weather = sites.flatMap((site) =>
    site.weatherWarnings.map((message) => `weather warning at ${site.id}: ${message}`),
  );
  const kinds = [...new Set(sites.flatMap((site) => site.planWarnings.map((warning) => warning.kind)))];
  const planLines = kinds.map((kind) => {
    const warned = sites.filter((site) => site.planWarnings.some((warning) => warning.kind === kind));
    const first = warned[0]!.planWarnings.find((warning) => warning.kind === kind)!;
    const where =
      warned.length === 1
        ? `at ${warned[0]!.id}`
        : `at ${warned.map((site) => site.id).join(', ')} (${warned.length} of ${sites.length} sites), first at ${warned[0]!.id}`;
    return `plan warning ${where} (PUE marked !): ${first.message}`;
  });
  return [...weather, ...planLines];
}

/** A site's name, with its id when another site in the comparison has the same name. */
function shownName(site: CompareSite, sites: readonly CompareSite[]): string {
  return sites.some((other) => other !== site && other.name === site.name)
    ? `${site.name} (${site.id})`
    : site.name;
}

/** The sites' rows, best (lowest facility energy) first. */
export function rank(results: readonly { budget: Budget; site: SiteProfile }[]): CompareSite[] {
  return [...results]
    .sort((a, b) => a.budget.annual.facilityEnergyMwh - b.budget.annual.facilityEnergyMwh)
    .map(({ budget, site: profile }, index) => {
      const { annual, headroom, site } = budget;
      return {
        rank: index + 1,
        id: site.id,
        name: site.name,
        country: profile.country,
        elevationM: site.elevationM,
        currency: site.currency,
        pue: annual.pue,
        itEnergyMwh: annual.itEnergyMwh,
        facilityEnergyMwh: annual.facilityEnergyMwh,
        coolingEnergyMwh: annual.coolingEnergyMwh,
        cost: annual.cost,
        carbonLocationBasedTCo2e: annual.carbonLocationBasedTCo2e,
        carbonMarketBasedTCo2e: annual.carbonMarketBasedTCo2e,
        waterM3: annual.waterM3,
        wueLPerKwh: annual.wueLPerKwh,
        economizerHours: annual.economizerHours,
        hoursOutOfEnvelope: annual.hoursOutOfEnvelope,
        peakFacilityPowerKw: headroom.peakFacilityPowerKw,
        capKw: headroom.capKw,
        marginKw: headroom.marginKw,
        withinCap: headroom.withinCap,
        maxRacks: headroom.maxRacks,
        planWarnings: budget.planWarnings,
        weatherWarnings: budget.weatherWarnings.map((warning) => warning.message),
      };
    });
}

function best(sites: readonly CompareSite[], value: (site: CompareSite) => number, highest = false): string {
  let winner = sites[0]!;
  for (const site of sites) {
    const better = highest ? value(site) > value(winner) : value(site) < value(winner);
    if (better) winner = site;
  }
  return winner.id;
}

/** Which site won each row. */
export function winnersOf(sites: readonly CompareSite[]): CompareWinners {
  const costByCurrency: Record<string, string> = {};
  for (const currency of new Set(sites.map((site) => site.currency)))
    costByCurrency[currency] = best(
      sites.filter((site) => site.currency === currency),
      (site) => site.cost,
    );
  const currencies = Object.keys(costByCurrency);
  return {
    facilityEnergy: best(sites, (site) => site.facilityEnergyMwh),
    pue: best(sites, (site) => site.pue),
    costByCurrency,
    cost: currencies.length === 1 ? (costByCurrency[currencies[0]!] ?? null) : null,
    carbonLocationBased: best(sites, (site) => site.carbonLocationBasedTCo2e),
    carbonMarketBased: best(sites, (site) => site.carbonMarketBasedTCo2e),
    water: best(sites, (site) => site.waterM3),
    maxRacks: best(sites, (site) => site.maxRacks, true),
  };
}

/** The comparison as a table: one column per site, one row per quantity, and who won it. */
export function renderComparison(plan: Plan, sites: readonly CompareSite[], winners: CompareWinners): string {
  const currencies = Object.keys(winners.costByCurrency);
  const costWinner =
    currencies.length === 1
      ? (winners.cost ?? '')
      : currencies
          .map((currency) => {
            const alone = sites.filter((site) => site.currency === currency).length === 1;
            return `${winners.costByCurrency[currency]} (${alone ? `only ${currency}` : currency})`;
          })
          .join(', ');
  const row = (label: string, value: (site: CompareSite) => string, winner: string): string[] => [
    label,
    ...sites.map(value),
    winner,
  ];
  const rows = [
    row('Rank (by facility energy)', (site) => String(site.rank), winners.facilityEnergy),
    row('Facility energy (MWh)', (site) => fmt.mwh(site.facilityEnergyMwh), winners.facilityEnergy),
    // ! : a plan warning at that site says its figures are not physical (listed under the table).
    row('PUE', (site) => `${fmt.pue(site.pue)}${site.planWarnings.length > 0 ? '!' : ''}`, winners.pue),
    row('Cooling energy (MWh)', (site) => fmt.mwh(site.coolingEnergyMwh), ''),
    row('Cost (site currency)', (site) => `${fmt.cost(site.cost)} ${site.currency}`, costWinner),
    row(
      'Carbon, location-based (t CO2e)',
      (site) => fmt.t(site.carbonLocationBasedTCo2e),
      winners.carbonLocationBased,
    ),
    row(
      'Carbon, market-based (t CO2e)',
      (site) => fmt.t(site.carbonMarketBasedTCo2e),
      winners.carbonMarketBased,
    ),
    row('Water (m3)', (site) => fmt.m3(site.waterM3), winners.water),
    row('WUE (L/kWh)', (site) => fmt.wue(site.wueLPerKwh), ''),
    row('Hours without compressors (h)', (site) => fmt.h(site.economizerHours), ''),
    row('Peak facility power (kW)', (site) => fmt.kw(site.peakFacilityPowerKw), ''),
    row('Headroom (kW)', (site) => fmt.kw(site.marginKw), ''),
    row('Racks that fit', (site) => fmt.int(site.maxRacks), winners.maxRacks),
  ];
  const lines = [
    `Compare: ${describePlan(plan)}`,
    '',
    renderTable(
      [{ header: '', align: 'left' }, ...sites.map((site) => site.id), { header: 'Best', align: 'left' }],
      rows,
    ),
    '',
    `Ranked by facility energy: ${sites.map((site) => `${site.rank}. ${shownName(site, sites)}`).join(', ')}.`,
  ];
  if (currencies.length > 1)
    lines.push(
      `Costs are in ${currencies.join(', ')}: compared only within one currency (no exchange rates applied).`,
    );
  const over = sites.filter((site) => !site.withinCap);
  if (over.length > 0) lines.push(`Over the grid cap at: ${over.map((site) => site.id).join(', ')}.`);
  lines.push(...compareWarningLines(sites));
  return lines.join('\n');
}
