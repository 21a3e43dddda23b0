import { MONTH_NAMES } from '@karst/climate';
import { COOLING_MODES } from '@karst/cooling';
import type { Budget, PeriodBudget, Plan } from '@karst/energy';
import { type Command, Option } from 'commander';
import { type CommandContext, writeJson } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { chartFormat, writeChartFile } from '../format/chart-file.js';
import { fmt } from '../format/numbers.js';
import { heading, renderPairs, renderTable } from '../format/table.js';
import { println } from '../io.js';
import {
  addPlanOptions,
  budgetFor,
  buildPlan,
  describePlan,
  type LoadedWeather,
  loadPlanContext,
  type PlanFlags,
  planJson,
  readWeatherFile,
  resolvePath,
  siteFromFlags,
  weatherSiteNote,
  weatherWarningLines,
} from '../plan-options.js';

interface BudgetFlags extends PlanFlags {
  json?: boolean;
  csv?: boolean;
  chart?: string;
  chartType: 'pue' | 'mode-hours';
  failOverBudget?: boolean;
}

/** Registers `karst budget`. */
export function registerBudget(program: Command, context: CommandContext): void {
  const command = program
    .command('budget')
    .description(
      'the energy and cooling budget of one plan at one site: energy, PUE, cost, carbon, water, headroom',
    );
  addPlanOptions(command);
  command
    .addOption(new Option('--json', 'print the budget as JSON').conflicts('csv'))
    .option('--csv', 'print the monthly rows as CSV')
    .option('--chart <file>', 'write a chart of the budget: FILE.svg (SVG) or FILE.png (PNG image)')
    .addOption(
      new Option('--chart-type <type>', 'which chart --chart writes')
        .choices(['pue', 'mode-hours'])
        .default('pue'),
    )
    .option('--fail-over-budget', 'exit 1 when the peak facility power exceeds the grid cap')
    .addHelpText(
      'after',
      '\nExamples:\n  karst budget\n  karst budget --site beijing --racks 800 --cooling chilled-water-wse --json\n' +
        '  karst budget --plan plan.yaml --power-cap-kw 5000 --fail-over-budget\n',
    )
    .action(async (flags: BudgetFlags, self: Command) => {
      // --chart-type only says which chart --chart writes: alone it would be ignored without a word.
      if (self.getOptionValueSource('chartType') === 'cli' && !flags.chart)
        throw new UsageError(`--chart-type ${flags.chartType}: needs --chart FILE.svg or FILE.png`);
      await budgetCommand(context, flags);
    });
}

/** The JSON `karst budget --json` prints: the plan, then the Budget of @karst/energy as it is. */
/** The budget's plan warnings (equipment past its rating), one line each. */
function planWarningLines(budget: Budget): string[] {
  return budget.planWarnings.map((warning) => `plan warning: ${warning.message}`);
}

export function budgetJson(plan: Plan, budget: Budget, inputs: Record<string, string | null>) {
  const { hourly: _hourly, ...rest } = budget;
  return { plan: planJson(plan), inputs, ...rest };
}

async function budgetCommand(context: CommandContext, flags: BudgetFlags): Promise<void> {
  const { io } = context;
  if (flags.chart) chartFormat(flags.chart);
  const planContext = await loadPlanContext(io, flags);
  const site = siteFromFlags(io, flags);
  const weather: LoadedWeather | null = flags.weather
    ? { path: flags.weather, epw: await readWeatherFile(io, flags.weather, '--weather', flags) }
    : null;
  const built = buildPlan(planContext, site);
  const budget = budgetFor(built, weather);
  if (weather) {
    const note = weatherSiteNote(weather, built.site);
    if (note) println(io.stderr, note);
  }

  if (flags.chart) {
    const where = weather ? `weather file ${weather.path}` : 'synthesized typical year';
    // Charts and CSV load only when asked for: a plain `karst budget` starts without them.
    const { monthlyModeHoursChart, monthlyPueChart } = await import('@karst/charts');
    const subtitle = `${budget.site.name} (${budget.site.id}), ${where}. ${describePlan(built.plan)}`;
    const svg =
      flags.chartType === 'mode-hours'
        ? monthlyModeHoursChart(
            budget.months.map((month) => ({ month: month.month, hours: month.modeHours })),
            { heading: { title: `Cooling mode hours by month at ${budget.site.name}`, subtitle } },
          )
        : monthlyPueChart(budget.months, {
            annualPue: budget.annual.pue,
            heading: { title: `PUE by month at ${budget.site.name}`, subtitle },
          });
    await writeChartFile(resolvePath(io, flags.chart), svg, flags.chart);
  }

  if (flags.json) {
    writeJson(
      context,
      budgetJson(built.plan, budget, {
        planFile: flags.plan ?? null,
        siteFile: flags.siteFile ?? null,
        weatherFile: flags.weather ?? null,
      }),
    );
  } else if (flags.csv) {
    io.stdout.write(await monthlyCsv(budget));
    for (const line of [...weatherWarningLines(budget.weatherWarnings), ...planWarningLines(budget)])
      println(io.stderr, line);
  } else {
    println(io.stdout, renderBudget(built.plan, budget, weather?.path ?? null));
    if (flags.chart) println(io.stdout, `\nChart written to ${flags.chart}`);
  }

  if (flags.failOverBudget && !budget.headroom.withinCap) {
    const { headroom } = budget;
    println(
      io.stderr,
      `karst: over budget: peak ${fmt.kw(headroom.peakFacilityPowerKw)} kW exceeds the ${fmt.kw(headroom.capKw)} kW cap ` +
        `by ${fmt.kw(-headroom.marginKw)} kW (${fmt.h(headroom.hoursOverCap)} h over); ${headroom.maxRacks} racks fit`,
    );
    context.exitCode = EXIT.failure;
  }
}

const CSV_PERIOD_KEYS = [
  'hours',
  'itEnergyMwh',
  'coolingEnergyMwh',
  'powerLossEnergyMwh',
  'otherEnergyMwh',
  'facilityEnergyMwh',
  'pue',
  'coolingPartialPue',
  'peakFacilityPowerKw',
  'energyCost',
  'demandCost',
  'cost',
  'carbonLocationBasedTCo2e',
  'carbonMarketBasedTCo2e',
  'waterM3',
  'wueLPerKwh',
  'economizerHours',
  'hoursOutOfEnvelope',
] as const satisfies readonly (keyof PeriodBudget)[];

/** The monthly rows as CSV: the PeriodBudget keys, the currency, and hours per cooling mode. */
export async function monthlyCsv(budget: Budget): Promise<string> {
  const { toCsv } = await import('../format/csv.js');
  const header = ['month', ...CSV_PERIOD_KEYS, 'currency', ...COOLING_MODES.map((mode) => `hours:${mode}`)];
  const rows = budget.months.map((month) => [
    month.month,
    ...CSV_PERIOD_KEYS.map((key) => month[key]),
    budget.site.currency,
    ...COOLING_MODES.map((mode) => month.modeHours[mode]),
  ]);
  return toCsv(header, rows);
}

/** The readable budget: summary, monthly table, mode hours, energy breakdown, peaks and headroom. */
export function renderBudget(plan: Plan, budget: Budget, weatherPath: string | null): string {
  const { annual, site, headroom, designDay, worstHour, carbonFactors } = budget;
  const currency = site.currency;
  const weather = weatherPath
    ? `weather file ${weatherPath}`
    : 'typical year synthesized from the site profile';
  const out: string[] = [
    `Budget: ${site.name} (${site.id}, ${fmt.int(site.elevationM)} m), ${weather}`,
    `Plan:   ${describePlan(plan)}`,
    ...weatherWarningLines(budget.weatherWarnings),
    ...planWarningLines(budget),
    heading('Annual'),
    renderPairs([
      ['PUE', `${fmt.pue(annual.pue)} (cooling partial PUE ${fmt.pue(annual.coolingPartialPue)})`],
      ['Facility energy', `${fmt.mwh(annual.facilityEnergyMwh)} MWh (IT ${fmt.mwh(annual.itEnergyMwh)} MWh)`],
      [
        'Cost',
        `${fmt.cost(annual.cost)} ${currency} (energy ${fmt.cost(annual.energyCost)}, demand ${fmt.cost(annual.demandCost)})`,
      ],
      [
        'Carbon, location-based',
        `${fmt.t(annual.carbonLocationBasedTCo2e)} t CO2e (${fmt.kgPerKwh(carbonFactors.locationKgCo2ePerKwh)} kg/kWh)`,
      ],
      [
        'Carbon, market-based',
        `${fmt.t(annual.carbonMarketBasedTCo2e)} t CO2e (${fmt.kgPerKwh(carbonFactors.marketKgCo2ePerKwh)} kg/kWh)`,
      ],
      ['Water', `${fmt.m3(annual.waterM3)} m3 (WUE ${fmt.wue(annual.wueLPerKwh)} L/kWh)`],
      ['Hours without compressors', `${fmt.h(annual.economizerHours)} of ${fmt.h(annual.hours)} h`],
      ['Hours out of envelope', `${fmt.h(annual.hoursOutOfEnvelope)} h`],
    ]),
    heading('Monthly'),
    renderTable(
      [
        { header: 'Month', align: 'left' },
        'PUE',
        'IT (MWh)',
        'Facility (MWh)',
        'Peak (kW)',
        `Cost (${currency})`,
        'CO2e loc (t)',
        'CO2e mkt (t)',
        'Water (m3)',
        'Econ (h)',
      ],
      [
        ...budget.months.map((month) =>
          periodRow(MONTH_NAMES[month.month - 1] ?? String(month.month), month),
        ),
        periodRow('Year', annual),
      ],
    ),
    heading('Hours per cooling mode'),
    renderTable(
      [{ header: 'Mode', align: 'left' }, 'Hours (h)', 'Share (%)'],
      COOLING_MODES.filter((mode) => budget.modeHours[mode] > 0).map((mode) => [
        mode,
        fmt.h(budget.modeHours[mode]),
        fmt.pct(budget.modeHours[mode] / annual.hours).replace(' %', ''),
      ]),
    ),
    heading('Energy'),
    renderTable(
      [{ header: 'Use', align: 'left' }, 'Energy (MWh)', 'Share (%)'],
      (
        [
          ['IT', annual.itEnergyMwh],
          ['Cooling', annual.coolingEnergyMwh],
          ['Power losses (UPS, distribution, transformer)', annual.powerLossEnergyMwh],
          ['Other (lighting, misc.)', annual.otherEnergyMwh],
          ['Facility', annual.facilityEnergyMwh],
        ] as const
      ).map(([use, mwh]) => [use, fmt.mwh(mwh), fmt.pct(mwh / annual.facilityEnergyMwh).replace(' %', '')]),
    ),
    heading('Peaks and headroom'),
    renderPairs([
      [
        'Worst hour',
        `${MONTH_NAMES[worstHour.month - 1]} ${worstHour.day}, hour ${worstHour.hourOfDay}: ` +
          `${fmt.kw(worstHour.facilityPowerKw)} kW at ${fmt.c(worstHour.dryBulbC)} °C dry bulb, ` +
          `${fmt.c(worstHour.wetBulbC)} °C wet bulb (${worstHour.mode})`,
      ],
      [
        'Design day',
        `${fmt.kw(designDay.facilityPowerKw)} kW (IT ${fmt.kw(designDay.itPowerKw)} kW, cooling ` +
          `${fmt.kw(designDay.coolingPowerKw)} kW, ${designDay.mode}) at ${designDay.basis}`,
      ],
      ['Grid cap', `${fmt.kw(headroom.capKw)} kW`],
      ['Peak facility power', `${fmt.kw(headroom.peakFacilityPowerKw)} kW`],
      [
        'Headroom',
        `${fmt.kw(headroom.marginKw)} kW: ${headroom.withinCap ? 'within cap' : 'OVER CAP'}` +
          (headroom.hoursOverCap > 0 ? `, ${fmt.h(headroom.hoursOverCap)} h over the cap` : ''),
      ],
      [
        'Racks that fit',
        `${fmt.int(headroom.maxRacks)} (${fmt.int(headroom.plannedRacks)} planned; ` +
          `${fmt.kw(headroom.maxItPowerKw)} kW of IT at peak draw)`,
      ],
    ]),
  ];
  return out.join('\n');
}

function periodRow(label: string, period: PeriodBudget): string[] {
  return [
    label,
    fmt.pue(period.pue),
    fmt.mwh(period.itEnergyMwh),
    fmt.mwh(period.facilityEnergyMwh),
    fmt.kw(period.peakFacilityPowerKw),
    fmt.cost(period.cost),
    fmt.t(period.carbonLocationBasedTCo2e),
    fmt.t(period.carbonMarketBasedTCo2e),
    fmt.m3(period.waterM3),
    fmt.h(period.economizerHours),
  ];
}
