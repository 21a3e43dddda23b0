import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import {
  BUILT_IN_SITE_IDS,
  DEFAULT_SITE_ID,
  didYouMean,
  type EpwParseOptions,
  type EpwWarning,
  type EpwWeather,
  getBuiltInSite,
  issuesOf,
  type SiteProfile,
  siteProfileSchema,
  ValidationError,
} from '@karst/climate';
import { COOLING_DESIGN_TYPES, ENVELOPES } from '@karst/cooling';
import {
  type Budget,
  computeBudget,
  DEFAULT_PLAN,
  PLAN_PRESET_IDS,
  type Plan,
  type PlanInput,
  planSchema,
} from '@karst/energy';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { describeInputError, issuesText, oneLine, UsageError } from './errors.js';
import { grouped } from './format/numbers.js';
import { type Io, println } from './io.js';
import { builtInTypicalYear } from './typical-year.js';

// ---------------------------------------------------------------------------------------------------------
// Argument parsers: commander turns their InvalidArgumentError into a one-line usage error (exit 2). They
// check only the form of a value; ranges are left to the packages' schemas, whose messages are the
// reference, and whose paths are mapped back to the flag below.

/**
 * A finite number. `hint` (what the flag wants, e.g. "kW, e.g. 6000") ends the message for text that is
 * not a number.
 */
export function numberParser(hint?: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number))
      throw new InvalidArgumentError(hint ? `not a number: give ${hint}.` : 'not a number.');
    return number;
  };
}

/** A finite number. */
export const parseNumber = numberParser();

/** A whole number; `hint` as for numberParser. */
export function integerParser(hint?: string): (value: string) => number {
  const parseAny = numberParser(hint);
  return (value) => {
    const number = parseAny(value);
    if (!Number.isInteger(number))
      throw new InvalidArgumentError(hint ? `not a whole number: give ${hint}.` : 'not a whole number.');
    return number;
  };
}

/** A whole number. */
export const parseInteger = integerParser();

/**
 * The text each share flag was given in this run, as typed ("150%"), so a range error echoes it rather
 * than the share it was read as (1.5). Written by the share flags' parsers; read only for a flag that has
 * a value in this run, which its parser has just written.
 */
const shareText = new Map<string, string>();

/**
 * A share: a number (0.6) or a percentage with `%` (60%, 60 %). The range (0..1) is the schema's, whose
 * message then says the unit; this checks the form only. `flag` names the flag whose text is kept for its
 * error message.
 */
export function shareParser(flag: string): (value: string) => number {
  return (value) => {
    const percent = /^\s*([^%]*?)\s*%\s*$/.exec(value);
    const number = Number(percent ? percent[1] : value);
    if (value.trim() === '' || (percent && percent[1] === '') || !Number.isFinite(number))
      throw new InvalidArgumentError('not a share: give 0..1 (0.6) or a percentage (60%).');
    shareText.set(flag, value);
    return percent ? number / 100 : number;
  };
}

/**
 * One of `ids`: commander's `.choices()` lists them in the help, this parser answers a misspelling with the
 * id it most likely meant (as a misspelled plan key is), then the list.
 */
export function choiceParser(ids: readonly string[], what: string): (value: string) => string {
  return (value) => {
    if (ids.includes(value)) return value;
    const suggestion = didYouMean(value, ids);
    throw new InvalidArgumentError(
      `unknown ${what}${suggestion ? ` (did you mean ${suggestion}?)` : ''}; ${what}s are ${ids.join(', ')}.`,
    );
  };
}

/** A comma-separated list of ids, lowercased, without empties. */
export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

// ---------------------------------------------------------------------------------------------------------

/** The shared plan flags as commander hands them over (camel-cased option names). */
export interface PlanFlags {
  site?: string;
  siteFile?: string;
  weather?: string;
  maxGapHours?: number;
  standardPressure?: boolean;
  plan?: string;
  preset?: string;
  racks?: number;
  kwPerRack?: number;
  utilization?: number;
  cooling?: string;
  supplyAirC?: number;
  envelope?: string;
  powerCapKw?: number;
  tariff?: number;
  hydroShare?: number;
  certificateShare?: number;
}

/** Which of the shared flags a command takes. */
export interface PlanOptionSet {
  /** --site and --site-file (compare names its sites itself). */
  site?: boolean;
  /** --weather (one EPW belongs to one site). */
  weather?: boolean;
  /** --racks as a single number (sweep defines its own range form). */
  racks?: boolean;
  /** --cooling as one design (sweep takes a list). */
  cooling?: boolean;
}

/** How an EPW file is read: the flags of every command that reads one. */
export interface WeatherReadFlags {
  maxGapHours?: number;
  standardPressure?: boolean;
}

/** Adds --max-gap-hours and --standard-pressure (how an EPW file is read) to `command`. */
export function addWeatherReadOptions(command: Command): Command {
  command.option(
    '--max-gap-hours <h>',
    'longest run of missing hours filled by interpolation in dry bulb, dew point and pressure (default 6)',
    parseInteger,
  );
  command.option(
    '--standard-pressure',
    "use the standard pressure at the file's elevation instead of its station-pressure column",
  );
  return command;
}

/** The lines that show a weather file's warnings, the same in every command: `weather warning: ...`. */
export function weatherWarningLines(warnings: readonly EpwWarning[]): string[] {
  return warnings.map((warning) => `weather warning: ${warning.message}`);
}

/** Adds the shared plan flags to `command`. */
export function addPlanOptions(command: Command, set: PlanOptionSet = {}): Command {
  const { site = true, weather = true, racks = true, cooling = true } = set;
  if (site) {
    command.option(
      '--site <id>',
      `built-in site (${BUILT_IN_SITE_IDS.join(', ')}; default ${DEFAULT_SITE_ID})`,
    );
    command.option('--site-file <file>', 'a site profile JSON, e.g. from `karst weather import`');
  }
  if (weather) {
    command.option('--weather <file>', "an EPW file for the hourly model instead of the site's typical year");
    addWeatherReadOptions(command);
  }
  command.option('--plan <file>', 'a plan file (JSON or YAML, see @karst/energy); flags override it');
  command.addOption(
    new Option('--preset <id>', 'start the plan from a preset of @karst/energy (planPresets)')
      .choices(PLAN_PRESET_IDS)
      .argParser(choiceParser(PLAN_PRESET_IDS, 'preset')),
  );
  if (racks)
    command.option(
      '--racks <n>',
      `racks in the hall (default ${DEFAULT_PLAN.itPlan.racks})`,
      integerParser(`a whole number of racks, e.g. ${DEFAULT_PLAN.itPlan.racks}`),
    );
  command.option(
    '--kw-per-rack <kw>',
    `design power per rack, kW (default ${DEFAULT_PLAN.itPlan.kwPerRack})`,
    numberParser(`kW per rack, e.g. ${DEFAULT_PLAN.itPlan.kwPerRack}`),
  );
  command.option(
    '--utilization <share>',
    'average share of design power drawn: 0..1 or a percentage, e.g. 0.6 or 60% (default 0.6)',
    shareParser('--utilization'),
  );
  if (cooling)
    command.addOption(
      new Option('--cooling <type>', `cooling design (default ${DEFAULT_PLAN.cooling.type})`)
        .choices(COOLING_DESIGN_TYPES)
        .argParser(choiceParser(COOLING_DESIGN_TYPES, 'cooling design')),
    );
  command.option(
    '--supply-air-c <c>',
    'supply air setpoint, °C (default 24)',
    numberParser('the supply air temperature in °C, e.g. 24'),
  );
  command.addOption(
    new Option('--envelope <id>', 'ASHRAE envelope the supply air holds (default recommended)')
      .choices(Object.keys(ENVELOPES))
      .argParser(choiceParser(Object.keys(ENVELOPES), 'envelope')),
  );
  command.option(
    '--power-cap-kw <kw>',
    `grid connection cap at the meter, kW (default ${DEFAULT_PLAN.gridConnection.capKw})`,
    numberParser(`kW, e.g. ${DEFAULT_PLAN.gridConnection.capKw}`),
  );
  command.option(
    '--tariff <price>',
    "flat energy price per kWh in the site's currency (overrides its tariff)",
    numberParser("a price per kWh in the site's currency, e.g. 0.35"),
  );
  command.option(
    '--hydro-share <share>',
    'share of energy under a hydro supply contract: 0..1 or a percentage',
    shareParser('--hydro-share'),
  );
  command.option(
    '--certificate-share <share>',
    'share covered by green certificates: 0..1 or a percentage',
    shareParser('--certificate-share'),
  );
  return command;
}

// ---------------------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The path of a file as given, resolved against the command's working directory. */
export function resolvePath(io: Io, path: string): string {
  return resolve(io.cwd ?? process.cwd(), path);
}

function readText(io: Io, path: string, flag: string): string {
  try {
    return readFileSync(resolvePath(io, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : oneLine((error as Error).message);
    throw new UsageError(`${flag} ${path}: cannot read: ${reason}`);
  }
}

/** Line and column of a character offset, for JSON errors that give only a position. */
function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** Parses JSON, or throws a UsageError naming the flag, file and line. */
export function parseJsonFile(text: string, flag: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const where = position !== undefined ? ` at ${lineAndColumn(text, Number(position))}` : '';
    const reason = message.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, '');
    throw new UsageError(`${flag} ${path}: not valid JSON${where}: ${oneLine(reason)}`);
  }
}

/** Reads a plan file: JSON for `.json`, YAML (a superset of JSON) otherwise (the YAML parser loads then). */
export async function readPlanFile(io: Io, path: string): Promise<Json> {
  const text = readText(io, path, '--plan');
  let data: unknown;
  if (extname(path).toLowerCase() === '.json') data = parseJsonFile(text, '--plan', path);
  else {
    // yaml's Node entry is CommonJS: its exports are the default export everywhere (Node, tsx, vitest and
    // the esbuild bundle); the bundle has no named exports on the namespace.
    const { parse: parseYaml, YAMLParseError } = (await import('yaml')).default;
    try {
      data = parseYaml(text);
    } catch (error) {
      if (error instanceof YAMLParseError) {
        const at = error.linePos?.[0];
        const where = at ? ` at line ${at.line}, column ${at.col}` : '';
        const reason = oneLine(error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
        throw new UsageError(`--plan ${path}: not valid YAML${where}: ${reason}`);
      }
      throw error;
    }
  }
  if (!isObject(data))
    throw new UsageError(`--plan ${path}: expected an object with plan fields (site, itPlan, ...)`);
  return data;
}

/** Reads and validates a site profile file (`karst weather import` writes them). */
export function readSiteFile(io: Io, path: string, flag = '--site-file'): SiteProfile {
  const data = parseJsonFile(readText(io, path, flag), flag, path);
  const result = siteProfileSchema.safeParse(data);
  if (!result.success)
    throw new UsageError(`${flag} ${path}: invalid site profile: ${issuesText(issuesOf(result.error))}`);
  return result.data;
}

/** A built-in site by id, or a UsageError naming the flag and the ids there are. */
export function builtInSite(id: string, flag = '--site'): SiteProfile {
  if (!BUILT_IN_SITE_IDS.includes(id)) {
    const near = didYouMean(id, BUILT_IN_SITE_IDS);
    throw new UsageError(
      `${flag} ${id}: unknown site${near ? ` (did you mean ${near}?)` : ''}; built-in sites are ${BUILT_IN_SITE_IDS.join(', ')}`,
    );
  }
  return getBuiltInSite(id);
}

/**
 * Reads an EPW file for --weather (or a positional argument) as --max-gap-hours and --standard-pressure
 * say, turning its errors into one-line usage errors.
 */
export async function readWeatherFile(
  io: Io,
  path: string,
  flag = '--weather',
  read: WeatherReadFlags = {},
): Promise<EpwWeather> {
  const options: EpwParseOptions = {
    ...(read.maxGapHours !== undefined ? { maxGapHours: read.maxGapHours } : {}),
    ...(read.standardPressure ? { pressure: 'standard' } : {}),
  };
  try {
    // Loaded for --weather only: reading a file asynchronously brings in node:fs/promises.
    const { readEpw } = await import('@karst/climate/node');
    return await readEpw(resolvePath(io, path), options);
  } catch (error) {
    const gapIssue =
      error instanceof ValidationError && error.subject === 'parseEpw options'
        ? error.issues.find((issue) => issue.path === 'maxGapHours')
        : undefined;
    if (gapIssue) throw new UsageError(`--max-gap-hours ${read.maxGapHours}: ${gapIssue.message}`);
    const message = describeInputError(error, flag ? `${flag} ${path}` : path);
    if (message !== null) throw new UsageError(message);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------

/** Where each plan field came from, so a validation error can name the flag rather than a schema path. */
const SHARE_UNIT = 'give 0..1 or a percentage, e.g. 0.6 or 60%';
const FLAG_OF_PATH: Record<string, { key: keyof PlanFlags; flag: string; unit?: string }> = {
  'itPlan.racks': { key: 'racks', flag: '--racks', unit: 'racks' },
  'itPlan.kwPerRack': { key: 'kwPerRack', flag: '--kw-per-rack', unit: 'kW per rack' },
  'itPlan.utilization': { key: 'utilization', flag: '--utilization', unit: SHARE_UNIT },
  preset: { key: 'preset', flag: '--preset' },
  'cooling.type': { key: 'cooling', flag: '--cooling' },
  'cooling.supplyAirSetpointC': { key: 'supplyAirC', flag: '--supply-air-c', unit: '°C' },
  'cooling.envelope': { key: 'envelope', flag: '--envelope' },
  'gridConnection.capKw': { key: 'powerCapKw', flag: '--power-cap-kw', unit: 'kW' },
  'tariff.energyPricePerKwh': { key: 'tariff', flag: '--tariff' },
  'carbon.hydroContractShare': { key: 'hydroShare', flag: '--hydro-share', unit: SHARE_UNIT },
  'carbon.greenCertificateShare': { key: 'certificateShare', flag: '--certificate-share', unit: SHARE_UNIT },
};

/**
 * `message`, with the unit of the flag's value when the message does not already name it; a hint on how
 * to write the value (`give ...`) follows after a semicolon.
 */
function withUnit(message: string, unit: string | undefined): string {
  if (unit === undefined || message.includes(unit)) return message;
  return unit.startsWith('give ') ? `${message}; ${unit}` : `${message} (${unit})`;
}

/** The cooling fields every design shares: kept when --cooling switches the plan file's design. */
const HALL_FIELDS = ['supplyAirSetpointC', 'envelope', 'airTemperatureRiseK', 'mechanicalCapacityFraction'];

/** Everything a command needs to build plans: the flags and the plan file, read once. */
export interface PlanContext {
  flags: PlanFlags;
  file: { path: string; data: Json } | null;
}

/** Reads the plan file named by --plan, if any. */
export async function loadPlanContext(io: Io, flags: PlanFlags): Promise<PlanContext> {
  // How an EPW file is read means nothing without one: said, not ignored (a --site-file profile was
  // read from its file when it was imported).
  if (flags.weather === undefined) {
    if (flags.maxGapHours !== undefined)
      throw new UsageError(
        `--max-gap-hours ${flags.maxGapHours}: only with --weather FILE.epw (how that file is read)`,
      );
    if (flags.standardPressure)
      throw new UsageError('--standard-pressure: only with --weather FILE.epw (how that file is read)');
  }
  for (const line of sharePercentNotes(flags)) println(io.stderr, line);
  return { flags, file: flags.plan ? { path: flags.plan, data: await readPlanFile(io, flags.plan) } : null };
}

const SHARE_FLAG_KEYS = {
  '--utilization': 'utilization',
  '--hydro-share': 'hydroShare',
  '--certificate-share': 'certificateShare',
} as const satisfies Record<string, keyof PlanFlags>;

/**
 * A note for each share flag given as a percentage under 1 % (`--utilization 0.6%` is 0.006, a likely slip
 * for 60 % or 0.6): the value is used as given, and the note says how it was read.
 */
function sharePercentNotes(flags: PlanFlags): string[] {
  const notes: string[] = [];
  for (const [flag, key] of Object.entries(SHARE_FLAG_KEYS)) {
    const value = flags[key];
    const text = shareText.get(flag);
    if (typeof value !== 'number' || text === undefined || !text.trim().endsWith('%')) continue;
    if (value > 0 && value < 0.01)
      notes.push(
        `note: ${flag} ${text} is read as ${value} (${text.trim()} of the whole); for ${Math.round(value * 10_000)} % write ${Math.round(value * 10_000)}% or ${value * 100}`,
      );
  }
  return notes;
}

/** The site a plan names: built-in id or profile. Unknown ids become a UsageError naming their origin. */
function siteProfileOf(site: unknown, origin: string): SiteProfile | null {
  if (site === undefined) return getBuiltInSite(DEFAULT_SITE_ID);
  if (typeof site === 'string') return builtInSite(site, origin);
  const parsed = siteProfileSchema.safeParse(site);
  if (!parsed.success) throw new UsageError(`${origin}: site: ${issuesText(issuesOf(parsed.error))}`);
  return parsed.data;
}

/** The site from --site or --site-file (or null when neither is given). */
export function siteFromFlags(io: Io, flags: PlanFlags): SiteProfile | null {
  if (flags.site !== undefined && flags.siteFile !== undefined)
    throw new UsageError('--site and --site-file: give one or the other');
  if (flags.site !== undefined) return builtInSite(flags.site);
  if (flags.siteFile !== undefined) return readSiteFile(io, flags.siteFile);
  return null;
}

/** A plan ready for computeBudget, and the site profile it resolves to. */
export interface BuiltPlan {
  plan: Plan;
  site: SiteProfile;
}

/**
 * The plan file with the flags on top, at `site` (or the file's site, or the default), validated by
 * @karst/energy's planSchema. An invalid field throws a UsageError naming the flag that set it, or the
 * plan file and field path.
 */
export function buildPlan(
  context: PlanContext,
  site: SiteProfile | null,
  overrides: { racks?: number; cooling?: string } = {},
): BuiltPlan {
  const flags: PlanFlags = { ...context.flags };
  if (overrides.racks !== undefined) flags.racks = overrides.racks;
  if (overrides.cooling !== undefined) flags.cooling = overrides.cooling;
  const base: Json = context.file ? structuredClone(context.file.data) : {};
  const fileOrigin = context.file ? `--plan ${context.file.path}` : 'plan';
  const profile = site ?? siteProfileOf(base.site, `${fileOrigin}: site`);
  if (!profile) throw new UsageError(`${fileOrigin}: site: not a site`);
  // A built-in site goes by id: computeBudget caches the synthesized year per profile object, and the
  // schema would copy a profile passed whole, so a sweep would synthesize the year for every plan.
  const builtIn = BUILT_IN_SITE_IDS.includes(profile.id) && getBuiltInSite(profile.id) === profile;
  const plan: Json = { ...base, site: builtIn ? profile.id : profile };
  if (flags.preset !== undefined) plan.preset = flags.preset;
  // A preset supplies the racks and the cooling design; without one the schema's defaults are filled here.
  const fromPreset = plan.preset !== undefined;

  if (flags.racks !== undefined || flags.kwPerRack !== undefined || flags.utilization !== undefined) {
    const itPlan = isObject(base.itPlan) ? base.itPlan : {};
    // The schema's defaults apply only when itPlan is absent, so fill them here.
    plan.itPlan = {
      ...(fromPreset ? {} : DEFAULT_PLAN.itPlan),
      ...itPlan,
      ...(flags.racks !== undefined ? { racks: flags.racks } : {}),
      ...(flags.kwPerRack !== undefined ? { kwPerRack: flags.kwPerRack } : {}),
      ...(flags.utilization !== undefined ? { utilization: flags.utilization } : {}),
    };
  }

  if (flags.cooling !== undefined || flags.supplyAirC !== undefined || flags.envelope !== undefined) {
    let cooling: Json = isObject(base.cooling)
      ? { ...base.cooling }
      : fromPreset
        ? {}
        : { ...DEFAULT_PLAN.cooling };
    if (flags.cooling !== undefined && cooling.type !== flags.cooling) {
      // Another design's own parameters mean nothing to this one; keep only the hall's.
      cooling = Object.fromEntries(Object.entries(cooling).filter(([key]) => HALL_FIELDS.includes(key)));
      cooling.type = flags.cooling;
    }
    if (flags.supplyAirC !== undefined) cooling.supplyAirSetpointC = flags.supplyAirC;
    if (flags.envelope !== undefined) cooling.envelope = flags.envelope;
    plan.cooling = cooling;
  }

  if (flags.powerCapKw !== undefined) plan.gridConnection = { capKw: flags.powerCapKw };

  if (flags.tariff !== undefined) {
    const current = isObject(base.tariff) ? base.tariff : profile.power.tariff;
    plan.tariff = {
      source: `karst --tariff ${flags.tariff}: flat price in place of "${String(current.source ?? '')}"`,
      currency: current.currency,
      energyPricePerKwh: flags.tariff,
      timeOfUse: [],
      demandChargePerKwMonth: current.demandChargePerKwMonth ?? 0,
    };
  }

  if (flags.hydroShare !== undefined || flags.certificateShare !== undefined) {
    plan.carbon = {
      ...(isObject(base.carbon) ? base.carbon : {}),
      ...(flags.hydroShare !== undefined ? { hydroContractShare: flags.hydroShare } : {}),
      ...(flags.certificateShare !== undefined ? { greenCertificateShare: flags.certificateShare } : {}),
    };
  }

  const result = planSchema.safeParse(plan);
  if (!result.success) {
    const parts = issuesOf(result.error).map((issue) => {
      const byFlag = FLAG_OF_PATH[issue.path];
      if (byFlag && flags[byFlag.key] !== undefined)
        return `${byFlag.flag} ${shareText.get(byFlag.flag) ?? flags[byFlag.key]}: ${withUnit(issue.message, byFlag.unit)}`;
      // A sum over two flags is reported on one path; name both when either was given.
      if (
        issue.path === 'carbon.greenCertificateShare' &&
        (flags.hydroShare !== undefined || flags.certificateShare !== undefined)
      )
        return `--hydro-share/--certificate-share: ${issue.message}`;
      if (issue.path.startsWith('site.') && site !== null)
        return `${flags.siteFile ? `--site-file ${flags.siteFile}` : 'site'}: ${issue.path.slice(5)}: ${issue.message}`;
      return `${fileOrigin}: ${issue.path}: ${issue.message}`;
    });
    throw new UsageError(parts.join('; '));
  }
  return { plan: result.data, site: profile };
}

/** The weather loaded for --weather, with the path it came from. */
export interface LoadedWeather {
  path: string;
  epw: EpwWeather;
}

/**
 * computeBudget, with the input errors it throws (ValidationError: a bad plan field, or a non-physical hour
 * of a weather file) turned into one-line usage errors naming the origin.
 */
export function budgetFor(built: BuiltPlan, weather: LoadedWeather | null): Budget {
  try {
    if (weather)
      return computeBudget(built.plan, {
        weather: weather.epw.hourly,
        weatherWarnings: weather.epw.warnings,
      });
    return typicalYearBudget(built) ?? computeBudget(built.plan);
  } catch (error) {
    if (error instanceof ValidationError) {
      const origin = weather && error.subject === 'weather' ? `--weather ${weather.path}` : error.subject;
      throw new UsageError(`${origin}: ${issuesText(error.issues)}`);
    }
    throw error;
  }
}

/** A warning (on stderr) when a weather file is not the site's own station: the site still sets the rest. */
export function weatherSiteNote(weather: LoadedWeather, site: SiteProfile): string | null {
  const { location } = weather.epw;
  if (location.wmoId !== '' && site.location.wmoId !== '' && location.wmoId === site.location.wmoId)
    return null;
  return (
    `note: --weather ${weather.path} is ${location.name} (WMO ${location.wmoId || 'unknown'}), not ${site.name}; ` +
    `the site still sets elevation, design conditions, tariff and grid carbon (use --site or --site-file)`
  );
}

/**
 * The budget of a plan at a built-in site from the site's precomputed typical year (see typical-year.ts):
 * the same hours computeBudget would synthesize, given as the series, so the budget is labelled and
 * warned as a synthesized year. Null when there is no precomputed year (running from sources).
 */
function typicalYearBudget(built: BuiltPlan): Budget | null {
  const { plan, site } = built;
  if (typeof plan.site !== 'string') return null;
  const conditions = builtInTypicalYear(plan.site);
  if (!conditions) return null;
  const budget = computeBudget(plan, {
    weather: conditions,
    weatherWarnings: site.climate.weatherWarnings ?? [],
  });
  return { ...budget, site: { ...budget.site, weather: 'synthesized-from-profile' } };
}

/** A short description of a plan for headings: `500 racks x 10 kW at 60 %, indirect-evaporative, cap 6,000 kW`. */
export function describePlan(plan: Plan): string {
  const { itPlan, cooling, gridConnection } = plan;
  const cap = grouped(gridConnection.capKw, 0, 3);
  return (
    `${itPlan.racks} racks x ${itPlan.kwPerRack} kW at ${Math.round(itPlan.utilization * 1000) / 10} % utilization, ` +
    `${cooling.type} (supply ${cooling.supplyAirSetpointC} °C, ${cooling.envelope}), grid cap ${cap} kW`
  );
}

/** The plan as JSON output shows it: the site by id rather than the whole profile. */
export function planJson(plan: Plan): Omit<PlanInput, 'site'> & { site: string } {
  const site = typeof plan.site === 'string' ? plan.site : plan.site.id;
  const { includeHourly: _omit, ...rest } = plan;
  return { ...rest, site };
}
