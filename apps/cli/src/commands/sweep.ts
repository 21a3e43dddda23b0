import { sweepChart } from '@karst/charts';
import { didYouMean } from '@karst/climate';
import { COOLING_DESIGN_TYPES, type CoolingDesignType } from '@karst/cooling';
import type { PlanWarning } from '@karst/energy';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { type CommandContext, writeJson } from '../context.js';
import { UsageError } from '../errors.js';
import { chartFormat, writeChartFile } from '../format/chart-file.js';
import { toCsv } from '../format/csv.js';
import { fmt } from '../format/numbers.js';
import { progressBar } from '../format/progress.js';
import { renderTable } from '../format/table.js';
import { println } from '../io.js';
import {
  addPlanOptions,
  budgetFor,
  buildPlan,
  type LoadedWeather,
  loadPlanContext,
  type PlanFlags,
  parseList,
  planJson,
  readWeatherFile,
  resolvePath,
  siteFromFlags,
  weatherSiteNote,
  weatherWarningLines,
} from '../plan-options.js';

/** The most plans one sweep computes: at a few ms each, a bigger grid is a typo, not a plan. */
export const MAX_SWEEP_PLANS = 20_000;

interface SweepFlags extends Omit<PlanFlags, 'racks' | 'cooling'> {
  racks: number[];
  cooling?: CoolingDesignType[];
  json?: boolean;
  csv?: boolean;
  chart?: string;
  chartType: 'peak-power' | 'pue';
}

/** One plan of the grid, as `karst sweep --json` prints it. */
export interface SweepRow {
  racks: number;
  cooling: CoolingDesignType;
  plannedPeakItPowerKw: number;
  pue: number;
  itEnergyMwh: number;
  facilityEnergyMwh: number;
  cost: number;
  currency: string;
  carbonLocationBasedTCo2e: number;
  carbonMarketBasedTCo2e: number;
  waterM3: number;
  peakFacilityPowerKw: number;
  capKw: number;
  marginKw: number;
  withinCap: boolean;
  hoursOverCap: number;
  maxRacks: number;
  /** The kinds of the budget's plan warnings (e.g. transformer-overloaded: PUE not physical); empty when none. */
  planWarnings: PlanWarning['kind'][];
}

/**
 * Parses `--racks`: `START..END:STEP` (END included when the steps land on it), `START..END` (step 1),
 * a comma list `100,250,500`, or one number.
 */
export function parseRacksRange(value: string): number[] {
  const whole = (text: string, what: string) => {
    const number = Number(text);
    if (text.trim() === '' || !Number.isInteger(number) || number <= 0)
      throw new InvalidArgumentError(`${what} must be a positive whole number (e.g. 100..2000:100).`);
    return number;
  };
  const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*(?::\s*(\d+)\s*)?$/.exec(value);
  let racks: number[];
  if (range) {
    const start = whole(range[1]!, 'the start');
    const end = whole(range[2]!, 'the end');
    const step = range[3] !== undefined ? whole(range[3], 'the step') : 1;
    if (end < start) throw new InvalidArgumentError('the end must not be below the start.');
    if ((end - start) / step + 1 > MAX_SWEEP_PLANS)
      throw new InvalidArgumentError(`more than ${MAX_SWEEP_PLANS} values; use a larger step.`);
    racks = [];
    for (let n = start; n <= end; n += step) racks.push(n);
  } else if (/^[\d\s,]+$/.test(value)) {
    racks = parseList(value).map((item) => whole(item, 'each value'));
  } else {
    throw new InvalidArgumentError(
      'expected START..END:STEP (e.g. 100..2000:100), a list (100,200) or a number.',
    );
  }
  if (racks.length === 0) throw new InvalidArgumentError('no values.');
  return [...new Set(racks)].sort((a, b) => a - b);
}

function isDesignType(type: string): type is CoolingDesignType {
  return (COOLING_DESIGN_TYPES as readonly string[]).includes(type);
}

function parseCoolingList(value: string): CoolingDesignType[] {
  const types = parseList(value);
  const unknown = types.filter((type) => !isDesignType(type));
  if (unknown.length > 0 || types.length === 0) {
    const named = unknown.map((type) => {
      const near = didYouMean(type, COOLING_DESIGN_TYPES);
      return `"${type}"${near ? ` (did you mean ${near}?)` : ''}`;
    });
    throw new InvalidArgumentError(
      `unknown cooling design ${named.join(', ') || '""'}; cooling designs are ${COOLING_DESIGN_TYPES.join(', ')}.`,
    );
  }
  return [...new Set(types.filter(isDesignType))];
}

/** Registers `karst sweep`. */
export function registerSweep(program: Command, context: CommandContext): void {
  const command = program
    .command('sweep')
    .description(
      'a grid of plans, racks x cooling designs, and the largest plan within the power cap per design',
    )
    .option(
      '--racks <range>',
      'racks: START..END:STEP, a list 100,200 or one number',
      parseRacksRange,
      parseRacksRange('100..2000:100'),
    )
    .option(
      '--cooling <types>',
      `comma-separated designs (default all: ${COOLING_DESIGN_TYPES.join(',')})`,
      parseCoolingList,
    );
  addPlanOptions(command, { racks: false, cooling: false });
  command
    .addOption(new Option('--json', 'print the grid as JSON').conflicts('csv'))
    .option('--csv', 'print one CSV row per plan')
    .option(
      '--chart <file>',
      'write a line per cooling design over the swept racks: FILE.svg (SVG) or FILE.png (PNG image)',
    )
    .addOption(
      new Option(
        '--chart-type <type>',
        'what the chart shows over racks: peak facility power and the cap, or PUE',
      )
        .choices(['peak-power', 'pue'])
        .default('peak-power'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  karst sweep --racks 100..2000:100\n' +
        '  karst sweep --racks 400..1200:50 --cooling indirect-evaporative,chilled-water-wse --site beijing --csv\n',
    )
    .action(async (flags: SweepFlags, self: Command) => {
      // --chart-type only says which chart --chart writes: alone it would be ignored without a word.
      if (self.getOptionValueSource('chartType') === 'cli' && !flags.chart)
        throw new UsageError(`--chart-type ${flags.chartType}: needs --chart FILE.svg or FILE.png`);
      await sweepCommand(context, flags);
    });
}

async function sweepCommand(context: CommandContext, flags: SweepFlags): Promise<void> {
  const { io } = context;
  if (flags.chart) chartFormat(flags.chart);
  const designs = flags.cooling ?? [...COOLING_DESIGN_TYPES];
  if (flags.racks.length * designs.length > MAX_SWEEP_PLANS)
    throw new UsageError(`--racks x --cooling: more than ${MAX_SWEEP_PLANS} plans; use a larger step`);
  const { racks: _racks, cooling: _cooling, chart: _chart, chartType: _chartType, ...planFlags } = flags;
  const planContext = await loadPlanContext(io, planFlags);
  const site = siteFromFlags(io, planFlags);
  const weather: LoadedWeather | null = flags.weather
    ? { path: flags.weather, epw: await readWeatherFile(io, flags.weather, '--weather', flags) }
    : null;
  // One weather file for every plan: its warnings once, on stderr (the table and CSV stay clean).
  for (const line of weatherWarningLines(weather?.epw.warnings ?? [])) println(io.stderr, line);

  const total = flags.racks.length * designs.length;
  const progress = await progressBar(io, total, 'sweep');
  const rows: SweepRow[] = [];
  let first: ReturnType<typeof buildPlan> | null = null;
  // One message per kind of plan warning (the first plan's), with how many plans it concerns.
  const firstWarning = new Map<PlanWarning['kind'], PlanWarning>();
  for (const cooling of designs) {
    for (const racks of flags.racks) {
      const built = buildPlan(planContext, site, { racks, cooling });
      first ??= built;
      const { annual, headroom, site: budgetSite, planWarnings } = budgetFor(built, weather);
      rows.push({
        racks,
        cooling,
        plannedPeakItPowerKw: headroom.plannedPeakItPowerKw,
        pue: annual.pue,
        itEnergyMwh: annual.itEnergyMwh,
        facilityEnergyMwh: annual.facilityEnergyMwh,
        cost: annual.cost,
        currency: budgetSite.currency,
        carbonLocationBasedTCo2e: annual.carbonLocationBasedTCo2e,
        carbonMarketBasedTCo2e: annual.carbonMarketBasedTCo2e,
        waterM3: annual.waterM3,
        peakFacilityPowerKw: headroom.peakFacilityPowerKw,
        capKw: headroom.capKw,
        marginKw: headroom.marginKw,
        withinCap: headroom.withinCap,
        hoursOverCap: headroom.hoursOverCap,
        maxRacks: headroom.maxRacks,
        planWarnings: planWarnings.map((warning) => warning.kind),
      });
      for (const warning of planWarnings)
        firstWarning.set(warning.kind, firstWarning.get(warning.kind) ?? warning);
      progress.tick(rows.length);
    }
  }
  progress.done();
  const base = first!;
  if (weather) {
    const note = weatherSiteNote(weather, base.site);
    if (note) println(io.stderr, note);
  }
  const largest = largestWithinCap(rows, designs);

  if (flags.chart) {
    const pue = flags.chartType === 'pue';
    const { itPlan } = base.plan;
    const capKw = rows[0]!.capKw;
    const svg = sweepChart(
      designs.map((design) => ({
        id: design,
        label: design,
        points: rows
          .filter((row) => row.cooling === design)
          .map((row) => ({ x: row.racks, y: pue ? row.pue : row.peakFacilityPowerKw })),
      })),
      {
        xTitle: `Racks (${itPlan.kwPerRack} kW design each)`,
        yTitle: pue ? 'Annual PUE (facility / IT energy)' : 'Peak facility power (kW)',
        yDecimals: pue ? 3 : 0,
        ...(pue ? {} : { reference: { value: capKw, label: `grid cap ${fmt.kw(capKw)} kW` } }),
        heading: {
          title: `${pue ? 'Annual PUE' : 'Peak facility power'} over racks at ${base.site.name}`,
          subtitle:
            `${fmt.int(flags.racks.length)} rack counts from ${fmt.int(flags.racks[0]!)} to ` +
            `${fmt.int(flags.racks.at(-1)!)}, ${itPlan.kwPerRack} kW per rack at ` +
            `${Math.round(itPlan.utilization * 1000) / 10} % utilization, supply air ` +
            `${base.plan.cooling.supplyAirSetpointC} °C, grid cap ${fmt.kw(capKw)} kW` +
            (weather ? `, weather file ${weather.path}` : ', synthesized typical year'),
        },
      },
    );
    await writeChartFile(resolvePath(io, flags.chart), svg, flags.chart);
  }

  const { itPlan: _itPlan, cooling: _planCooling, ...fixed } = planJson(base.plan);
  if (flags.json) {
    writeJson(context, {
      // Racks and cooling vary across the grid; the rest of the plan is the same for every row.
      plan: {
        ...fixed,
        itPlan: { kwPerRack: base.plan.itPlan.kwPerRack, utilization: base.plan.itPlan.utilization },
      },
      site: { id: base.site.id, name: base.site.name },
      racks: flags.racks,
      cooling: designs,
      rows,
      largestWithinCap: largest,
      // Each kind of plan warning once, with the first plan's message (rows carry their kinds).
      planWarnings: [...firstWarning.values()],
    });
    // And on stderr, as with --csv: a JSON reader that keeps only stdout still sees them when run by hand.
    for (const line of sweepWarningLines(rows, firstWarning)) println(io.stderr, line);
    return;
  }
  if (flags.csv) {
    const keys = Object.keys(rows[0]!) as (keyof SweepRow)[];
    io.stdout.write(
      toCsv(
        keys,
        // A list in one cell: its items joined with ';' (plan warnings).
        rows.map((row) => keys.map((key) => (Array.isArray(row[key]) ? row[key].join(';') : row[key]))),
      ),
    );
  } else {
    const { itPlan, gridConnection } = base.plan;
    println(
      io.stdout,
      `Sweep: ${base.site.name}, ${itPlan.kwPerRack} kW racks at ${Math.round(itPlan.utilization * 1000) / 10} % ` +
        `utilization, grid cap ${fmt.kw(gridConnection.capKw)} kW; ${rows.length} ${rows.length === 1 ? 'plan' : 'plans'}\n`,
    );
    const currency = rows[0]!.currency;
    println(
      io.stdout,
      renderTable(
        [
          { header: 'Cooling', align: 'left' },
          'Racks',
          'IT peak (kW)',
          'PUE',
          'Facility (MWh)',
          `Cost (${currency})`,
          'Peak (kW)',
          'Headroom (kW)',
          'Over cap (h)',
          { header: 'Fits', align: 'left' },
        ],
        rows.map((row) => [
          row.cooling,
          fmt.int(row.racks),
          fmt.kw(row.plannedPeakItPowerKw),
          // ! : a plan warning says this plan's figures are not physical (listed under the table).
          `${fmt.pue(row.pue)}${row.planWarnings.length > 0 ? '!' : ''}`,
          fmt.mwh(row.facilityEnergyMwh),
          fmt.cost(row.cost),
          fmt.kw(row.peakFacilityPowerKw),
          fmt.kw(row.marginKw),
          fmt.h(row.hoursOverCap),
          row.withinCap ? 'yes' : 'no',
        ]),
      ),
    );
    println(io.stdout);
  }
  // The answer a sweep is run for; on stderr with --csv so the CSV stays machine-readable.
  const summary = largestSummary(largest, rows[0]!.capKw);
  println(flags.csv ? io.stderr : io.stdout, summary);
  for (const line of sweepWarningLines(rows, firstWarning)) println(flags.csv ? io.stderr : io.stdout, line);
  if (flags.chart && !flags.csv) println(io.stdout, `Chart written to ${flags.chart}`);
}

/**
 * One line per kind of plan warning the grid raised: how many plans (marked ! in the table), and the
 * message of the first of them.
 */
function sweepWarningLines(
  rows: readonly SweepRow[],
  firstWarning: ReadonlyMap<PlanWarning['kind'], PlanWarning>,
): string[] {
  return [...firstWarning.values()].map((warning) => {
    const count = rows.filter((row) => row.planWarnings.includes(warning.kind)).length;
    const first = rows.find((row) => row.planWarnings.includes(warning.kind))!;
    return (
      `plan warning (${count} of ${rows.length} plans, PUE marked !): first at ${fmt.int(first.racks)} racks, ` +
      `${first.cooling}: ${warning.message}`
    );
  });
}

/** Per design, the largest rack count in the grid whose plan stays within the cap (null if none does). */
export function largestWithinCap(
  rows: readonly SweepRow[],
  designs: readonly string[],
): Record<string, SweepRow | null> {
  const result: Record<string, SweepRow | null> = {};
  for (const design of designs) {
    const fits = rows.filter((row) => row.cooling === design && row.withinCap);
    result[design] = fits.reduce<SweepRow | null>(
      (max, row) => (max && max.racks >= row.racks ? max : row),
      null,
    );
  }
  return result;
}

function largestSummary(largest: Record<string, SweepRow | null>, capKw: number): string {
  const width = Math.max(...Object.keys(largest).map((design) => design.length));
  const lines = Object.entries(largest).map(([design, row]) =>
    row
      ? `  ${design.padEnd(width)}  ${fmt.int(row.racks)} racks (PUE ${fmt.pue(row.pue)}, peak ` +
        `${fmt.kw(row.peakFacilityPowerKw)} kW; the headroom fits up to ${fmt.int(row.maxRacks)})`
      : `  ${design.padEnd(width)}  none of the grid fits`,
  );
  return [`Largest plan within the ${fmt.kw(capKw)} kW cap, per design:`, ...lines].join('\n');
}
